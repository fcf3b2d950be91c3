using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using DocumentFormat.OpenXml.Packaging;
using Zhaoshang.Tests.Infrastructure;
using Zhaoshang.Web.Features.Majors;
using Zhaoshang.Web.Features.Projects;

namespace Zhaoshang.Tests.Majors;

/// <summary>
/// Issue 19, points 5 and 6: the rates defined once and the dispatch report. A dataset shaped like seed 004's 2025 —
/// 797 major projects signed and 696 started (industrial 196 / 148, private 731 / 641), the year's signings started at 65 % —
/// gives exactly those counts and rates on the report, in its .docx and its .xlsx, on both databases.
/// </summary>
public sealed class DispatchReportTests
{
    [Theory, SqliteData, PostgresData]
    public async Task A_dataset_shaped_like_seed_004s_2025_gives_its_counts_and_rates(Db db)
    {
        using var app = new TestApp(db);
        var officer = await app.ClientForAsync("officer.yunyan");
        var privateFirm = await Tickets.TicketFlow.EnterpriseAsync(officer, "贵州民营投资有限公司", "91520103MA6DP2P81");
        var soe = await Tickets.TicketFlow.EnterpriseAsync(officer, "中国中央建设集团有限公司", "91110000100001234");
        var unit = await app.OrgAsync("520103");
        // A: signed and started in 2025 (518); B: signed in 2025, not started by its end (279); C: signed in 2024, started in 2025 (178).
        // Industrial: A 120, B 76, C 28 (signed 196, started 148); private: A 500, B 231, C 141 (signed 731, started 641). 100 of C in production.
        await app.WithDbAsync(async context =>
        {
            (await context.Enterprises.FindAsync(privateFirm))!.Ownership = Zhaoshang.Web.Features.Enterprises.Ownership.Private;
            (await context.Enterprises.FindAsync(soe))!.Ownership = Zhaoshang.Web.Features.Enterprises.Ownership.CentralSoe;
            var n = 0;
            void Add(int count, int industrial, int privateCount, Func<int, (DateOnly Signed, DateOnly? Started, DateOnly? Production)> dates)
            {
                for (var i = 0; i < count; i++)
                {
                    var (signed, started, production) = dates(i);
                    var project = new Project
                    {
                        Id = Guid.CreateVersion7(), Code = $"ZD-2025-{++n:D6}", Name = $"重大项目{n}", OrgId = unit.Id, OrgPath = unit.Path,
                        AgreedInvestmentYuan = 300_000_000, ContractAmountYuan = 300_000_000, ContractDate = signed, StartDate = started, ProductionDate = production,
                        Stage = production is not null ? ProjectStage.Operating : started is not null ? ProjectStage.Started : ProjectStage.Signed,
                        StageDate = production ?? started ?? signed, IsIndustrial = i < industrial, CreatedAt = app.Clock.GetUtcNow().UtcDateTime,
                    };
                    context.Projects.Add(project);
                    context.ProjectInvestors.Add(new ProjectInvestor { ProjectId = project.Id, EnterpriseId = i < privateCount ? privateFirm : soe });
                    context.MajorProjects.Add(MajorProject.For(project, MajorLevel.County, i < industrial ? CoordinationGroup.Industry : CoordinationGroup.Services,
                        false, app.Clock.GetUtcNow().UtcDateTime));
                }
            }
            Add(518, 120, 500, i => (new DateOnly(2025, 1, 1).AddDays(i % 200), new DateOnly(2025, 8, 1).AddDays(i % 150), null));
            Add(279, 76, 231, i => (new DateOnly(2025, 3, 1).AddDays(i % 300), null, null));
            Add(178, 28, 141, i => (new DateOnly(2024, 6, 1).AddDays(i % 180), new DateOnly(2025, 2, 1).AddDays(i % 300), i < 100 ? new DateOnly(2025, 12, 1) : null));
            return await context.SaveChangesAsync();
        });

        var leader = await app.ClientForAsync("leader.gz"); // the province's view
        var report = await leader.GetFromJsonAsync<JsonElement>("/api/majors/report?year=2025&month=12");
        var rates = report.GetProperty("rates");
        Assert.Equal((797, 696, 518), (rates.GetProperty("signedInPeriod").GetInt32(), rates.GetProperty("startedInPeriod").GetInt32(), rates.GetProperty("newSignedStarted").GetInt32()));
        Assert.Equal((196, 148), Counts(report.GetProperty("industrial")));
        Assert.Equal((731, 641), Counts(report.GetProperty("private")));
        // By hand: 518 / 797 = 64.99 % (seed 004: 65 %); 开工率 = 696 started / 975 signed by the year's end; 投产率 = 100 / 975.
        Assert.Equal(100m * 518 / 797, rates.GetProperty("newSigningStartRate").GetDecimal());
        Assert.Equal(100m * 696 / 975, rates.GetProperty("startRate").GetDecimal());
        Assert.Equal(100m * 100 / 975, rates.GetProperty("productionRate").GetDecimal());
        Assert.Equal("65.0%", DispatchDocuments.Rate(rates.GetProperty("newSigningStartRate").GetDecimal()));
        Assert.Equal(975, report.GetProperty("projects").GetInt32());
        var industryGroup = report.GetProperty("byGroup").EnumerateArray().Single(l => l.GetProperty("label").GetString() == "工业组");
        Assert.Equal((196, 148), Counts(industryGroup));

        // The assessment reads the same rates, defined once: the district's figures and the projects behind them.
        foreach (var (indicator, counted, of) in new[] { ("newSigningStartRate", 518, 797), ("startRate", 696, 975), ("productionRate", 100, 975) })
        {
            var facts = await leader.GetFromJsonAsync<JsonElement>($"/api/assessment/facts?year=2025&period=m12&orgId={unit.Id}&indicator={indicator}&limit=5");
            Assert.Equal(Math.Round(100m * counted / of, 4), facts.GetProperty("computed").GetDecimal()); // the assessment keeps four decimals
            Assert.Equal((counted, of), (facts.GetProperty("facts").GetProperty("counted").GetInt32(), facts.GetProperty("facts").GetProperty("count").GetInt32()));
        }

        // The same figures in the documents the bureau sends.
        var docx = await leader.GetAsync("/api/majors/report?year=2025&month=12&format=docx&number=" + Uri.EscapeDataString("黔投促调〔2026〕1号"));
        Assert.Equal(HttpStatusCode.OK, docx.StatusCode);
        using (var word = WordprocessingDocument.Open(new MemoryStream(await docx.Content.ReadAsByteArrayAsync()), false))
        {
            var text = word.MainDocumentPart!.Document.Body!.InnerText;
            Assert.Contains("签约797个、开工696个", text);
            Assert.Contains("工业项目签约196个、开工148个", text);
            Assert.Contains("民营企业项目签约731个、开工641个", text);
            Assert.Contains("新签约项目开工率65.0%", text);
            Assert.Contains("黔投促调〔2026〕1号", text);
        }
        var xlsx = await leader.GetAsync("/api/majors/report?year=2025&month=12&format=xlsx");
        Assert.Equal(HttpStatusCode.OK, xlsx.StatusCode);
        var sheets = Zhaoshang.Web.Shared.Xlsx.Read(new MemoryStream(await xlsx.Content.ReadAsByteArrayAsync()), 10_000);
        var groups = sheets.Single(s => s.Name == "协调小组");
        var industryRow = groups.Rows.Single(r => r.Length > 0 && r[0] == "工业组");
        Assert.Equal(("196", "148"), (industryRow[3], industryRow[4]));

        // Another district's officer sees none of them; a bad month is named.
        var nanming = await (await app.ClientForAsync("officer.nanming")).GetFromJsonAsync<JsonElement>("/api/majors/report?year=2025&month=12");
        Assert.Equal(0, nanming.GetProperty("projects").GetInt32());
        Assert.Equal(HttpStatusCode.BadRequest, (await leader.GetAsync("/api/majors/report?year=2025&month=13")).StatusCode);
    }

    private static (int Signed, int Started) Counts(JsonElement line) =>
        (line.GetProperty("rates").GetProperty("signedInPeriod").GetInt32(), line.GetProperty("rates").GetProperty("startedInPeriod").GetInt32());
}
