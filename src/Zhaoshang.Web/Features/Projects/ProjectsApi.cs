using Microsoft.AspNetCore.Http.HttpResults;
using Zhaoshang.Web.Shared;

namespace Zhaoshang.Web.Features.Projects;

public static class ProjectsApi
{
    public sealed record StageBody(string? To, DateOnly? Date, long? ContractAmountYuan, decimal? DesignedCapacity, decimal? ActualCapacity,
        string? Reason, long? Version);

    /// <summary>A temporary file that deletes itself once the response has been sent: exports of 100,000 rows stay off the heap.</summary>
    public static FileStream TempFile() => new(Path.GetTempFileName(), FileMode.Create, FileAccess.ReadWrite, FileShare.None, 81920,
        FileOptions.DeleteOnClose);

    public sealed record FundBody(int Year, int Month, long AmountYuan, string? Evidence, Guid? CorrectsId);

    public static WebApplicationBuilder AddProjects(this WebApplicationBuilder builder)
    {
        builder.Services.AddSingleton<Audit.IAuditVocabulary, ProjectAuditVocabulary>();
        builder.Services.AddSingleton<Data.ISeed, ProjectsSeed>();
        builder.Services.AddSingleton<Data.ISeed, DemoLedgerSeed>();
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
            TypedResults.Ok((await projects.IndustriesAsync(ct)).Select(i => new { i.Name, i.NameEn, i.IsIndustrial }))).WithTags("Projects")
            .WithName("listIndustries").WithSummary("全省重点产业列表");
        var group = app.MapGroup("/api/projects").WithTags("Projects");
        group.MapGet("/", async ([AsParameters] ProjectQuery query, ProjectSearch projects, CancellationToken ct) =>
            TypedResults.Ok(await projects.SearchAsync(query.ToFilter(), ct)))
            .WithName("listProjects").WithSummary("项目台账：按条件筛选、分页");
        group.MapGet("/export", async ([AsParameters] ProjectQuery query, ProjectExport projects, CancellationToken ct) =>
        {
            var file = TempFile();
            await projects.ExportAsync(file, query.ToFilter(), ct);
            file.Position = 0;
            return TypedResults.File(file, Xlsx.ContentType, "项目台账.xlsx");
        }).WithName("exportProjects").WithSummary("导出筛选后的项目台账（.xlsx，导入格式）").Downloads(Xlsx.ContentType);
        app.MapImport<ProjectImport>("projects", "Projects", "项目", "项目导入模板.xlsx", ProjectSheet.WriteTemplate,
            (projects, stream, maxRows, ct) => projects.ImportAsync(stream, maxRows, ct));
        group.MapGet("/handoffs/export", async (DateOnly? from, DateOnly? to, ProjectExport projects, CancellationToken ct) =>
        {
            var stream = new MemoryStream();
            await projects.ExportHandoffsAsync(stream, from, to, ct);
            stream.Position = 0;
            return TypedResults.File(stream, Xlsx.ContentType, "在建库移交.xlsx");
        }).WithName("exportHandoffs").WithSummary("导出在建库移交清单（.xlsx）").Downloads(Xlsx.ContentType);
        group.MapGet("/{id:guid}", async (Guid id, ProjectEditing projects, CancellationToken ct) => TypedResults.Ok(await projects.GetAsync(id, ct)))
            .WithName("getProject").WithSummary("项目详情：阶段记录与到位资金");
        group.MapPost("/", async Task<Created<ProjectRow>> (ProjectInput body, ProjectEditing projects, CancellationToken ct) =>
        {
            var project = await projects.CreateAsync(body, ct);
            return TypedResults.Created($"/api/projects/{project.Id}", project);
        }).WithName("createProject").WithSummary("登记项目（线索阶段）");
        group.MapPut("/{id:guid}", async (Guid id, ProjectInput body, ProjectEditing projects, CancellationToken ct) =>
            TypedResults.Ok(await projects.UpdateAsync(id, body, body.Version, ct)))
            .WithName("updateProject").WithSummary("修改项目（带版本号，过期版本返回 409）");
        group.MapPost("/{id:guid}/stage", async (Guid id, StageBody body, ProjectStages projects, CancellationToken ct) =>
            TypedResults.Ok(await projects.ChangeStageAsync(id, ParseStage(body.To),
                new StageEvidence(body.Date, body.ContractAmountYuan, body.DesignedCapacity, body.ActualCapacity, body.Reason), body.Version, ct)))
            .WithName("changeProjectStage").WithSummary("变更项目阶段（须附该阶段要求的证明）");
        group.MapGet("/{id:guid}/funds", async (Guid id, ProjectEditing projects, CancellationToken ct) =>
        {
            var detail = await projects.GetAsync(id, ct);
            return TypedResults.Ok(new { items = detail.Funds, totalYuan = detail.FundsTotalYuan });
        }).WithName("listProjectFunds").WithSummary("项目到位资金明细与合计");
        group.MapPost("/{id:guid}/funds", async Task<Created<FundRow>> (Guid id, FundBody body, ProjectStages projects, CancellationToken ct) =>
        {
            var fund = await projects.AddFundAsync(id, body.Year, body.Month, body.AmountYuan, body.Evidence, body.CorrectsId, ct);
            return TypedResults.Created($"/api/projects/{id}/funds", fund);
        }).WithName("addProjectFund").WithSummary("登记某月到位资金（或更正一条已有记录）");
        return app;
    }

    internal static ProjectStage ParseStage(string? text) =>
        ApiEnum.TryParse<ProjectStage>(text, out var stage) ? stage
            : throw DomainException.Unprocessable("“{0}”不是有效的项目阶段，可选：{1}。", text, ApiEnum.Choices<ProjectStage>());
}
