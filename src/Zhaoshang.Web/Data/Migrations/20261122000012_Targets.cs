using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;

namespace Zhaoshang.Web.Data.Migrations;

/// <summary>Assessment indicators (as data) and the yearly decomposition tables with each unit's targets.</summary>
[DbContext(typeof(AppDb))]
[Migration("20261122000012_Targets")]
public sealed class Targets : Migration
{
    protected override void Up(MigrationBuilder mb)
    {
        mb.CreateTable("Indicators", t => new
        {
            Code = t.Column<string>(maxLength: 64, nullable: false),
            Name = t.Column<string>(maxLength: 100, nullable: false),
            NameEn = t.Column<string>(maxLength: 200, nullable: true),
            Unit = t.Column<string>(maxLength: 16, nullable: false),
            DefinitionJson = t.Column<string>(maxLength: 4000, nullable: false),
            HeadersJson = t.Column<string>(maxLength: 2000, nullable: false),
            SortOrder = t.Column<int>(nullable: false),
            IsActive = t.Column<bool>(nullable: false),
        }, constraints: t => t.PrimaryKey("PK_Indicators", x => x.Code));

        mb.CreateTable("TargetYears", t => new
        {
            Year = t.Column<int>(nullable: false),
            Version = t.Column<long>(nullable: false),
            UpdatedAt = t.Column<DateTime>(nullable: false),
        }, constraints: t => t.PrimaryKey("PK_TargetYears", x => x.Year));

        mb.CreateTable("TargetSheets", t => new
        {
            Id = t.Column<Guid>(nullable: false),
            Year = t.Column<int>(nullable: false),
            Position = t.Column<int>(nullable: false),
            Title = t.Column<string>(maxLength: 100, nullable: false),
            TotalLabel = t.Column<string>(maxLength: 32, nullable: false),
            ColumnsJson = t.Column<string>(maxLength: 8000, nullable: false),
            StatedTotalsJson = t.Column<string>(maxLength: 4000, nullable: false),
            NotesJson = t.Column<string>(maxLength: 8000, nullable: false),
        }, constraints: t =>
        {
            t.PrimaryKey("PK_TargetSheets", x => x.Id);
            t.ForeignKey("FK_TargetSheets_TargetYears_Year", x => x.Year, "TargetYears", "Year", onDelete: ReferentialAction.Cascade);
        });
        mb.CreateIndex("IX_TargetSheets_Year_Title", "TargetSheets", ["Year", "Title"], unique: true);

        mb.CreateTable("Targets", t => new
        {
            Id = t.Column<Guid>(nullable: false),
            Year = t.Column<int>(nullable: false),
            SheetId = t.Column<Guid>(nullable: false),
            Row = t.Column<int>(nullable: false),
            OrgId = t.Column<Guid>(nullable: false),
            OrgPath = t.Column<string>(maxLength: 400, nullable: false),
            IndicatorCode = t.Column<string>(maxLength: 64, nullable: false),
            Value = t.Column<decimal>(precision: 18, scale: 4, nullable: true),
        }, constraints: t =>
        {
            t.PrimaryKey("PK_Targets", x => x.Id);
            t.ForeignKey("FK_Targets_TargetSheets_SheetId", x => x.SheetId, "TargetSheets", "Id", onDelete: ReferentialAction.Cascade);
            t.ForeignKey("FK_Targets_Orgs_OrgId", x => x.OrgId, "Orgs", "Id", onDelete: ReferentialAction.Restrict);
            t.ForeignKey("FK_Targets_Indicators_IndicatorCode", x => x.IndicatorCode, "Indicators", "Code", onDelete: ReferentialAction.Restrict);
        });
        mb.CreateIndex("IX_Targets_Year_OrgId_IndicatorCode", "Targets", ["Year", "OrgId", "IndicatorCode"], unique: true);
        mb.CreateIndex("IX_Targets_Year_OrgPath", "Targets", ["Year", "OrgPath"]);
        mb.CreateIndex("IX_Targets_SheetId", "Targets", "SheetId");
        mb.CreateIndex("IX_Targets_OrgId", "Targets", "OrgId");
        mb.CreateIndex("IX_Targets_IndicatorCode", "Targets", "IndicatorCode");
    }

    protected override void Down(MigrationBuilder mb)
    {
        mb.DropTable("Targets");
        mb.DropTable("TargetSheets");
        mb.DropTable("TargetYears");
        mb.DropTable("Indicators");
    }
}
