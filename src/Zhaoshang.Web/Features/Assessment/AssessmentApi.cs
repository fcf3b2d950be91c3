using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Extensions.Localization;
using Zhaoshang.Web.Shared;

namespace Zhaoshang.Web.Features.Assessment;

public static class AssessmentApi
{
    public sealed record TargetsBody(long Version, IReadOnlyList<TargetSheetView> Sheets);

    public sealed record RulesBody(Rules Rules, string? Note);

    public sealed record AdjustmentBody(int Year, int Month, Guid OrgId, string Indicator, decimal Value, string? Reason);

    public static WebApplicationBuilder AddAssessment(this WebApplicationBuilder builder)
    {
        builder.Services.AddSingleton<Data.ISeed, AssessmentSeed>();
        builder.Services.AddSingleton<Data.ISeed, DemoTargetsSeed>();
        builder.Services.AddScoped<TargetService>();
        builder.Services.AddScoped<AssessmentService>();
        builder.Services.AddSingleton<AssessmentCache>();
        builder.Services.AddScoped<AssessmentFacts>();
        builder.Services.AddScoped<RuleBook>();
        builder.Services.AddScoped<AdjustmentService>();
        return builder;
    }

    public static IEndpointRouteBuilder MapAssessmentApi(this IEndpointRouteBuilder app)
    {
        app.MapGet("/api/indicators", async (TargetService targets, CancellationToken ct) =>
            TypedResults.Ok((await targets.IndicatorsAsync(ct)).Select(i => new { i.Code, i.Name, i.NameEn, i.Unit, definition = i.Definition, headers = i.Headers })))
            .WithTags("Assessment")
            .WithName("listIndicators").WithSummary("考核指标及其计算口径");
        var group = app.MapGroup("/api/targets").WithTags("Assessment");
        group.MapGet("/", async (int year, TargetService targets, CancellationToken ct) => TypedResults.Ok(await targets.GetAsync(year, ct)))
            .WithName("getTargets").WithSummary("某年的目标分解表");
        group.MapPut("/", async Task<Results<Ok<TargetImportReport>, UnprocessableEntity<TargetImportReport>>> (int year, TargetsBody body, TargetService targets, IStringLocalizer<SharedResource> localizer, CancellationToken ct) =>
        {
            var report = (await targets.PutAsync(year, body.Version, body.Sheets ?? [], ct)).In(localizer);
            return report.Ok ? TypedResults.Ok(report) : TypedResults.UnprocessableEntity(report);
        }).WithName("saveTargets").WithSummary("保存目标分解表（整表替换）");
        group.MapPost("/import", async Task<Results<Ok<TargetImportReport>, UnprocessableEntity<TargetImportReport>>> (int year, IFormFile file, IConfiguration config, TargetService targets, IStringLocalizer<SharedResource> localizer, CancellationToken ct) =>
        {
            await using var stream = file.OpenReadStream();
            var report = (await targets.ImportAsync(year, stream, ImportEndpoints.MaxRows(config), ct)).In(localizer);
            return report.Ok ? TypedResults.Ok(report) : TypedResults.UnprocessableEntity(report);
        }).DisableAntiforgery()
            .WithName("importTargets").WithSummary("导入目标分解表（.xlsx，全部成功或全部不写入）");
        group.MapGet("/export", async (int year, TargetService targets, CancellationToken ct) =>
        {
            var stream = new MemoryStream();
            await targets.ExportAsync(year, stream, ct);
            stream.Position = 0;
            return TypedResults.File(stream, Xlsx.ContentType, $"{year}年目标任务分解表.xlsx");
        }).WithName("exportTargets").WithSummary("导出目标分解表（.xlsx）").Downloads(Xlsx.ContentType);
        app.MapGet("/api/assessment", async (int year, string? period, AssessmentService assessment, CancellationToken ct) =>
            TypedResults.Ok(await assessment.GetAsync(year, period, ct))).WithTags("Assessment")
            .WithName("getAssessment").WithSummary("某年截至某期的考核：完成率、时序进度、排名、得分");
        app.MapGet("/api/assessment/facts", async (int year, string? period, Guid orgId, string indicator, int? limit, string? format, AssessmentFacts drillDown,
            CancellationToken ct) =>
        {
            var facts = await drillDown.FactsAsync(year, period, orgId, indicator, limit ?? 500, ct);
            if (!string.Equals(format, "xlsx", StringComparison.OrdinalIgnoreCase))
            {
                return Results.Ok(facts);
            }
            var stream = new MemoryStream();
            WriteFacts(stream, facts);
            stream.Position = 0;
            return Results.File(stream, Xlsx.ContentType, $"{facts.OrgName}-{facts.IndicatorName}-{year}{facts.Period}.xlsx");
        }).WithTags("Assessment")
            .WithName("getAssessmentFacts").WithSummary("一个单位一项指标背后的台账事实（JSON 或 .xlsx）").Downloads(Xlsx.ContentType);
        app.MapPost("/api/assessment/adjustments", async Task<Created<Adjustment>> (AdjustmentBody body, AdjustmentService adjustments, CancellationToken ct) =>
        {
            var adjustment = await adjustments.AdjustAsync(body.Year, body.Month, body.OrgId, body.Indicator, body.Value, body.Reason, ct);
            return TypedResults.Created($"/api/assessment?year={body.Year}", adjustment);
        }).WithTags("Assessment")
            .WithName("addAdjustment").WithSummary("手工填报或调整一项指标（须写明原因）");
        app.MapPost("/api/assessment/periods/{year:int}/{month:int}/close", async (int year, int month, AssessmentService assessment, CancellationToken ct) =>
            TypedResults.Ok(await assessment.CloseAsync(year, month, ct))).WithTags("Assessment")
            .WithName("closeMonth").WithSummary("月度关账：冻结该月考核结果");
        app.MapGet("/api/bulletins/{year:int}/{month:int}", async (int year, int month, string? format, string? issuer, string? number, string? date,
            AssessmentService assessment, Orgs.OrgService orgs, TimeProvider time,
            Microsoft.Extensions.Localization.IStringLocalizer<SharedResource> words, CancellationToken ct) =>
        {
            var bulletin = await assessment.BulletinAsync(year, month, ct, words);
            var name = $"{year}年{month}月招商引资目标任务通报";
            switch ((format ?? "html").ToLowerInvariant())
            {
                case "xlsx":
                    var workbook = new MemoryStream();
                    bulletin.WriteXlsx(workbook);
                    workbook.Position = 0;
                    return Results.File(workbook, Xlsx.ContentType, name + ".xlsx");
                case "docx":
                    var document = new MemoryStream();
                    bulletin.WriteDocx(document, await Shared.Documents.DocumentHeading.ResolveAsync(issuer, number, date, orgs.CallerUnitNameAsync, time, ct));
                    document.Position = 0;
                    return Results.File(document, "application/vnd.openxmlformats-officedocument.wordprocessingml.document", name + ".docx");
                case "html":
                    return Results.Content(bulletin.ToHtml(), "text/html; charset=utf-8");
                default:
                    throw DomainException.Invalid("format", "通报格式“{0}”无效：可选 html、docx、xlsx。", format);
            }
        }).WithTags("Assessment")
            .WithName("getBulletin").WithSummary("月度通报（网页、.docx 或 .xlsx）").Downloads("text/html", ApiContract.Docx, Xlsx.ContentType);
        app.MapGet("/api/rules", async (int year, RuleBook rules, CancellationToken ct) =>
            TypedResults.Ok(await rules.RuleVersionsAsync(year, ct))).WithTags("Assessment")
            .WithName("listRuleVersions").WithSummary("某年考核规则的各个版本");
        app.MapPut("/api/rules", async (int year, RulesBody body, RuleBook rules, CancellationToken ct) =>
            TypedResults.Ok(await rules.SaveRulesAsync(year, body.Rules ?? new Rules(), body.Note, ct))).WithTags("Assessment")
            .WithName("saveRules").WithSummary("保存考核规则（生成新版本）");
        return app;
    }

