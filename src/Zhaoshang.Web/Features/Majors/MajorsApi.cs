using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using Zhaoshang.Web.Data;
using Zhaoshang.Web.Features.Accounts;
using Zhaoshang.Web.Shared;

namespace Zhaoshang.Web.Features.Majors;

public sealed class MajorOptions
{
    /// <summary>How often a node tries to run the major projects' sweeps (one node at a time holds its lease).</summary>
    public TimeSpan SweepInterval { get; set; } = TimeSpan.FromMinutes(10);
    public TimeSpan LeaseTime { get; set; } = TimeSpan.FromMinutes(5);
    /// <summary>A node this many days past its planned date, still open, warns the leader and the task force (once).</summary>
    public int WarnAfterDays { get; set; } = 7;
    /// <summary>Past this many days it opens a problem (堵点) through the dispatch, linked to the node (once).</summary>
    public int TicketAfterDays { get; set; } = 30;
}

public sealed record BandBody(MajorLevel Level, long MinAmountYuan);

public sealed record WeekBody(string? Text = null, long Version = 0);

public static class MajorsApi
{
    public const string DocxType = "application/vnd.openxmlformats-officedocument.wordprocessingml.document";

    public static WebApplicationBuilder AddMajors(this WebApplicationBuilder builder)
    {
        builder.Services.AddSingleton<Audit.IAuditVocabulary, MajorAuditVocabulary>();
        builder.Services.AddSingleton<ISeed, MajorsSeed>();
        builder.Services.AddSingleton<ISeed, DemoMajorsSeed>();
        builder.Services.AddOptions<MajorOptions>().Bind(builder.Configuration.GetSection("Majors"));
        builder.Services.AddScoped<MajorDesignation>();
        builder.Services.AddScoped<MajorSearch>();
        builder.Services.AddScoped<MilestonePlans>();
        builder.Services.AddScoped<MilestoneSweep>();
        builder.Services.AddScoped<DispatchReports>();
        builder.Services.AddScoped<Supervisions>();
        builder.Services.AddSingleton<Microsoft.EntityFrameworkCore.Diagnostics.IInterceptor, MajorCopies>();
        builder.Services.AddHostedService<MajorJobs>();
        return builder;
    }

