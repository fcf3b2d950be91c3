using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;

namespace Zhaoshang.Web.Data.Migrations;

/// <summary>
/// Covering indexes for the assessment's recompute: a year's fund entries (unit, month, project, amount), the
/// projects' flags by id, and a year's activities (unit, kind, enterprise; replacing the index on the date alone). On
/// the 100,000-project dataset (218,366 fund entries in 2023), by hand in sqlite3 after ANALYZE, the GROUP BY of the
/// funds went from 0.67 s to 0.15 s, and the activities' from 0.20 s to 0.04 s: both read the indexes instead of the
/// tables. Without ANALYZE (the app runs none) SQLite still looks projects up by key in a join; see Actuals.
/// </summary>
[DbContext(typeof(AppDb))]
[Migration("20261122000015_AssessmentIndexes")]
public sealed class AssessmentIndexes : Migration
{
    protected override void Up(MigrationBuilder mb)
    {
        mb.CreateIndex("IX_FundEntries_Assessment", "FundEntries", ["Year", "OrgPath", "Month", "ProjectId", "AmountYuan"]);
        mb.CreateIndex("IX_Projects_Flags", "Projects", ["Id", "IsIndustrial", "IsHqEconomy", "IsDigitalEconomy", "IsCentralSoeProject"]);
        mb.DropIndex("IX_Activities_Date", "Activities");
        mb.CreateIndex("IX_Activities_Assessment", "Activities", ["Date", "OrgPath", "Kind", "EnterpriseId"]);
    }

    protected override void Down(MigrationBuilder mb)
    {
        mb.DropIndex("IX_Activities_Assessment", "Activities");
        mb.CreateIndex("IX_Activities_Date", "Activities", "Date");
        mb.DropIndex("IX_Projects_Flags", "Projects");
        mb.DropIndex("IX_FundEntries_Assessment", "FundEntries");
    }
}
