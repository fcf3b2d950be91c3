using System.Globalization;
using System.Reflection;
using System.Text.Json;
using System.Text.Json.Serialization;
using Microsoft.EntityFrameworkCore;
using Zhaoshang.Web.Data;
using Zhaoshang.Web.Features.Enterprises;

namespace Zhaoshang.Web.Features.Projects;

/// <summary>
/// Demo ledger data: the real projects the seeds name (demo-projects.json, facts as the seeds state them), entered
/// through the ledger's own rules. A stage whose evidence the seed does not give is not claimed: the project stays
/// at the last stage it can prove, and the seed's words are kept on its timeline.
/// </summary>
public static class DemoLedger
{
    private sealed record Dates(string? Contract, string? Start, string? Production);

    private sealed record Seed(string Name, string? Investor, string? InvestorHeadquarters, string? InvestorOwnership, string[] InvestorClasses,
        string? City, string? County, string? Industry, long? AmountYuan, string? AmountText, string Stage, Dates Dates, bool IsIndustrial,
        bool IsDigitalEconomy, bool IsCentralSoeProject, string Source);

    private static readonly JsonSerializerOptions Json = new() { PropertyNameCaseInsensitive = true, NumberHandling = JsonNumberHandling.AllowReadingFromString };

    /// <summary>Publication dates of the seed documents: a stage date the seed does not state is taken as the document's date.</summary>
    private static readonly Dictionary<string, DateOnly> DocumentDates = new()
    {
        ["000"] = new(2023, 6, 29), ["001"] = new(2024, 6, 24), ["002"] = new(2023, 4, 24), ["003"] = new(2021, 3, 24), ["004"] = new(2025, 1, 1),
    };

    private static readonly Dictionary<string, string> Cities = new()
    {
        ["贵阳市"] = "520100", ["六盘水市"] = "520200", ["遵义市"] = "520300", ["安顺市"] = "520400", ["毕节市"] = "520500", ["铜仁市"] = "520600",
        ["黔西南州"] = "522300", ["黔东南州"] = "522600", ["黔南州"] = "522700", ["贵安新区"] = "GUIAN",
    };

    public static async Task SeedAsync(IServiceProvider services, CancellationToken ct = default)
    {
        var db = services.GetRequiredService<AppDb>();
        var projects = services.GetRequiredService<ProjectEditing>();
        var stages = services.GetRequiredService<ProjectStages>();
        var now = services.GetRequiredService<TimeProvider>().GetUtcNow().UtcDateTime;
        await using var stream = Assembly.GetExecutingAssembly().GetManifestResourceStream("Zhaoshang.Web.Features.Projects.demo-projects.json")!;
        var seeds = await JsonSerializer.DeserializeAsync<List<Seed>>(stream, Json, ct) ?? [];
        var orgs = await db.Orgs.AsNoTracking().ToListAsync(ct);
        var industries = (await db.Industries.AsNoTracking().Select(i => i.Name).ToListAsync(ct)).ToHashSet();
        var province = orgs.Single(o => o.Code == Orgs.GuizhouOrgs.ProvinceCode);

        foreach (var seed in seeds)
        {
            var org = orgs.FirstOrDefault(o => seed.County is not null && o.Name.Replace(" ", "", StringComparison.Ordinal) == seed.County)
                ?? (seed.City is not null && Cities.TryGetValue(seed.City, out var cityCode) ? orgs.Single(o => o.Code == cityCode) : province);
            var investors = new List<Guid>();
            foreach (var (name, index) in EnterpriseImport.Split(seed.Investor).Select((n, i) => (n, i)))
            {
                var enterprise = await db.Enterprises.FirstOrDefaultAsync(e => e.Name == name, ct);
                if (enterprise is null)
                {
                    enterprise = new Enterprise
                    {
                        Id = Guid.CreateVersion7(), Name = name, OrgId = province.Id, OrgPath = province.Path, CreatedAt = now,
                        Headquarters = index == 0 ? seed.InvestorHeadquarters : null,
                        Ownership = index == 0 && seed.InvestorOwnership is { } o ? Enum.Parse<Ownership>(o, ignoreCase: true) : Ownership.Unknown,
                        Classes = index == 0 ? seed.InvestorClasses.Aggregate(EnterpriseClass.None, (c, x) => c | Enum.Parse<EnterpriseClass>(x, ignoreCase: true)) : EnterpriseClass.None,
                    };
                    enterprise.Derive();
                    db.Enterprises.Add(enterprise);
                    await db.SaveChangesAsync(ct);
                }
                investors.Add(enterprise.Id);
            }
            var industry = seed.Industry == "农业" ? "现代山地特色高效农业" : seed.Industry;
            var row = await projects.CreateAsync(new ProjectInput(seed.Name, org.Id, org.Id, industry is not null && industries.Contains(industry) ? industry : null,
                seed.AmountYuan ?? 0, null, null, null, seed.IsIndustrial, false, seed.IsDigitalEconomy, seed.IsCentralSoeProject, "种子文件",
                null, [.. investors]), ct);
            await AdvanceAsync(stages, row.Id, seed, ct);
        }
    }