    public static IEndpointRouteBuilder MapMajorsApi(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/api/majors").WithTags("Majors");
        group.MapGet("/", async ([AsParameters] MajorQuery query, MajorSearch majors, CancellationToken ct) => TypedResults.Ok(await majors.SearchAsync(query, ct)))
            .WithName("listMajorProjects").WithSummary("拟招重大项目库：按层级、协调小组、阶段、单位筛选、分页");
        group.MapGet("/export", async ([AsParameters] MajorQuery query, MajorSearch majors, CancellationToken ct) =>
        {
            var file = new MemoryStream();
            MajorSheet.Write(file, await majors.ListAsync(query, ct));
            file.Position = 0;
            return TypedResults.File(file, Xlsx.ContentType, "重大项目库.xlsx");
        }).WithName("exportMajorProjects").WithSummary("导出筛选后的重大项目库（.xlsx）").Downloads(Xlsx.ContentType);
        group.MapGet("/report", async Task<Results<Ok<DispatchReport>, FileStreamHttpResult>> (int? year, int? month, DateOnly? from, DateOnly? to, string? level,
            string? format, string? issuer, string? number, string? date, DispatchReports reports, Orgs.OrgService orgs, TimeProvider time, CancellationToken ct) =>
        {
            var (f, t) = DispatchReports.Period(year, month, from, to, time.Today());
            var report = await reports.BuildAsync(f, t, ApiEnum.Parse<MajorLevel>(level, "level"), ct);
            var file = new MemoryStream();
            switch (format)
            {
                case "docx":
                    DispatchDocuments.WriteDocx(file, report, await Shared.Documents.DocumentHeading.ResolveAsync(issuer, number, date, orgs.CallerUnitNameAsync, time, ct));
                    file.Position = 0;
                    return TypedResults.File(file, DocxType, report.Title + ".docx");
                case "xlsx":
                    DispatchDocuments.WriteXlsx(file, report);
                    file.Position = 0;
                    return TypedResults.File(file, Xlsx.ContentType, report.Title + ".xlsx");
                case null or "" or "json":
                    return TypedResults.Ok(report);
                default:
                    throw DomainException.Invalid("format", "格式只能是 json、docx 或 xlsx。");
            }
        }).WithName("getDispatchReport").WithSummary("重大项目调度通报：按月（默认本年至该月末）或指定期间；json、docx 或 xlsx")
            .Downloads(Xlsx.ContentType, DocxType);
        group.MapGet("/bands", async (MajorDesignation majors, CancellationToken ct) => TypedResults.Ok(await majors.BandsAsync(ct)))
            .WithName("listMajorBands").WithSummary("各层级重大项目的金额标准");
        group.MapPut("/bands", async (BandBody[] body, MajorDesignation majors, CancellationToken ct) =>
            TypedResults.Ok(await majors.SetBandsAsync(body, ct)))
            .WithName("setMajorBands").WithSummary("修改各层级重大项目的金额标准（系统管理员），随即按新标准认定").RequireAuthorization(Policies.SysAdmin);
        group.MapGet("/{projectId:guid}", async (Guid projectId, MajorSearch majors, CancellationToken ct) => TypedResults.Ok(await majors.GetAsync(projectId, ct)))
            .WithName("getMajorProject").WithSummary("重大项目：层级、协调小组与“五个一”");
        group.MapPut("/{projectId:guid}", async (Guid projectId, MajorInput body, MajorDesignation designation, MajorSearch majors, CancellationToken ct) =>
        {
            await designation.SaveAsync(projectId, body, ct);
            return TypedResults.Ok(await majors.GetAsync(projectId, ct));
        }).WithName("saveMajorProject").WithSummary("列为重大项目或修改其“五个一”（带版本号，过期版本返回 409）");
        group.MapGet("/{projectId:guid}/people", async (Guid projectId, MajorDesignation majors, AppDb db, CancellationToken ct) =>
        {
            var path = await db.Projects.AsNoTracking().Where(p => p.Id == projectId).Select(p => p.OrgPath).FirstOrDefaultAsync(ct)
                ?? throw DomainException.NotFound("项目不存在或不在您的数据范围内。");
            return TypedResults.Ok(await majors.PeopleAsync(path, ct: ct));
        }).WithName("listMajorProjectPeople").WithSummary("可担任包保领导或专班成员的人员");
        group.MapGet("/{projectId:guid}/plan/export", async (Guid projectId, MilestonePlans plans, CancellationToken ct) =>
        {
            var file = new MemoryStream();
            PlanSheet.Write(file, await plans.PlanAsync(projectId, ct));
            file.Position = 0;
            return TypedResults.File(file, Xlsx.ContentType, "计划表.xlsx");
        }).WithName("exportMajorProjectPlan").WithSummary("导出计划表（.xlsx，即导入格式）").Downloads(Xlsx.ContentType);
        group.MapPost("/{projectId:guid}/plan/import", async Task<Microsoft.AspNetCore.Http.HttpResults.Results<Microsoft.AspNetCore.Http.HttpResults.Ok<ImportReport>, Microsoft.AspNetCore.Http.HttpResults.UnprocessableEntity<ImportReport>>>
            (Guid projectId, long version, IFormFile file, MilestonePlans plans, Microsoft.Extensions.Localization.IStringLocalizer<SharedResource> L, CancellationToken ct) =>
        {
            await using var stream = file.OpenReadStream();
            var report = (await plans.ImportAsync(projectId, stream, version, ct)).In(L);
            return report.Ok ? TypedResults.Ok(report) : TypedResults.UnprocessableEntity(report);
        }).DisableAntiforgery().WithName("importMajorProjectPlan").WithSummary("导入计划表（.xlsx，带重大项目的版本号；全部成功或全部不写入，报告列出每个错误的行、列）");
        var supervised = app.MapGroup("/api/supervisions").WithTags("Majors");
        supervised.MapGet("/", async (bool? mine, bool? lifted, Supervisions s, CancellationToken ct) => TypedResults.Ok(await s.ListAsync(mine ?? false, lifted ?? false, ct)))
            .WithName("listSupervisions").WithSummary("挂牌督办事项：领导本人挂牌的（mine=true），或本单位负责的；每周进展与缺报周数");
        supervised.MapPost("/", async Task<Created<SupervisionRow>> (SupervisionInput body, Supervisions s, CancellationToken ct) =>
        {
            var row = await s.CreateAsync(body, ct);
            return TypedResults.Created($"/api/supervisions/{row.Id}", row);
        }).WithName("createSupervision").WithSummary("领导对项目或问题挂牌督办（期限、责任单位）");
        supervised.MapPut("/{id:guid}/weeks/{weekStart}", async (Guid id, DateOnly weekStart, WeekBody body, Supervisions s, CancellationToken ct) =>
            TypedResults.Ok(await s.WriteWeekAsync(id, weekStart, body.Text, ct)))
            .WithName("writeSupervisionWeek").WithSummary("责任单位报送某周（以星期一表示）的督办进展；尚未开始的周次拒绝");
        supervised.MapPost("/{id:guid}/lift", async (Guid id, WeekBody body, Supervisions s, CancellationToken ct) => TypedResults.Ok(await s.LiftAsync(id, body.Version, ct)))
            .WithName("liftSupervision").WithSummary("摘牌：结束督办（挂牌领导本人，带版本号）");
        var templates = app.MapGroup("/api/plan-templates").WithTags("Majors");
        templates.MapGet("/{group}", async (string group, Guid? orgId, MilestonePlans plans, CancellationToken ct) =>
            TypedResults.Ok(await plans.TemplateAsync(GroupOf(group), orgId, ct)))
            .WithName("getPlanTemplate").WithSummary("协调小组在某一层级（orgId：省、市、区县或开发区；不给则为全系统）执行的计划模板：节点、前置节点与天数");
        templates.MapPut("/{group}", async (string group, Guid? orgId, TemplateNode[] body, MilestonePlans plans, CancellationToken ct) =>
            TypedResults.Ok(await plans.SetTemplateAsync(GroupOf(group), orgId, body, ct)))
            .WithName("setPlanTemplate").WithSummary("修改某一层级的计划模板（全系统的由系统管理员，本级的由协调本级的招商人员；编码重复、前置节点不存在或成环均拒绝）");
        templates.MapDelete("/{group}", async (string group, Guid? orgId, MilestonePlans plans, CancellationToken ct) =>
            TypedResults.Ok(await plans.ResetTemplateAsync(GroupOf(group), orgId, ct)))
            .WithName("resetPlanTemplate").WithSummary("删除某一层级自己的计划模板，改用上级的");
        group.MapGet("/{projectId:guid}/plan", async (Guid projectId, MilestonePlans plans, CancellationToken ct) => TypedResults.Ok(await plans.PlanAsync(projectId, ct)))
            .WithName("getMajorProjectPlan").WithSummary("重大项目的计划表：各节点计划与实际日期、逾期天数");
        group.MapPost("/{projectId:guid}/plan", async (Guid projectId, PlanInput body, MilestonePlans plans, CancellationToken ct) =>
            TypedResults.Ok(await plans.CreateFromTemplateAsync(projectId, body.Version, ct)))
            .WithName("createMajorProjectPlan").WithSummary("按协调小组的模板生成计划表（自签约日起推算）");
        group.MapPut("/{projectId:guid}/plan", async (Guid projectId, PlanInput body, MilestonePlans plans, CancellationToken ct) =>
            TypedResults.Ok(await plans.SaveAsync(projectId, body, ct)))
            .WithName("saveMajorProjectPlan").WithSummary("保存整张计划表（带重大项目的版本号，过期版本返回 409）");
        return app;
    }

