using Microsoft.AspNetCore.Http.HttpResults;
using Zhaoshang.Web.Shared;

namespace Zhaoshang.Web.Features.Projects;

public static class ProjectsApi
{
    public sealed record ProjectBody(string? Name, Guid? OrgId, Guid? LocationOrgId, string? Industry, long AgreedInvestmentYuan,
        DateOnly? PlannedStartDate, decimal? LandMu, int? PlannedJobs, bool IsIndustrial, bool IsHqEconomy, bool IsDigitalEconomy,
        bool IsCentralSoeProject, string? Channel, decimal? FactoryAreaM2, Guid[]? InvestorIds, long Version = 0)
    {
        public ProjectInput ToInput() => new(Name, OrgId, LocationOrgId, Industry, AgreedInvestmentYuan, PlannedStartDate, LandMu, PlannedJobs,
            IsIndustrial, IsHqEconomy, IsDigitalEconomy, IsCentralSoeProject, Channel, FactoryAreaM2, InvestorIds);
    }

    public sealed record StageBody(string? To, DateOnly? Date, long? ContractAmountYuan, decimal? DesignedCapacity, decimal? ActualCapacity,
        string? Reason, long? Version);

    public sealed record FundBody(int Year, int Month, long AmountYuan, string? Evidence, Guid? CorrectsId);

    public static WebApplicationBuilder AddProjects(this WebApplicationBuilder builder)
    {
        builder.Services.AddScoped<ProjectService>();
        builder.Services.AddOptions<StalledRules>().Bind(builder.Configuration.GetSection("Ledger:Stalled"))
            .Validate(r => r.SignedWithoutStartDays > 0 && r.StartedWithoutProductionMonths > 0, "Ledger:Stalled values must be positive.")
            .ValidateOnStart();
        return builder;
    }

    public static IEndpointRouteBuilder MapProjectsApi(this IEndpointRouteBuilder app)
    {
        app.MapGet("/api/industries", async (ProjectService projects, CancellationToken ct) =>
            TypedResults.Ok((await projects.IndustriesAsync(ct)).Select(i => new { i.Name, i.NameEn, i.IsIndustrial }))).WithTags("Projects");
        var group = app.MapGroup("/api/projects").WithTags("Projects");
        group.MapGet("/", async (string? q, string[]? stage, Guid? orgId, string? industry, long? minAmountYuan, long? maxAmountYuan,
            bool? industrial, bool? stalled, string? view, string? sort, int? page, int? pageSize, ProjectService projects, CancellationToken ct) =>
            TypedResults.Ok(await projects.SearchAsync(new ProjectFilter(q, stage?.Select(ParseStage).ToArray(), orgId, industry,
                minAmountYuan, maxAmountYuan, industrial, view, sort, page ?? 1, pageSize ?? 50, stalled), ct)));
        group.MapGet("/handoffs/export", async (DateOnly? from, DateOnly? to, ProjectService projects, CancellationToken ct) =>
        {
            var stream = new MemoryStream();
            await projects.ExportHandoffsAsync(stream, from, to, ct);
            stream.Position = 0;
            return TypedResults.File(stream, Xlsx.ContentType, "在建库移交.xlsx");
        });
        group.MapGet("/{id:guid}", async (Guid id, ProjectService projects, CancellationToken ct) => TypedResults.Ok(await projects.GetAsync(id, ct)));
        group.MapPost("/", async Task<Created<ProjectRow>> (ProjectBody body, ProjectService projects, CancellationToken ct) =>
        {
            var project = await projects.CreateAsync(body.ToInput(), ct);
            return TypedResults.Created($"/api/projects/{project.Id}", project);
        });
        group.MapPut("/{id:guid}", async (Guid id, ProjectBody body, ProjectService projects, CancellationToken ct) =>
            TypedResults.Ok(await projects.UpdateAsync(id, body.ToInput(), body.Version, ct)));
        group.MapPost("/{id:guid}/stage", async (Guid id, StageBody body, ProjectService projects, CancellationToken ct) =>
            TypedResults.Ok(await projects.ChangeStageAsync(id, ParseStage(body.To),
                new StageEvidence(body.Date, body.ContractAmountYuan, body.DesignedCapacity, body.ActualCapacity, body.Reason), body.Version, ct)));
        group.MapGet("/{id:guid}/funds", async (Guid id, ProjectService projects, CancellationToken ct) =>
        {
            var detail = await projects.GetAsync(id, ct);
            return TypedResults.Ok(new { items = detail.Funds, totalYuan = detail.FundsTotalYuan });
        });
        group.MapPost("/{id:guid}/funds", async Task<Created<FundRow>> (Guid id, FundBody body, ProjectService projects, CancellationToken ct) =>
        {
            var fund = await projects.AddFundAsync(id, body.Year, body.Month, body.AmountYuan, body.Evidence, body.CorrectsId, ct);
            return TypedResults.Created($"/api/projects/{id}/funds", fund);
        });
        return app;
    }

    private static ProjectStage ParseStage(string? text) =>
        Enum.TryParse<ProjectStage>(text, ignoreCase: true, out var stage) && Enum.IsDefined(stage) && !int.TryParse(text, out _)
            ? stage
            : throw DomainException.Unprocessable("“{0}”不是有效的项目阶段，可选：{1}。", text,
                string.Join(", ", Enum.GetValues<ProjectStage>().Select(ProjectService.Api)));
}
