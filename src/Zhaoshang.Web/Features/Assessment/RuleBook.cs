using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Zhaoshang.Web.Data;
using Zhaoshang.Web.Features.Accounts;
using Zhaoshang.Web.Shared;

namespace Zhaoshang.Web.Features.Assessment;

public sealed record RuleSetView(int Year, int Version, Rules Rules, string? Note, string? CreatedBy, DateTime CreatedAt);

/// <summary>
/// A year's assessment rules: every version kept (each result names the version that computed it), a new version
/// saved only by an office whose scope covers every unit assessed that year.
/// </summary>
public sealed class RuleBook(AppDb db, CurrentUser currentUser, TimeProvider time)
{
    public async Task<IReadOnlyList<RuleSetView>> RuleVersionsAsync(int year, CancellationToken ct = default)
    {
        currentUser.Require(Roles.Staff);
        var sets = await db.RuleSets.AsNoTracking().Where(r => r.Year == year).OrderByDescending(r => r.Version).ToListAsync(ct);
        return sets.Select(r => new RuleSetView(r.Year, r.Version, r.Rules, r.Note, r.CreatedBy, DateTime.SpecifyKind(r.CreatedAt, DateTimeKind.Utc))).ToList();
    }

    /// <summary>Saves the year's rules as a new version (the earlier ones stay, for the results they computed).</summary>
    public async Task<RuleSetView> SaveRulesAsync(int year, Rules rules, string? note, CancellationToken ct = default)
    {
        currentUser.Require(Roles.Assessor);
        AssessmentPeriod.Parse(year, "year");
        // The year's rules apply to every unit assessed that year: only an office whose scope covers them all sets them.
        await AssessmentService.RequireWholeYearAsync(db, currentUser, year, "该年度有不在您数据范围内的考核单位：考核规则须由覆盖全部考核单位的领导小组办公室制定。", ct);
        var codes = await db.Indicators.Select(i => i.Code).ToListAsync(ct);
        foreach (var group in rules.Groups ?? [])
        {
            if (string.IsNullOrWhiteSpace(group.Table))
            {
                throw DomainException.Invalid("groups", "每组规则须写明适用的表名。");
            }
            foreach (var rule in group.Indicators ?? [])
            {
                if (!codes.Contains(rule.Indicator) || rule.Weight < 0 || rule.Cap <= 0)
                {
                    throw DomainException.Invalid("indicators", "“{0}”的计分规则无效：指标须已定义，分值不能为负，封顶须大于 0。", rule.Indicator);
                }
            }
            foreach (var bonus in group.Bonuses ?? [])
            {
                if ((bonus.Kind == BonusKind.AboveTarget && (bonus.Indicator is null || !codes.Contains(bonus.Indicator) || bonus.Per <= 0))
                    || (bonus.Kind == BonusKind.SignedProject && bonus.Tiers is not { Count: > 0 }))
                {
                    throw DomainException.Invalid("bonuses", "加分规则“{0}”无效：可用 leadsAdopted、aboveTarget（须指明指标和每多少计分）、signedProject（须有金额档次）。", ApiEnum.Name(bonus.Kind));
                }
            }
        }
        var version = (await db.RuleSets.Where(r => r.Year == year).MaxAsync(r => (int?)r.Version, ct) ?? 0) + 1;
        var set = new RuleSet
        {
            Id = Guid.CreateVersion7(), Year = year, Version = version, RulesJson = JsonSerializer.Serialize(rules, AppJson.Options), Note = note,
            CreatedBy = currentUser.UserName, CreatedAt = time.GetUtcNow().UtcDateTime,
        };
        db.RuleSets.Add(set);
        await db.SaveChangesAsync(ct);
        return new RuleSetView(year, version, set.Rules, note, set.CreatedBy, set.CreatedAt);
    }
}
