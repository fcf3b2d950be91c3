using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;
using Zhaoshang.Web.Data;
using Zhaoshang.Web.Shared;

namespace Zhaoshang.Web.Features.Tickets;

public static class TicketsApi
{
    public static WebApplicationBuilder AddTickets(this WebApplicationBuilder builder)
    {
        builder.Services.AddScoped<KeptUploads>();
        builder.Services.AddOptions<TicketOptions>().Bind(builder.Configuration.GetSection("Tickets"));
        builder.Services.AddScoped<Router>();
        builder.Services.AddScoped<TicketAccess>();
        builder.Services.AddScoped<TicketQueries>();
        builder.Services.AddScoped<TicketSubmission>();
        builder.Services.AddScoped<TicketActions>();
        builder.Services.AddScoped<TicketAttachments>();
        builder.Services.AddScoped<TicketStatistics>();
        builder.Services.AddScoped<EscalationSweep>();
        builder.Services.AddScoped<TicketSettings>();
        builder.Services.AddSingleton<DbLease>();
        builder.Services.AddHostedService<TicketJobs>();
        return builder;
    }

    public static IEndpointRouteBuilder MapTicketsApi(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/api/tickets").WithTags("Tickets");
        group.MapGet("/", async ([AsParameters] ListQuery q, TicketQueries tickets, CancellationToken ct) =>
            TypedResults.Ok(await tickets.SearchAsync(q.ToFilter(), q.Page ?? 1, q.PageSize ?? 50, ct)));
        group.MapGet("/export", async ([AsParameters] ListQuery q, TicketQueries tickets, CancellationToken ct) =>
        {
            var rows = await tickets.ListAsync(q.ToFilter(), ct);
            var file = new MemoryStream();
            TicketStatistics.WriteList(file, rows);
            file.Position = 0;
            return TypedResults.File(file, Xlsx.ContentType, "问题诉求.xlsx");
        });
        group.MapGet("/stats", async Task<Results<Ok<TicketStats>, FileStreamHttpResult>> (string? by, DateOnly? from, DateOnly? to, string? kind, string? format,
            string? issuer, string? number, string? date, TicketStatistics tickets, Orgs.OrgService orgs, Data.CurrentUser currentUser, TimeProvider time, CancellationToken ct) =>
        {
            var stats = await tickets.StatsAsync(by, from, to, ApiEnum.Parse<TicketKind>(kind, "kind"), ct);
            var file = new MemoryStream();
            switch (format)
            {
                case "xlsx":
                    TicketStatistics.WriteStats(file, stats);
                    file.Position = 0;
                    return TypedResults.File(file, Xlsx.ContentType, "问题诉求统计.xlsx");
                case "docx":
                    TicketStatistics.WriteStatsDocx(file, stats, await Shared.Documents.DocumentHeading.ResolveAsync(issuer, number, date, orgs, currentUser, time, ct));
                    file.Position = 0;
                    return TypedResults.File(file, "application/vnd.openxmlformats-officedocument.wordprocessingml.document", "问题诉求统计.docx");
                default:
                    return TypedResults.Ok(stats);
            }
        });
        group.MapGet("/{id:guid}", async (Guid id, TicketQueries tickets, CancellationToken ct) => TypedResults.Ok(await tickets.GetAsync(id, ct)));
        group.MapPost("/", async Task<Created<TicketDetail>> (TicketInput body, TicketSubmission tickets, CancellationToken ct) =>
        {
            var ticket = await tickets.CreateAsync(body, ct);
            return TypedResults.Created($"/api/tickets/{ticket.Ticket.Id}", ticket);
        });
        group.MapPost("/{id:guid}/actions", async (Guid id, TicketAction body, TicketActions tickets, CancellationToken ct) =>
            TypedResults.Ok(await tickets.ActAsync(id, body, ct)));
        group.MapPost("/{id:guid}/attachments", async Task<Created<AttachmentRow>> (Guid id, IFormFile file, TicketAttachments tickets, CancellationToken ct) =>
        {
            await using var stream = file.OpenReadStream();
            var row = await tickets.AttachAsync(id, file.FileName, stream, file.Length, ct);
            return TypedResults.Created($"/api/tickets/{id}/attachments/{row.Id}", row);
        }).DisableAntiforgery().WithMetadata(new RequestSizeLimitAttribute(AttachmentRules.MaxBytes + 64 * 1024));
        group.MapGet("/{id:guid}/attachments/{attachmentId:guid}", async (Guid id, Guid attachmentId, TicketAttachments tickets, CancellationToken ct) =>
        {
            var (name, type, content) = await tickets.DownloadAsync(id, attachmentId, ct);
            return TypedResults.File(content, type, name);
        });

        // The workflow's settings: the platform's configuration, the system admin's.
        var settings = group.MapGroup("/settings").RequireAuthorization(Accounts.Policies.SysAdmin);
        settings.MapGet("/", async (TicketSettings s, CancellationToken ct) => TypedResults.Ok(await s.GetAsync(ct)));
        settings.MapPut("/rules", async (RuleInput body, TicketSettings s, CancellationToken ct) => TypedResults.Ok(await s.SaveRuleAsync(body, ct)));
        settings.MapDelete("/rules/{id:guid}", async Task<NoContent> (Guid id, TicketSettings s, CancellationToken ct) =>
        {
            await s.DeleteRuleAsync(id, ct);
            return TypedResults.NoContent();
        });
        settings.MapPut("/desks", async (DeskInput body, TicketSettings s, CancellationToken ct) => TypedResults.Ok(await s.SaveDeskAsync(body, ct)));
        settings.MapPost("/meetings", async (MeetingInput body, TicketSettings s, CancellationToken ct) =>
            TypedResults.Created("/api/tickets/settings", await s.AddMeetingAsync(body, ct)));
        settings.MapGet("/calendar/{year:int}", async (int year, TicketSettings s, CancellationToken ct) => TypedResults.Ok(await s.CalendarAsync(year, ct)));
        settings.MapPut("/calendar/{year:int}", async (int year, List<DayInput> body, TicketSettings s, CancellationToken ct) =>
            TypedResults.Ok(await s.SetCalendarAsync(year, body, ct)));
        return app;
    }

    public sealed record ListQuery(string? Kind, string? State, bool? Open, string? Category, Guid? HandlerOrgId, Guid? ProjectId,
        bool? Overdue, string? Q, DateOnly? From, DateOnly? To, int? Page, int? PageSize)
    {
        public TicketFilter ToFilter() => new(ApiEnum.Parse<TicketKind>(Kind, "kind"), ApiEnum.Parse<TicketState>(State, "state"), Open, ApiEnum.Parse<TicketCategory>(Category, "category"),
            HandlerOrgId, ProjectId, Overdue, Q, From, To);
    }

}
