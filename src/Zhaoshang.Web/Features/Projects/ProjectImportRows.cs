using Microsoft.EntityFrameworkCore;
using Zhaoshang.Web.Data;
using Zhaoshang.Web.Features.Enterprises;
using Zhaoshang.Web.Shared;
using static Zhaoshang.Web.Features.Projects.ProjectSheet;

namespace Zhaoshang.Web.Features.Projects;

/// <summary>One row of an import, read and checked.</summary>
internal sealed record ImportRow(int Line, string? Code, Orgs.Org Org, Guid? LocationOrgId, ProjectInput Input, ProjectStage Stage,
    long? ContractAmountYuan, DateOnly? ContractDate, DateOnly? StartDate, DateOnly? ProductionDate, decimal? Designed, decimal? Actual,
    string? Reason);

/// <summary>
/// Reading an import's rows: each cell to its field, with the sheet, row and column of every error, the stage a row
/// has reached and the evidence it needs; nothing is written here.
/// </summary>
public sealed class ProjectImportRows(AppDb db, TimeProvider time)
{
    internal async Task<List<ImportRow>> ParseAsync(ImportSheet sheet, CancellationToken ct)
    {
        var orgs = await db.Orgs.AsNoTracking().Where(o => o.IsActive).ToListAsync(ct);
        var orgByKey = new Dictionary<string, Orgs.Org>();
        foreach (var o in orgs)
        {
            orgByKey.TryAdd(o.Code, o);
            orgByKey.TryAdd(OrgKey(o.Name), o);
        }
        var industries = (await db.Industries.AsNoTracking().Where(i => i.IsActive).Select(i => i.Name).ToListAsync(ct)).ToHashSet();
        var investorTexts = sheet.DataRows().SelectMany(r => EnterpriseImport.Split(sheet.Text(r.Index, CInvestors))).Distinct().ToList();
        var enterprises = new Dictionary<string, Guid>();
        foreach (var chunk in investorTexts.Chunk(1000))
        {
            var codes = chunk.Select(CreditCode.Normalize).ToList();
            foreach (var e in await db.Enterprises.AsNoTracking().Where(e => EF.Parameter(chunk).Contains(e.Name) || EF.Parameter(codes).Contains(e.CreditCode!))
                .Select(e => new { e.Id, e.Name, e.CreditCode }).ToListAsync(ct))
            {
                enterprises.TryAdd(e.Name, e.Id);
                if (e.CreditCode is not null)
                {
                    enterprises.TryAdd(e.CreditCode, e.Id);
                }
            }
        }

        var rows = new List<ImportRow>();
        var seen = new Dictionary<string, int>();
        var today = time.Today();
        foreach (var (line, r) in sheet.DataRows())
        {
            var before = sheet.Errors.Count;
            var name = sheet.Text(r, CName);
            if (name is null || name.Length > 200)
            {
                sheet.Error(line, CName, "项目名称不能为空，且不超过 200 个字符。");
            }
            var orgText = sheet.Text(r, COrg);
            Orgs.Org? org = null;
            if (orgText is null)
            {
                sheet.Error(line, COrg, "必填。");
            }
            else if (!orgByKey.TryGetValue(orgText, out org) && !orgByKey.TryGetValue(OrgKey(orgText), out org))
            {
                sheet.Error(line, COrg, "单位“{0}”不存在或不在您的数据范围内。", orgText);
            }
            Guid? location = null;
            if (sheet.Text(r, CLocation) is { } locationText)
            {
                if (orgByKey.TryGetValue(locationText, out var l) || orgByKey.TryGetValue(OrgKey(locationText), out l))
                {
                    location = l.Id;
                }
                else
                {
                    sheet.Error(line, CLocation, "单位“{0}”不存在或不在您的数据范围内。", locationText);
                }
            }
            var industry = sheet.Text(r, CIndustry);
            if (industry is not null && !industries.Contains(industry))
            {
                sheet.Error(line, CIndustry, "“{0}”不是全省重点产业之一，可选：{1}。", industry, string.Join("、", industries));
            }
            var investorIds = new List<Guid>();
            foreach (var text in EnterpriseImport.Split(sheet.Text(r, CInvestors)))
            {
                if (enterprises.TryGetValue(text, out var id) || enterprises.TryGetValue(CreditCode.Normalize(text), out id))
                {
                    investorIds.Add(id);
                }
                else
                {
                    sheet.Error(line, CInvestors, "企业“{0}”未登记：请先导入或登记企业（按名称或统一社会信用代码匹配）。", text);
                }
            }
            var agreed = sheet.Amount(line, r, CAgreed, ChineseText.Wan, required: true);
            var stage = ProjectStage.Lead;
            if (sheet.Text(r, CStage) is { } stageText && !TryStage(stageText, out stage))
            {
                sheet.Error(line, CStage, "“{0}”不是有效的项目阶段，可选：{1}。", stageText, string.Join("、", Enum.GetValues<ProjectStage>().Select(StageMachine.Name)));
            }
            var contract = sheet.Amount(line, r, CContract, ChineseText.Wan);
            var contractDate = sheet.Date(line, r, CContractDate);
            var plannedStart = sheet.Date(line, r, CPlannedStart);
            var start = sheet.Date(line, r, CStart);
            var production = sheet.Date(line, r, CProduction);
            var designed = sheet.Number(line, r, CDesigned);
            var actual = sheet.Number(line, r, CActual);
            var land = sheet.Number(line, r, CLand);
            var jobs = sheet.Number(line, r, CJobs);
            var factory = sheet.Number(line, r, CFactory);
            if (jobs is { } j && j != decimal.Truncate(j))
            {
                sheet.Error(line, CJobs, "计划用工须为整数。");
            }
            var reason = sheet.Text(r, CReason);
            if (sheet.Errors.Count == before)
            {
                CheckEvidence(sheet, line, stage, contract, contractDate, start, production, designed, actual, reason, today);
            }
            var code = sheet.Text(r, CCode)?.ToUpperInvariant();
            var key = code ?? $"{org?.Id}|{name}";
            if (name is not null && !seen.TryAdd(key, line))
            {
                sheet.Error(line, code is null ? CName : CCode, code is null ? "与第 {0} 行是同一项目（同一责任单位、同一名称），请合并为一行。" : "与第 {0} 行是同一项目（同一编码），请合并为一行。", seen[key]);
            }
            if (sheet.Errors.Count == before)
            {
                var input = new ProjectInput(name, org!.Id, location, industry, agreed!.Value, plannedStart, land, jobs is { } n ? (int)n : null,
                    sheet.Flag(line, r, CIndustrial), sheet.Flag(line, r, CHq), sheet.Flag(line, r, CDigital), sheet.Flag(line, r, CSoe),
                    sheet.Text(r, CChannel), factory, [.. investorIds.Distinct()]);
                if (input.Channel?.Length > 32)
                {
                    sheet.Error(line, CChannel, "招商渠道不超过 32 个字符。");
                }
                rows.Add(new ImportRow(line, code, org, location, input, stage, contract, contractDate, start, production, designed, actual, reason));
            }
        }
        return rows;
    }

