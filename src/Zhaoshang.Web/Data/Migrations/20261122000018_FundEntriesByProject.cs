using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;

namespace Zhaoshang.Web.Data.Migrations;

/// <summary>
/// The year's fund entries ordered by unit and then project (the month after them): SQLite sums them per unit and
/// project as it reads the index, and tests each project once against the industrial ones instead of each entry.
/// </summary>
[DbContext(typeof(AppDb))]
[Migration("20261122000018_FundEntriesByProject")]
public sealed class FundEntriesByProject : Migration
{
    protected override void Up(MigrationBuilder mb)
    {
        mb.DropIndex("IX_FundEntries_Assessment", "FundEntries");
        mb.CreateIndex("IX_FundEntries_Assessment", "FundEntries", ["Year", "OrgPath", "ProjectId", "Month", "AmountYuan"]);
    }

    protected override void Down(MigrationBuilder mb)
    {
        mb.DropIndex("IX_FundEntries_Assessment", "FundEntries");
        mb.CreateIndex("IX_FundEntries_Assessment", "FundEntries", ["Year", "OrgPath", "Month", "ProjectId", "AmountYuan"]);
    }
}
