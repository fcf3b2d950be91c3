using Microsoft.EntityFrameworkCore;
using Zhaoshang.Web.Data;
using Zhaoshang.Web.Features.Accounts;
using Zhaoshang.Web.Shared;

namespace Zhaoshang.Web.Features.Assessment;

/// <summary>Figures entered by hand: a manual indicator's value, or a correction to a computed one, each with its reason.</summary>
public sealed class AdjustmentService(AppDb db, CurrentUser currentUser, TimeProvider time)
{
    /// <summary>A hand-entered figure for a unit in the caller's scope, with its reason (audited like every save).</summary>
    public async Task<Adjustment> AdjustAsync(int year, int month, Guid orgId, string indicator, decimal value, string? reason, CancellationToken ct = default)
    {
        currentUser.Require(Roles.Assessor);
        if (year is < 2000 or > 2100 || month is < 1 or > 12)
        {
            throw DomainException.Invalid("month", "年月无效。");
        }
        if (string.IsNullOrWhiteSpace(reason))
        {
            throw DomainException.Invalid("reason", "手工调整必须写明原因。");
        }
        var org = await db.Orgs.AsNoTracking().FirstOrDefaultAsync(o => o.Id == orgId, ct) ?? throw DomainException.NotFound("单位不存在或不在您的数据范围内。");
        if (!await db.Indicators.AnyAsync(i => i.Code == indicator, ct))
        {
            throw DomainException.Invalid("indicator", "“{0}”不是已定义的考核指标。", indicator);
        }
        var adjustment = new Adjustment
        {
            Id = Guid.CreateVersion7(), Year = year, Month = month, OrgId = org.Id, OrgPath = org.Path, IndicatorCode = indicator, Value = value,
            Reason = reason.Trim(), UserName = currentUser.UserName, At = time.GetUtcNow().UtcDateTime,
        };
        db.Adjustments.Add(adjustment);
        await db.SaveChangesAsync(ct);
        return adjustment;
    }
}