    /// <summary>
    /// The evidence the stage needs — the stage machine's rule, for every stage the project has passed (a project imported
    /// as operating was signed and started too) — and dates in order and not in the future.
    /// </summary>
    private static void CheckEvidence(ImportSheet sheet, int line, ProjectStage stage, long? contract, DateOnly? contractDate, DateOnly? start,
        DateOnly? production, decimal? designed, decimal? actual, string? reason, DateOnly today)
    {
        var name = new Word(StageMachine.Name(stage));
        var reached = stage is ProjectStage.OnHold or ProjectStage.Terminated ? ProjectStage.Lead : stage;
        var needed = StageMachine.Passed(reached).Select(passed => (passed, passed switch
        {
            ProjectStage.Signed => new StageEvidence(contractDate, contract),
            ProjectStage.Started => new StageEvidence(start),
            ProjectStage.Operating => new StageEvidence(production),
            _ => new StageEvidence(DesignedCapacity: designed, ActualCapacity: actual),
        }));
        if (stage is ProjectStage.OnHold or ProjectStage.Terminated)
        {
            needed = needed.Append((stage, new StageEvidence(Reason: reason)));
        }
        foreach (var (passed, evidence) in needed)
        {
            var missing = StageMachine.Missing(passed, evidence).ToList();
            if (passed == ProjectStage.AtCapacity && missing.Count > 0)
            {
                sheet.Error(line, designed is not > 0 ? CDesigned : CActual, "达产的项目须填写设计产能和实际产能（均大于 0）。");
                continue;
            }
            foreach (var piece in missing)
            {
                var (column, template) = MissingCell[piece];
                sheet.Error(line, column, template, name);
            }
        }
        foreach (var (date, column) in new[] { (contractDate, CContractDate), (start, CStart), (production, CProduction) })
        {
            if (date > today)
            {
                sheet.Error(line, column, "日期 {0:yyyy-MM-dd} 晚于今天。", date);
            }
        }
        if (contractDate is { } c && start is { } s && s < c)
        {
            sheet.Error(line, CStart, "开工日期 {0:yyyy-MM-dd} 早于签约日期 {1:yyyy-MM-dd}。", s, c);
        }
        if (start is { } s2 && production is { } p && p < s2)
        {
            sheet.Error(line, CProduction, "投产日期 {0:yyyy-MM-dd} 早于开工日期 {1:yyyy-MM-dd}。", p, s2);
        }
    }

    /// <summary>Where the import holds each piece of evidence the stage machine names, and how a row missing it is told.</summary>
    private static readonly Dictionary<string, (string Column, string Template)> MissingCell = new()
    {
        ["合同投资额（大于 0）"] = (CContract, "“{0}”阶段的项目须填写签约金额（大于 0）。"),
        ["签约日期"] = (CContractDate, "“{0}”阶段的项目须填写签约日期。"),
        ["开工日期"] = (CStart, "“{0}”阶段的项目须填写开工日期。"),
        ["投产日期"] = (CProduction, "“{0}”阶段的项目须填写投产日期。"),
        ["原因"] = (CReason, "{0}的项目须填写原因。"),
    };

    private static bool TryStage(string text, out ProjectStage stage)
    {
        var t = text.Trim();
        foreach (var s in Enum.GetValues<ProjectStage>())
        {
            if (StageMachine.Name(s) == t || ApiEnum.Name(s).Equals(t, StringComparison.OrdinalIgnoreCase))
            {
                stage = s;
                return true;
            }
        }
        (var ok, stage) = t switch
        {
            "在谈" => (true, ProjectStage.Negotiating),
            "已签约" => (true, ProjectStage.Signed),
            "在建" or "已开工" => (true, ProjectStage.Started),
            "已投产" => (true, ProjectStage.Operating),
            "已达产" => (true, ProjectStage.AtCapacity),
            _ => (false, ProjectStage.Lead),
        };
        return ok;
    }

    /// <summary>Unit names are matched without spaces (the seed's names carry stray PDF spaces) and in half-width.</summary>
    private static string OrgKey(string name) => ChineseText.NameKey(name);
}