    public static string FactKindName(string kind) => kind switch
    {
        "fund" => "到位资金",
        "signing" => "签约",
        "activity" => "活动",
        "enterprise" => "企业",
        "ticket" => "工单",
        _ => kind,
    };

    /// <summary>The drill-down's last line: a sum's number of facts, or a rate's counted of all.</summary>
    public static string TotalLabel(FactList facts) =>
        facts.Counted is { } counted ? $"计入 {counted} 件 / 共 {facts.Count} 件" : $"合计（共 {facts.Count} 条）";

    /// <summary>A fund entry is of a month (2023-05); other facts of a day.</summary>
    public static string FactDate(FactRow row) =>
        row.Date.ToString(row.Kind == "fund" ? "yyyy-MM" : "yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture);

    /// <summary>The drill-down as .xlsx: exactly its rows, then the total.</summary>
    public static void WriteFacts(Stream output, FactsView facts)
    {
        var rows = facts.Facts.Rows.Select(r => new object?[]
        {
            FactKindName(r.Kind), FactDate(r), r.Title, r.ProjectCode, r.Enterprise, r.Weight, r.Value, r.Note, r.Late ? "关账后补录" : null,
        }).Append([null, null, TotalLabel(facts.Facts), null, null, null, facts.Facts.Total, null, null]);
        Xlsx.Write(output, facts.IndicatorName, ["类型", "日期", "名称", "项目编码", "企业", "计入比例", $"数值（{facts.Unit}）", "说明", "补录"], rows);
    }
}