    private static CoordinationGroup GroupOf(string text) =>
        ApiEnum.Parse<CoordinationGroup>(text, "group") ?? throw DomainException.Invalid("group", "协调小组无效。");
}

/// <summary>Runs the major projects' sweeps on one node at a time: whichever holds the database lease.</summary>
public sealed class MajorJobs(IServiceScopeFactory scopes, DbLease lease, IOptions<MajorOptions> options, ILogger<MajorJobs> log)
    : LeasedJob(scopes, lease, log)
{
    protected override string LeaseName => "majors.sweep";
    protected override TimeSpan Interval => options.Value.SweepInterval;
    protected override TimeSpan LeaseTime => options.Value.LeaseTime;

    protected override async Task RunAsync(IServiceProvider services, CancellationToken ct)
    {
        var added = await services.GetRequiredService<MajorDesignation>().SweepBandsAsync(ct);
        var plans = await services.GetRequiredService<MilestoneSweep>().RunAsync(ct);
        if (added + plans.Synced + plans.Warned + plans.Opened > 0)
        {
            log.LogInformation("Major projects: {Added} listed or raised by their band; plans: {Synced} nodes dated from their stage, {Warned} warned, {Opened} problems opened.",
                added, plans.Synced, plans.Warned, plans.Opened);
        }
    }
}
