using Microsoft.EntityFrameworkCore;
using Zhaoshang.Web.Data;
using Zhaoshang.Web.Features.Accounts;
using Zhaoshang.Web.Shared;

namespace Zhaoshang.Web.Features.Audit;

public sealed record AuditFilter(DateOnly? From, DateOnly? To, string? User, string? Action, string? Result, string? ObjectType, string? ObjectId, int Page = 1, int PageSize = 50);

public sealed record VerifyResult(bool Ok, long? FirstBrokenId);

/// <summary>Reading and verifying the trail; open to the audit admin only.</summary>
public sealed class AuditQuery(AppDb db, AuditChain chain, AuditLog audit, CurrentUser currentUser, ReadableChanges readable)
{

    public const int MaxExportRows = 200_000;

    public async Task<Paged<AuditEntry>> SearchAsync(AuditFilter f, CancellationToken ct = default)
    {
        currentUser.Require(Roles.AuditAdmin);
        var (page, size) = Paged<AuditEntry>.Clamp(f.Page, f.PageSize);
        var q = Filter(f);
        var total = await q.CountAsync(ct);
        var items = await q.OrderByDescending(e => e.Id).Skip((page - 1) * size).Take(size).ToListAsync(ct);
        foreach (var item in items)
        {
            item.At = DateTime.SpecifyKind(item.At, DateTimeKind.Utc);
        }
        return new Paged<AuditEntry>(items, total, page, size);
    }

    /// <summary>The filtered records as a workbook (newest first, at most 200,000), for archiving and review.</summary>
    public async Task<int> ExportAsync(Stream output, AuditFilter f, CancellationToken ct = default)
    {
        currentUser.Require(Roles.AuditAdmin);
        // Readable columns first (who, what, on what, the changes); the raw record and its MAC after them, for verification.
        var count = 0;
        using (var writer = new XlsxWriter(output, "审计日志",
            ["序号", "时间（北京时间）", "用户", "单位", "操作", "对象", "结果", "修改内容", "IP", "角色", "对象类型", "对象标识", "原始记录", "MAC"]))
        {
            long? before = null;
            while (count < MaxExportRows)
            {
                var q = Filter(f);
                if (before is { } last)
                {
                    q = q.Where(e => e.Id < last);
                }
                var chunk = await q.OrderByDescending(e => e.Id).Take(Math.Min(2000, MaxExportRows - count)).AsNoTracking().ToListAsync(ct);
                if (chunk.Count == 0)
                {
                    break;
                }
                foreach (var r in await readable.DescribeAsync(chunk, ct))
                {
                    var e = r.Entry;
                    writer.Row([e.Id, ChinaTime.Format(e.At, "yyyy-MM-dd HH:mm:ss"),
                        r.User, r.Org, r.Action, r.Object, r.Result, r.ChangesText, e.Ip, e.Roles, e.ObjectType, e.ObjectId, e.Details, e.Mac]);
                }
                count += chunk.Count;
                before = chunk[^1].Id;
            }
        }
        await audit.WriteAsync("export", AuditResults.Success, "AuditEntry", null, new { rows = count, filter = f }, ct: ct);
        return count;
    }

    private IQueryable<AuditEntry> Filter(AuditFilter f)
    {
        var q = db.AuditEntries.AsNoTracking();
        var (start, end) = DayRange.ToUtc(f.From, f.To);
        if (start is { } s)
        {
            q = q.Where(e => e.At >= s);
        }
        if (end is { } e2)
        {
            q = q.Where(e => e.At < e2);
        }
        if (!string.IsNullOrWhiteSpace(f.User))
        {
            q = q.Where(e => e.UserName == f.User.Trim());
        }
        if (!string.IsNullOrWhiteSpace(f.Action))
        {
            q = q.Where(e => e.Action == f.Action.Trim());
        }
        if (!string.IsNullOrWhiteSpace(f.Result))
        {
            q = q.Where(e => e.Result == f.Result.Trim());
        }
        if (!string.IsNullOrWhiteSpace(f.ObjectType))
        {
            q = q.Where(e => e.ObjectType == f.ObjectType.Trim());
        }
        if (!string.IsNullOrWhiteSpace(f.ObjectId))
        {
            q = q.Where(e => e.ObjectId == f.ObjectId.Trim());
        }
        return q;
    }

