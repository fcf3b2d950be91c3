using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;
using Zhaoshang.Web.Data;
using Zhaoshang.Web.Shared;

namespace Zhaoshang.Web.Features.Tickets;

public static class TicketsApi
{
    public static WebApplicationBuilder AddTickets(this WebApplicationBuilder builder)
    {
        builder.Services.AddSingleton<Audit.IAuditVocabulary, TicketAuditVocabulary>();
        builder.Services.AddSingleton<Data.ISeed, TicketsSeed>();
        builder.Services.AddSingleton<Data.ISeed, DemoRoutingSeed>();
        builder.Services.AddSingleton<Data.ISeed, DemoTicketsSeed>();
        builder.Services.AddScoped<KeptUploads>();
        builder.Services.AddOptions<TicketOptions>().Bind(builder.Configuration.GetSection("Tickets"));
        builder.Services.AddScoped<Router>();
        builder.Services.AddScoped<TicketAccess>();
        builder.Services.AddScoped<TicketQueries>();
        builder.Services.AddScoped<TicketSubmission>();
        builder.Services.AddScoped<TicketActions>();
        builder.Services.AddScoped<TicketAttachments>();
        builder.Services.AddScoped<TicketStatistics>();
        builder.Services.AddScoped<ReviewTimes>();
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
            TypedResults.Ok(await tickets.SearchAsync(q.ToFilter(), q.Page ?? 1, q.PageSize ?? 50, ct)))
            .WithName("listTickets").WithSummary("问题诉求：按类型、状态、部门等筛选");
        group.MapGet("/export", async ([AsParameters] ListQuery q, TicketQueries tickets, CancellationToken ct) =>
        {
            var rows = await tickets.ListAsync(q.ToFilter(), ct);
            var file = new MemoryStream();
            TicketStatistics.WriteList(file, rows);
            file.Position = 0;
            return TypedResults.File(file, Xlsx.ContentType, "问题诉求.xlsx");
        }).WithName("exportTickets").WithSummary("导出筛选后的问题诉求（.xlsx）").Downloads(Xlsx.ContentType);
        group.MapGet("/review-times", async (DateOnly? from, DateOnly? to, ReviewTimes times, TimeProvider time, CancellationToken ct) =>
        {
            var today = time.Today();
            var (f, t) = (from ?? new DateOnly((to ?? today).Year, 1, 1), to ?? today);
            return f <= t ? TypedResults.Ok(await times.MeasureAsync(f, t, ct)) : throw DomainException.Invalid("from", "开始日期不能晚于结束日期。");
        }).WithName("getReviewTimes").WithSummary("项目需求并联会审用时：每个项目从提交到联合答复、每个部门从派单到答复（默认本年）");
        group.MapGet("/stats", async Task<Results<Ok<TicketStats>, FileStreamHttpResult>> (string? by, DateOnly? from, DateOnly? to, string? kind, string? format,
            string? issuer, string? number, string? date, TicketStatistics tickets, Orgs.OrgService orgs, TimeProvider time, CancellationToken ct) =>
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
                    TicketStatistics.WriteStatsDocx(file, stats, await Shared.Documents.DocumentHeading.ResolveAsync(issuer, number, date, orgs.CallerUnitNameAsync, time, ct));
                    file.Position = 0;
                    return TypedResults.File(file, "application/vnd.openxmlformats-officedocument.wordprocessingml.document", "问题诉求统计.docx");
                default:
                    return TypedResults.Ok(stats);
            }
        }).WithName("getTicketStats").WithSummary("办结率、按时办结率等统计（JSON、.xlsx 或 .docx）").Downloads(Xlsx.ContentType, ApiContract.Docx);
        group.MapGet("/{id:guid}", async (Guid id, TicketQueries tickets, CancellationToken ct) => TypedResults.Ok(await tickets.GetAsync(id, ct)))
            .WithName("getTicket").WithSummary("问题诉求详情：流转记录、会审、附件、可执行的操作");
        group.MapPost("/", async Task<Created<TicketDetail>> (TicketInput body, TicketSubmission tickets, CancellationToken ct) =>
        {
            var ticket = await tickets.CreateAsync(body, ct);
            return TypedResults.Created($"/api/tickets/{ticket.Ticket.Id}", ticket);
        }).WithName("createTicket").WithSummary("提交堵点问题或企业诉求");
        group.MapPost("/{id:guid}/actions", async (Guid id, TicketAction body, TicketActions tickets, CancellationToken ct) =>
            TypedResults.Ok(await tickets.ActAsync(id, body, ct)))
            .WithName("actOnTicket").WithSummary("执行流转操作（受理、交办、答复、评价等）");
        group.MapPost("/{id:guid}/attachments", async Task<Created<AttachmentRow>> (Guid id, IFormFile file, TicketAttachments tickets, CancellationToken ct) =>
        {
            await using var stream = file.OpenReadStream();
            var row = await tickets.AttachAsync(id, file.FileName, stream, file.Length, ct);
            return TypedResults.Created($"/api/tickets/{id}/attachments/{row.Id}", row);
        }).DisableAntiforgery().WithMetadata(new RequestSizeLimitAttribute(AttachmentRules.MaxBytes + 64 * 1024))
            .WithName("attachToTicket").WithSummary("上传附件（PDF、图片、Word、Excel，不超过 10 MB）");
        group.MapGet("/{id:guid}/attachments/{attachmentId:guid}", async (Guid id, Guid attachmentId, TicketAttachments tickets, CancellationToken ct) =>
        {
            var (name, type, content) = await tickets.DownloadAsync(id, attachmentId, ct);
            return TypedResults.File(content, type, name);
        }).WithName("downloadTicketAttachment").WithSummary("下载附件").Downloads("application/pdf", "image/png", "image/jpeg", ApiContract.Docx, Xlsx.ContentType);

        // The workflow's settings: the platform's configuration, the system admin's.
        var settings = group.MapGroup("/settings").RequireAuthorization(Accounts.Policies.SysAdmin);
        settings.MapGet("/", async (TicketSettings s, CancellationToken ct) => TypedResults.Ok(await s.GetAsync(ct)))
            .WithName("getTicketSettings").WithSummary("交办规则、受理窗口、联席会议与工作日历（系统管理员）");
        settings.MapPut("/rules", async (RuleInput body, TicketSettings s, CancellationToken ct) => TypedResults.Ok(await s.SaveRuleAsync(body, ct)))
            .WithName("saveRoutingRule").WithSummary("保存一条交办规则");
        settings.MapDelete("/rules/{id:guid}", async Task<NoContent> (Guid id, TicketSettings s, CancellationToken ct) =>
        {
            await s.DeleteRuleAsync(id, ct);
            return TypedResults.NoContent();
        }).WithName("deleteRoutingRule").WithSummary("删除一条交办规则");
        settings.MapPut("/desks", async (DeskInput body, TicketSettings s, CancellationToken ct) => TypedResults.Ok(await s.SaveDeskAsync(body, ct)))
            .WithName("saveDesk").WithSummary("设置一个区域的受理窗口");
        settings.MapPost("/meetings", async (MeetingInput body, TicketSettings s, CancellationToken ct) =>
            TypedResults.Created("/api/tickets/settings", await s.AddMeetingAsync(body, ct)))
            .WithName("addJointMeeting").WithSummary("登记联席会议日期");
        settings.MapGet("/calendar/{year:int}", async (int year, TicketSettings s, CancellationToken ct) => TypedResults.Ok(await s.CalendarAsync(year, ct)))
            .WithName("getWorkCalendar").WithSummary("某年的工作日历（调休、节假日）");
        settings.MapPut("/calendar/{year:int}", async (int year, List<DayInput> body, TicketSettings s, CancellationToken ct) =>
            TypedResults.Ok(await s.SetCalendarAsync(year, body, ct)))
            .WithName("saveWorkCalendar").WithSummary("保存某年的工作日历");
        return app;
    }

    public sealed record ListQuery(string? Kind, string? State, bool? Open, string? Category, Guid? HandlerOrgId, Guid? ProjectId,
        bool? Overdue, string? Q, DateOnly? From, DateOnly? To, int? Page, int? PageSize, int? MinRating = null)
    {
        public TicketFilter ToFilter() => new(ApiEnum.Parse<TicketKind>(Kind, "kind"), ApiEnum.Parse<TicketState>(State, "state"), Open, ApiEnum.Parse<TicketCategory>(Category, "category"),
            HandlerOrgId, ProjectId, Overdue, Q, From, To, MinRating is null or (>= 1 and <= 5) ? MinRating : throw DomainException.Invalid("minRating", "评价星级应为 1 至 5。"));
    }

}
