using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;

namespace Zhaoshang.Web.Data.Migrations;

/// <summary>Versioned yearly assessment rules, and hand-entered figures with their reasons.</summary>
[DbContext(typeof(AppDb))]
[Migration("20261122000013_Rules")]
public sealed class Rules : Migration
{
    protected override void Up(MigrationBuilder mb)
    {
        mb.CreateTable("RuleSets", t => new
        {
            Id = t.Column<Guid>(nullable: false),
            Year = t.Column<int>(nullable: false),
            Version = t.Column<int>(nullable: false),
            RulesJson = t.Column<string>(maxLength: 32000, nullable: false),
            Note = t.Column<string>(maxLength: 500, nullable: true),
            CreatedBy = t.Column<string>(maxLength: 256, nullable: true),
            CreatedAt = t.Column<DateTime>(nullable: false),
        }, constraints: t => t.PrimaryKey("PK_RuleSets", x => x.Id));
        mb.CreateIndex("IX_RuleSets_Year_Version", "RuleSets", ["Year", "Version"], unique: true);

        mb.CreateTable("Adjustments", t => new
        {
            Id = t.Column<Guid>(nullable: false),
            Year = t.Column<int>(nullable: false),
            Month = t.Column<int>(nullable: false),
            OrgId = t.Column<Guid>(nullable: false),
            OrgPath = t.Column<string>(maxLength: 400, nullable: false),
            IndicatorCode = t.Column<string>(maxLength: 64, nullable: false),
            Value = t.Column<decimal>(precision: 18, scale: 4, nullable: false),
            Reason = t.Column<string>(maxLength: 500, nullable: false),
            UserName = t.Column<string>(maxLength: 256, nullable: true),
            At = t.Column<DateTime>(nullable: false),
        }, constraints: t =>
        {
            t.PrimaryKey("PK_Adjustments", x => x.Id);
            t.ForeignKey("FK_Adjustments_Orgs_OrgId", x => x.OrgId, "Orgs", "Id", onDelete: ReferentialAction.Restrict);
            t.ForeignKey("FK_Adjustments_Indicators_IndicatorCode", x => x.IndicatorCode, "Indicators", "Code", onDelete: ReferentialAction.Restrict);
        });
        mb.CreateIndex("IX_Adjustments_Year_OrgId_IndicatorCode", "Adjustments", ["Year", "OrgId", "IndicatorCode"]);
        mb.CreateIndex("IX_Adjustments_OrgPath", "Adjustments", "OrgPath");
        mb.CreateIndex("IX_Adjustments_OrgId", "Adjustments", "OrgId");
        mb.CreateIndex("IX_Adjustments_IndicatorCode", "Adjustments", "IndicatorCode");
    }

    protected override void Down(MigrationBuilder mb)
    {
        mb.DropTable("Adjustments");
        mb.DropTable("RuleSets");
    }
}
