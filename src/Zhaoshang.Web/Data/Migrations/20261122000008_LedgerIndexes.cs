using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;

namespace Zhaoshang.Web.Data.Migrations;

/// <summary>
/// The ledger's (path, stage) and (stage, path) indexes also carry the amounts, code and id, so a list page finds and
/// orders its ids from the index alone and reads only the rows it shows.
/// </summary>
[DbContext(typeof(AppDb))]
[Migration("20261122000008_LedgerIndexes")]
public sealed class LedgerIndexes : Migration
{
    private static readonly string[] ByOrg = ["OrgPath", "Stage", "ContractAmountYuan", "AgreedInvestmentYuan", "Code", "Id"];
    private static readonly string[] ByStage = ["Stage", "OrgPath", "ContractAmountYuan", "AgreedInvestmentYuan", "Code", "Id"];

    protected override void Up(MigrationBuilder mb)
    {
        mb.DropIndex("IX_Projects_OrgPath_Stage", "Projects");
        mb.DropIndex("IX_Projects_Stage_OrgPath", "Projects");
        mb.CreateIndex("IX_Projects_Ledger_OrgPath", "Projects", ByOrg);
        mb.CreateIndex("IX_Projects_Ledger_Stage", "Projects", ByStage);
    }

    protected override void Down(MigrationBuilder mb)
    {
        mb.DropIndex("IX_Projects_Ledger_OrgPath", "Projects");
        mb.DropIndex("IX_Projects_Ledger_Stage", "Projects");
        mb.CreateIndex("IX_Projects_OrgPath_Stage", "Projects", ["OrgPath", "Stage"]);
        mb.CreateIndex("IX_Projects_Stage_OrgPath", "Projects", ["Stage", "OrgPath"]);
    }
}
