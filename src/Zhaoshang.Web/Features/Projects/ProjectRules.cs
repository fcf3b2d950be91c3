using System.Globalization;
using Microsoft.EntityFrameworkCore;
using Zhaoshang.Web.Data;
using Zhaoshang.Web.Shared;

namespace Zhaoshang.Web.Features.Projects;

/// <summary>
/// A project's own fields, as the form, the API and the import give them: one record for every way in (the API's body
/// is this record; <see cref="Version"/> is the version an edit was read at).
/// </summary>
public sealed record ProjectInput(string? Name = null, Guid? OrgId = null, Guid? LocationOrgId = null, string? Industry = null,
    long AgreedInvestmentYuan = 0, DateOnly? PlannedStartDate = null, decimal? LandMu = null, int? PlannedJobs = null, bool IsIndustrial = false,
    bool IsHqEconomy = false, bool IsDigitalEconomy = false, bool IsCentralSoeProject = false, string? Channel = null, decimal? FactoryAreaM2 = null,
    Guid[]? InvestorIds = null, long Version = 0);

/// <summary>
/// What a project's own fields must hold, shared by the form, the API and the import: every field's problem at once,
/// how an input is applied to the entity, and the next readable code of a year.
/// </summary>
public static class ProjectRules
{
    /// <summary>Every field's problem at once, by field (the form shows them all, each next to its field).</summary>
    public static Dictionary<string, Phrase> Problems(ProjectInput input)
    {
        var problems = new Dictionary<string, Phrase>();
        var name = input.Name?.Trim() ?? "";
        if (name.Length is 0 or > 200)
        {
            problems["name"] = new Phrase("项目名称不能为空，且不超过 200 个字符。");
        }
        if (input.AgreedInvestmentYuan < 0)
        {
            problems["agreedInvestmentYuan"] = new Phrase("约定投资总额不能为负数。");
        }
        else if (ChineseText.OutOfRange(input.AgreedInvestmentYuan) is { } problem)
        {
            problems["agreedInvestmentYuan"] = problem;
        }
        foreach (var (field, value, max) in new (string, decimal?, decimal)[]
                 { ("landMu", input.LandMu, 10_000_000), ("factoryAreaM2", input.FactoryAreaM2, 1_000_000_000), ("plannedJobs", input.PlannedJobs, 10_000_000) })
        {
            if (value < 0)
            {
                problems[field] = new Phrase("数量不能为负数。");
            }
            else if (value > max)
            {
                problems[field] = new Phrase("数量超出合理范围。");
            }
        }
        return problems;
    }

    internal static string Validate(ProjectInput input)
    {
        var problems = Problems(input);
        return problems.Count == 0 ? input.Name!.Trim() : throw DomainException.Invalid(problems);
    }

    internal static void Apply(Project p, ProjectInput input, string name)
    {
        p.Name = name;
        p.LocationOrgId = input.LocationOrgId;
        p.Industry = string.IsNullOrWhiteSpace(input.Industry) ? null : input.Industry.Trim();
        p.AgreedInvestmentYuan = input.AgreedInvestmentYuan;
        p.PlannedStartDate = input.PlannedStartDate;
        p.LandMu = input.LandMu;
        p.PlannedJobs = input.PlannedJobs;
        p.IsIndustrial = input.IsIndustrial;
        p.IsHqEconomy = input.IsHqEconomy;
        p.IsDigitalEconomy = input.IsDigitalEconomy;
        p.IsCentralSoeProject = input.IsCentralSoeProject;
        p.Channel = string.IsNullOrWhiteSpace(input.Channel) ? null : input.Channel.Trim();
        p.FactoryAreaM2 = input.FactoryAreaM2;
    }

    internal static DomainException NotFound() => DomainException.NotFound("项目不存在或不在您的数据范围内。");

    /// <summary>The next number of a year's readable codes (XM-2026-000001); codes are unique across all scopes.</summary>
    internal static async Task<int> NextCodeNumberAsync(AppDb db, int year, CancellationToken ct)
    {
        var prefix = Code(year, 0)[..^6];
        var end = OrgPaths.End(prefix);
        var last = await db.Projects.IgnoreQueryFilters().Where(p => string.Compare(p.Code, prefix) >= 0 && string.Compare(p.Code, end) < 0)
            .MaxAsync(p => (string?)p.Code, ct);
        return last is null ? 1 : int.Parse(last[prefix.Length..], CultureInfo.InvariantCulture) + 1;
    }

    internal static string Code(int year, int number) => $"XM-{year}-" + number.ToString("D6", CultureInfo.InvariantCulture);
}