    public async Task<VerifyResult> VerifyAsync(CancellationToken ct = default)
    {
        currentUser.Require(Roles.AuditAdmin);
        var broken = await chain.VerifyAsync(db, ct);
        try
        {
            await audit.WriteAsync("audit.verify", broken is null ? AuditResults.Success : AuditResults.Failure, "AuditEntry",
                broken?.ToString(), new { ok = broken is null, firstBrokenId = broken }, ct: ct);
        }
        catch (AuditChainBrokenException) when (broken is not null)
        {
            // The chain refuses new records (and has raised the alert); the auditor still gets the finding.
        }
        return new VerifyResult(broken is null, broken);
    }
}

public static class AuditApi
{
    public static WebApplicationBuilder AddAudit(this WebApplicationBuilder builder)
    {
        builder.Services.AddSingleton<Data.ISeed, AuditSeed>();
        builder.Services.AddOptions<AuditOptions>().Bind(builder.Configuration.GetSection("Audit"))
            .Validate(o => o.RetentionDays >= AuditOptions.MinimumRetentionDays,
                $"Audit:RetentionDays must be at least {AuditOptions.MinimumRetentionDays} days (等保 requires ≥ 6 months of audit records).")
            .ValidateOnStart();
        builder.Services.AddSingleton<AuditChain>();
        builder.Services.AddSingleton<IKeyRing>(sp => sp.GetRequiredService<AuditChain>());
        // Every save goes through the audit's interceptor; the transaction's end releases the chain's gate.
        builder.Services.AddSingleton<AuditInterceptor>();
        builder.Services.AddSingleton<Microsoft.EntityFrameworkCore.Diagnostics.IInterceptor>(sp => sp.GetRequiredService<AuditInterceptor>());
        builder.Services.AddSingleton<Microsoft.EntityFrameworkCore.Diagnostics.IInterceptor>(AuditInterceptor.TransactionEnd.Instance);
        builder.Services.AddScoped<AuditLog>();
        builder.Services.AddScoped<IDeniedAccessLog>(sp => sp.GetRequiredService<AuditLog>());
        builder.Services.AddScoped<AuditQuery>();
        builder.Services.AddScoped<ReadableChanges>();
        return builder;
    }

    public static IEndpointRouteBuilder MapAuditApi(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/api/audit").WithTags("Audit").RequireAuthorization(Policies.AuditAdmin);
        group.MapGet("/", async ([AsParameters] AuditFilterQuery f, AuditQuery audit, CancellationToken ct) =>
            TypedResults.Ok(await audit.SearchAsync(f.ToFilter(), ct)))
            .WithName("listAuditEntries").WithSummary("审计日志（审计管理员）");
        group.MapGet("/export", async ([AsParameters] AuditFilterQuery f, AuditQuery audit, CancellationToken ct) =>
        {
            var stream = new MemoryStream();
            await audit.ExportAsync(stream, f.ToFilter(), ct);
            stream.Position = 0;
            return TypedResults.File(stream, Xlsx.ContentType, "审计日志.xlsx");
        }).WithName("exportAuditEntries").WithSummary("导出审计日志（.xlsx）").Downloads(Xlsx.ContentType);
        group.MapPost("/verify", async (AuditQuery audit, CancellationToken ct) => TypedResults.Ok(await audit.VerifyAsync(ct)))
            .DisableAntiforgery()
            .WithName("verifyAuditChain").WithSummary("校验审计日志链是否完整");
        return app;
    }

    public sealed record AuditFilterQuery(DateOnly? From, DateOnly? To, string? User, string? Action, string? Result,
        string? ObjectType, string? ObjectId, int? Page, int? PageSize)
    {
        public AuditFilter ToFilter() => new(From, To, User, Action, Result, ObjectType, ObjectId, Page ?? 1, PageSize ?? 50);
    }
}
