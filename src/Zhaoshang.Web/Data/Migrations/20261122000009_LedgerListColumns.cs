using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;

namespace Zhaoshang.Web.Data.Migrations;

/// <summary>
/// The ledger's (path, stage) and (stage, path) indexes also carry the flag and the dates the list filters on, so a
/// filtered page (industrial, amount band, stalled) finds, counts and orders its ids from the index alone; before, each
/// such page read every matching row of the unit twice (for the page and the count). The (path, stage) index also
/// carries the name, for a unit's list sorted by name; the (stage, path) one stays narrower (every write updates both).
/// </summary>
[DbContext(typeof(AppDb))]
[Migration("20261122000009_LedgerListColumns")]
public sealed class LedgerListColumns : Migration
{
    private static readonly string[] Listed = ["IsIndustrial", "ContractDate", "StartDate"];
    private static readonly string[] ByOrg = ["OrgPath", "Stage", "ContractAmountYuan", "AgreedInvestmentYuan", "Code", "Id"];
    private static readonly string[] ByStage = ["Stage", "OrgPath", "ContractAmountYuan", "AgreedInvestmentYuan", "Code", "Id"];

    protected override void Up(MigrationBuilder mb) => Rebuild(mb, [.. ByOrg, .. Listed, "Name"], [.. ByStage, .. Listed]);

    protected override void Down(MigrationBuilder mb) => Rebuild(mb, ByOrg, ByStage);

    private static void Rebuild(MigrationBuilder mb, string[] byOrg, string[] byStage)
    {
        mb.DropIndex("IX_Projects_Ledger_OrgPath", "Projects");
        mb.DropIndex("IX_Projects_Ledger_Stage", "Projects");
        mb.CreateIndex("IX_Projects_Ledger_OrgPath", "Projects", byOrg);
        mb.CreateIndex("IX_Projects_Ledger_Stage", "Projects", byStage);
    }
}
