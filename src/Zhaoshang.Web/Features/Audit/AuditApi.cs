using Microsoft.EntityFrameworkCore;
using Zhaoshang.Web.Data;
using Zhaoshang.Web.Features.Accounts;

namespace Zhaoshang.Web.Features.Audit;

public sealed record AuditFilter(DateOnly? From, DateOnly? To, string? User, string? Action, string? Result, string? ObjectType, string? ObjectId, int Page = 1, int PageSize = 50);

public sealed record AuditPage(IReadOnlyList<AuditEntry> Items, int Total, int Page, int PageSize);

public sealed record VerifyResult(bool Ok, long? FirstBrokenId);

/// <summary>Reading and verifying the trail; open to the audit admin only.</summary>
public sealed class AuditQuery(AppDb db, AuditChain chain, AuditLog audit, CurrentUser currentUser)
{
    public static readonly TimeZoneInfo China = TimeZoneInfo.FindSystemTimeZoneById("Asia/Shanghai");

    public async Task<AuditPage> SearchAsync(AuditFilter f, CancellationToken ct = default)
    {
        currentUser.Require(Roles.AuditAdmin);
        var q = db.AuditEntries.AsNoTracking();
        if (f.From is { } from)
        {
            var start = TimeZoneInfo.ConvertTimeToUtc(from.ToDateTime(TimeOnly.MinValue), China);
            q = q.Where(e => e.At >= start);
        }
        if (f.To is { } to)
        {
            var end = TimeZoneInfo.ConvertTimeToUtc(to.AddDays(1).ToDateTime(TimeOnly.MinValue), China);
            q = q.Where(e => e.At < end);
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
        var page = Math.Clamp(f.Page, 1, 1_000_000);
        var size = Math.Clamp(f.PageSize, 1, 500);
        var total = await q.CountAsync(ct);
        var items = await q.OrderByDescending(e => e.Id).Skip((page - 1) * size).Take(size).ToListAsync(ct);
        foreach (var item in items)
        {
            item.At = DateTime.SpecifyKind(item.At, DateTimeKind.Utc);
        }
        return new AuditPage(items, total, page, size);
    }

    public async Task<VerifyResult> VerifyAsync(CancellationToken ct = default)
    {
        currentUser.Require(Roles.AuditAdmin);
        var broken = await chain.VerifyAsync(db, ct);
        await audit.WriteAsync("audit.verify", broken is null ? AuditResults.Success : AuditResults.Failure, "AuditEntry",
            broken?.ToString(), new { ok = broken is null, firstBrokenId = broken }, ct: ct);
        return new VerifyResult(broken is null, broken);
    }
}

public static class AuditApi
{
    public static WebApplicationBuilder AddAudit(this WebApplicationBuilder builder)
    {
        builder.Services.AddOptions<AuditOptions>().Bind(builder.Configuration.GetSection("Audit"))
            .Validate(o => o.RetentionDays >= AuditOptions.MinimumRetentionDays,
                $"Audit:RetentionDays must be at least {AuditOptions.MinimumRetentionDays} days (等保 requires ≥ 6 months of audit records).")
            .ValidateOnStart();
        builder.Services.AddSingleton<AuditChain>();
        builder.Services.AddScoped<AuditLog>();
        builder.Services.AddScoped<AuditQuery>();
        return builder;
    }

    public static IEndpointRouteBuilder MapAuditApi(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/api/audit").WithTags("Audit").RequireAuthorization(Policies.AuditAdmin);
        group.MapGet("/", async ([AsParameters] AuditFilterQuery f, AuditQuery audit, CancellationToken ct) =>
            TypedResults.Ok(await audit.SearchAsync(f.ToFilter(), ct)));
        group.MapPost("/verify", async (AuditQuery audit, CancellationToken ct) => TypedResults.Ok(await audit.VerifyAsync(ct)))
            .DisableAntiforgery();
        return app;
    }

    public sealed record AuditFilterQuery(DateOnly? From, DateOnly? To, string? User, string? Action, string? Result,
        string? ObjectType, string? ObjectId, int? Page, int? PageSize)
    {
        public AuditFilter ToFilter() => new(From, To, User, Action, Result, ObjectType, ObjectId, Page ?? 1, PageSize ?? 50);
    }
}
