using Microsoft.AspNetCore.Http.HttpResults;
using Zhaoshang.Web.Shared;

namespace Zhaoshang.Web.Features.Activities;

public static class ActivitiesApi
{
    /// <summary>
    /// An activity. <see cref="EnterpriseIds"/>: the enterprises it met (<see cref="EnterpriseId"/>, one enterprise, is
    /// still accepted). A leader's trip: <see cref="Leader"/>, the unit it also counts for (<see cref="JointOrgId"/>), and
    /// the leads a principal leaders' trip took up (<see cref="AdoptedLeadIds"/>).
    /// </summary>
    public sealed record ActivityBody(ActivityKind Kind, DateOnly Date, string? Title, string? People, string? Participants,
        Guid[]? EnterpriseIds, Guid? EnterpriseId, Guid? ProjectId, string? Outcome, OfficePart[]? Offices, LeaderRank? Leader, Guid? JointOrgId,
        Guid[]? AdoptedLeadIds, long Version = 0)
    {
        public ActivityInput ToInput() => new(Kind, Date, Title, People, Participants,
            [.. EnterpriseIds ?? [], .. EnterpriseId is { } one ? new[] { one } : []], ProjectId, Outcome, Offices, Leader, JointOrgId, AdoptedLeadIds);
    }

    public static WebApplicationBuilder AddActivities(this WebApplicationBuilder builder)
    {
        builder.Services.AddScoped<ActivityService>();
        builder.Services.AddScoped<LeadService>();
        builder.Services.AddScoped<ActivityImport>();
        return builder;
    }

    public static IEndpointRouteBuilder MapActivitiesApi(this IEndpointRouteBuilder app)
    {
        app.MapImport<ActivityImport>("activities", "Activities", "招商活动", "招商活动导入模板.xlsx", ActivityImport.WriteTemplate,
            (import, stream, maxRows, ct) => import.ImportAsync(stream, maxRows, ct));
        var group = app.MapGroup("/api/activities").WithTags("Activities");
        group.MapGet("/", async (string? kind, DateOnly? from, DateOnly? to, Guid? enterpriseId, Guid? projectId, int? page, int? pageSize,
            ActivityService activities, CancellationToken ct) =>
            TypedResults.Ok(await activities.SearchAsync(ParseKind(kind), from, to, enterpriseId, projectId, page ?? 1, pageSize ?? 50, ct)))
            .WithName("listActivities").WithSummary("招商活动：按类型、日期等筛选");
        group.MapGet("/{id:guid}", async (Guid id, ActivityService activities, CancellationToken ct) => TypedResults.Ok(await activities.GetAsync(id, ct)))
            .WithName("getActivity").WithSummary("招商活动详情");
        group.MapPost("/", async Task<Created<ActivityRow>> (ActivityBody body, ActivityService activities, CancellationToken ct) =>
        {
            var activity = await activities.CreateAsync(body.ToInput(), ct);
            return TypedResults.Created($"/api/activities/{activity.Id}", activity);
        }).WithName("createActivity").WithSummary("登记招商活动（拜访、考察、领导外出招商等）");
        group.MapPut("/{id:guid}", async (Guid id, ActivityBody body, ActivityService activities, CancellationToken ct) =>
            TypedResults.Ok(await activities.UpdateAsync(id, body.ToInput(), body.Version, ct)))
            .WithName("updateActivity").WithSummary("修改招商活动（带版本号）");

        var leads = app.MapGroup("/api/leads").WithTags("Activities");
        leads.MapGet("/", async (Guid? orgId, bool? adopted, DateOnly? from, DateOnly? to, int? page, int? pageSize, LeadService service, CancellationToken ct) =>
            TypedResults.Ok(await service.SearchAsync(orgId, adopted, from, to, page ?? 1, pageSize ?? 50, ct)))
            .WithName("listLeads").WithSummary("驻外办事处报送的项目线索");
        leads.MapGet("/channels", async (DateOnly? from, DateOnly? to, LeadService service, TimeProvider time, CancellationToken ct) =>
        {
            var today = time.Today();
            var (f, t) = (from ?? new DateOnly((to ?? today).Year, 1, 1), to ?? today);
            return f <= t ? TypedResults.Ok(await service.ChannelsAsync(f, t, ct)) : throw DomainException.Invalid("from", "开始日期不能晚于结束日期。");
        }).WithName("listLeadChannels").WithSummary("线索来源：各信息渠道的线索数、形成项目数、签约数与转化率（默认本年）");
        leads.MapGet("/{id:guid}", async (Guid id, LeadService service, CancellationToken ct) => TypedResults.Ok(await service.GetAsync(id, ct)))
            .WithName("getLead").WithSummary("项目线索详情");
        leads.MapPost("/", async Task<Created<LeadRow>> (LeadInput body, LeadService service, CancellationToken ct) =>
        {
            var lead = await service.CreateAsync(body, ct);
            return TypedResults.Created($"/api/leads/{lead.Id}", lead);
        }).WithName("createLead").WithSummary("报送项目线索");
        leads.MapPut("/{id:guid}", async (Guid id, LeadInput body, LeadService service, CancellationToken ct) =>
            TypedResults.Ok(await service.UpdateAsync(id, body, body.Version, ct)))
            .WithName("updateLead").WithSummary("修改项目线索（带版本号）");
        return app;
    }

    private static ActivityKind? ParseKind(string? text) =>
        text is null ? null
        : Shared.ApiEnum.TryParse<ActivityKind>(text, out var kind) ? kind
        : throw Shared.DomainException.Invalid("kind", "“{0}”不是有效的活动类型，可选：{1}。", text, Shared.ApiEnum.Choices<ActivityKind>());
}
