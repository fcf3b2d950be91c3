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

    /// <summary>The ledger's list filters as query parameters, shared by the list and its export.</summary>
    public sealed record ListQuery(string? Q, string[]? Stage, Guid? OrgId, string? Industry, long? MinAmountYuan, long? MaxAmountYuan,
        bool? Industrial, bool? Stalled, string? View, string? Sort, int? Page, int? PageSize, DateOnly? SignedFrom, DateOnly? SignedTo)
    {
        public ProjectFilter ToFilter() => new(Q, Stage?.Select(ParseStage).ToArray(), OrgId, Industry, MinAmountYuan, MaxAmountYuan, Industrial,
            View, Sort, Page ?? 1, PageSize ?? 50, Stalled, SignedFrom, SignedTo);
    }

    /// <summary>A temporary file that deletes itself once the response has been sent: exports of 100,000 rows stay off the heap.</summary>
    public static FileStream TempFile() => new(Path.GetTempFileName(), FileMode.Create, FileAccess.ReadWrite, FileShare.None, 81920,
        FileOptions.DeleteOnClose);

    public sealed record FundBody(int Year, int Month, long AmountYuan, string? Evidence, Guid? CorrectsId);

    public static WebApplicationBuilder AddProjects(this WebApplicationBuilder builder)
    {
        builder.Services.AddScoped<ProjectRows>();
        builder.Services.AddScoped<ProjectSearch>();
        builder.Services.AddScoped<ProjectEditing>();
        builder.Services.AddScoped<ProjectStages>();
        builder.Services.AddScoped<ProjectTimeline>();
        builder.Services.AddScoped<ProjectExport>();
        builder.Services.AddScoped<ProjectImport>();
        builder.Services.AddScoped<ProjectImportRows>();
        builder.Services.AddSingleton<LedgerTotals>();
        builder.Services.AddScoped<SavedFilters>();
        builder.Services.AddOptions<StalledRules>().Bind(builder.Configuration.GetSection("Ledger:Stalled"))
            .Validate(r => r.SignedWithoutStartDays > 0 && r.StartedWithoutProductionMonths > 0, "Ledger:Stalled values must be positive.")
            .ValidateOnStart();
        return builder;
    }

    public static IEndpointRouteBuilder MapProjectsApi(this IEndpointRouteBuilder app)
    {
        app.MapGet("/api/industries", async (ProjectSearch projects, CancellationToken ct) =>
            TypedResults.Ok((await projects.IndustriesAsync(ct)).Select(i => new { i.Name, i.NameEn, i.IsIndustrial }))).WithTags("Projects");
        var group = app.MapGroup("/api/projects").WithTags("Projects");
        group.MapGet("/", async ([AsParameters] ListQuery query, ProjectSearch projects, CancellationToken ct) =>
            TypedResults.Ok(await projects.SearchAsync(query.ToFilter(), ct)));
        group.MapGet("/export", async ([AsParameters] ListQuery query, ProjectExport projects, CancellationToken ct) =>
        {
            var file = TempFile();
            await projects.ExportAsync(file, query.ToFilter(), ct);
            file.Position = 0;
            return TypedResults.File(file, Xlsx.ContentType, "项目台账.xlsx");
        });
        app.MapImport<ProjectImport>("projects", "Projects", "项目导入模板.xlsx", ProjectSheet.WriteTemplate,
            (projects, stream, maxRows, ct) => projects.ImportAsync(stream, maxRows, ct));
        group.MapGet("/handoffs/export", async (DateOnly? from, DateOnly? to, ProjectExport projects, CancellationToken ct) =>
        {
            var stream = new MemoryStream();
            await projects.ExportHandoffsAsync(stream, from, to, ct);
            stream.Position = 0;
            return TypedResults.File(stream, Xlsx.ContentType, "在建库移交.xlsx");
        });
        group.MapGet("/{id:guid}", async (Guid id, ProjectEditing projects, CancellationToken ct) => TypedResults.Ok(await projects.GetAsync(id, ct)));
        group.MapPost("/", async Task<Created<ProjectRow>> (ProjectBody body, ProjectEditing projects, CancellationToken ct) =>
        {
            var project = await projects.CreateAsync(body.ToInput(), ct);
            return TypedResults.Created($"/api/projects/{project.Id}", project);
        });
        group.MapPut("/{id:guid}", async (Guid id, ProjectBody body, ProjectEditing projects, CancellationToken ct) =>
            TypedResults.Ok(await projects.UpdateAsync(id, body.ToInput(), body.Version, ct)));
        group.MapPost("/{id:guid}/stage", async (Guid id, StageBody body, ProjectStages projects, CancellationToken ct) =>
            TypedResults.Ok(await projects.ChangeStageAsync(id, ParseStage(body.To),
                new StageEvidence(body.Date, body.ContractAmountYuan, body.DesignedCapacity, body.ActualCapacity, body.Reason), body.Version, ct)));
        group.MapGet("/{id:guid}/funds", async (Guid id, ProjectEditing projects, CancellationToken ct) =>
        {
            var detail = await projects.GetAsync(id, ct);
            return TypedResults.Ok(new { items = detail.Funds, totalYuan = detail.FundsTotalYuan });
        });
        group.MapPost("/{id:guid}/funds", async Task<Created<FundRow>> (Guid id, FundBody body, ProjectStages projects, CancellationToken ct) =>
        {
            var fund = await projects.AddFundAsync(id, body.Year, body.Month, body.AmountYuan, body.Evidence, body.CorrectsId, ct);
            return TypedResults.Created($"/api/projects/{id}/funds", fund);
        });
        return app;
    }

    internal static ProjectStage ParseStage(string? text) =>
        ApiEnum.TryParse<ProjectStage>(text, out var stage) ? stage
            : throw DomainException.Unprocessable("“{0}”不是有效的项目阶段，可选：{1}。", text, ApiEnum.Choices<ProjectStage>());
}