    /// <summary>
    /// A realistic 2023 for every Guiyang unit of seed 002: districts and zones a dozen projects each, departments and
    /// SOEs a few, with their stage history, monthly funds in place and activities (resident offices first-visiting or
    /// accompanying). Deterministic; codes follow the ledger's own XM-2023-NNNNNN sequence.
    /// </summary>
    public static async Task GenerateGuiyang2023Async(IServiceProvider services, CancellationToken ct = default)
    {
        var db = services.GetRequiredService<AppDb>();
        var guiyang = await db.Orgs.AsNoTracking().SingleAsync(o => o.Code == Orgs.GuizhouOrgs.GuiyangCode, ct);
        var units = (await db.Orgs.AsNoTracking().Where(o => o.ParentId != null).ToListAsync(ct))
            .Where(o => o.Path.StartsWith(guiyang.Path, StringComparison.Ordinal) && o.Id != guiyang.Id).OrderBy(o => o.Path, StringComparer.Ordinal).ToList();
        var offices = units.Where(o => o.Kind == Orgs.OrgKind.ResidentOffice).ToList();
        var byId = units.Append(guiyang).ToDictionary(o => o.Id);
        // A project names a place of its own unit; a zone or bureau that names none, its district's or city's.
        string? Place(Orgs.Org org) => LedgerGenerator.PlaceOf(org)
            ?? (org.ParentId is { } parent && byId.TryGetValue(parent, out var above) ? LedgerGenerator.PlaceOf(above) : null);
        var number = 0;
        var generated = new List<GeneratedProject>();
        foreach (var (unit, index) in units.Where(u => LedgerGenerator.Weight(u.Kind) > 0).Select((u, i) => (u, i)))
        {
            var count = unit.Kind is Orgs.OrgKind.District or Orgs.OrgKind.DevZone ? 12 : 4;
            var generator = new LedgerGenerator([unit], offices, 2023, 2023, seed: 20230000 + index, place: Place);
            foreach (var g in generator.Generate(count))
            {
                generated.Add(g);
                g.Project.Code = $"XM-2023-{++number:D6}";
                if (g.Handoff is { } handoff)
                {
                    handoff.Code = g.Project.Code;
                    db.ProjectHandoffs.Add(handoff);
                }
                db.Projects.Add(g.Project);
                db.ProjectNameBigrams.AddRange(g.Grams);
                db.ProjectStageChanges.AddRange(g.StageChanges);
                db.FundEntries.AddRange(g.Funds);
                db.Activities.AddRange(g.Activities);
                db.ActivityOffices.AddRange(g.Offices);
            }
        }
        // Investors (some 优强) for the projects and the activities that met them; leader trips and offices' leads.
        var random = new Random(2023);
        var now = services.GetRequiredService<TimeProvider>().GetUtcNow().UtcDateTime;
        var province = await db.Orgs.AsNoTracking().SingleAsync(o => o.Code == Orgs.GuizhouOrgs.ProvinceCode, ct);
        var investors = DemoInvestors.Attach(db, generated, province, 2023, random, now);
        Activities.DemoActivities.Add(db, units, investors, 2023, random, now);
        await db.SaveChangesAsync(ct);
    }

    private static async Task AdvanceAsync(ProjectStages projects, Guid id, Seed seed, CancellationToken ct)
    {
        var target = Enum.Parse<ProjectStage>(seed.Stage, ignoreCase: true);
        var document = DocumentDates.GetValueOrDefault(seed.Source[..3], new DateOnly(2023, 1, 1));
        if (target is ProjectStage.Reserve or ProjectStage.Negotiating)
        {
            await projects.ChangeStageAsync(id, target, new StageEvidence(Date: document), null, ct);
            return;
        }
        if (target < ProjectStage.Signed)
        {
            return;
        }
        if (seed.AmountYuan is not > 0)
        {
            // The seed says the project is signed or further, but not for how much: the ledger cannot record a signing
            // without its amount, so the project waits at 洽谈 with the seed's account on its timeline.
            await projects.ChangeStageAsync(id, ProjectStage.Negotiating, new StageEvidence(Date: document,
                Reason: $"种子文件载明阶段为“{StageMachine.Name(target)}”{DatesText(seed.Dates)}，但未载明投资额，签约须补录合同投资额。来源：{seed.Source}"), null, ct);
            return;
        }
        var contract = Parse(seed.Dates.Contract) ?? document;
        await projects.ChangeStageAsync(id, ProjectStage.Signed, new StageEvidence(contract, seed.AmountYuan), null, ct);
        if (target >= ProjectStage.Started)
        {
            var start = Parse(seed.Dates.Start) ?? Max(document, contract);
            await projects.ChangeStageAsync(id, ProjectStage.Started, new StageEvidence(start), null, ct);
            if (target >= ProjectStage.Operating)
            {
                await projects.ChangeStageAsync(id, ProjectStage.Operating, new StageEvidence(Parse(seed.Dates.Production) ?? Max(document, start)), null, ct);
            }
        }
    }

    private static DateOnly Max(DateOnly a, DateOnly b) => a > b ? a : b;

    private static string DatesText(Dates d) =>
        string.Concat(d.Contract is null ? "" : $"，{d.Contract} 签约", d.Start is null ? "" : $"，{d.Start} 开工", d.Production is null ? "" : $"，{d.Production} 投产");

    /// <summary>"2020-11-03" or "2020-11" (the first of the month).</summary>
    private static DateOnly? Parse(string? text) =>
        text is null ? null
        : DateOnly.TryParseExact(text, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var d) ? d
        : DateOnly.TryParseExact(text + "-01", "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out d) ? d : null;
}
