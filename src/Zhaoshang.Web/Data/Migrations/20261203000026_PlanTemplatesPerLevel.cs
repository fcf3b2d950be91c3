using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;

namespace Zhaoshang.Web.Data.Migrations;

/// <summary>
/// Plan templates per level (issue 19: "editable as data per level"): a template belongs to the system ("/") or to a
/// province, city or county, and a plan takes the nearest level's. The templates already edited were the system's.
/// </summary>
[DbContext(typeof(AppDb))]
[Migration("20261203000026_PlanTemplatesPerLevel")]
public sealed class PlanTemplatesPerLevel : Migration
{
    private const string Columns = "\"Group\", \"Code\", \"Name\", \"SortOrder\", \"After\", \"Days\"";

    // SQLite cannot change a primary key in place: the table is made again, its rows kept through a copy.
    protected override void Up(MigrationBuilder mb)
    {
        mb.Sql($"""CREATE TABLE "MilestoneTemplatesCopy" AS SELECT {Columns} FROM "MilestoneTemplates" """);
        mb.DropTable("MilestoneTemplates");
        mb.CreateTable("MilestoneTemplates", t => new
        {
            LevelPath = t.Column<string>(maxLength: 400, nullable: false),
            Group = t.Column<string>(maxLength: 16, nullable: false),
            Code = t.Column<string>(maxLength: 32, nullable: false),
            Name = t.Column<string>(maxLength: 50, nullable: false),
            SortOrder = t.Column<int>(nullable: false),
            After = t.Column<string>(maxLength: 32, nullable: true),
            Days = t.Column<int>(nullable: false),
        }, constraints: t => t.PrimaryKey("PK_MilestoneTemplates", x => new { x.LevelPath, x.Group, x.Code }));
        mb.Sql($"""INSERT INTO "MilestoneTemplates" ("LevelPath", {Columns}) SELECT '/', {Columns} FROM "MilestoneTemplatesCopy" """);
        mb.DropTable("MilestoneTemplatesCopy");
    }

    protected override void Down(MigrationBuilder mb)
    {
        mb.Sql($"""CREATE TABLE "MilestoneTemplatesCopy" AS SELECT {Columns} FROM "MilestoneTemplates" WHERE "LevelPath" = '/'""");
        mb.DropTable("MilestoneTemplates");
        mb.CreateTable("MilestoneTemplates", t => new
        {
            Group = t.Column<string>(maxLength: 16, nullable: false),
            Code = t.Column<string>(maxLength: 32, nullable: false),
            Name = t.Column<string>(maxLength: 50, nullable: false),
            SortOrder = t.Column<int>(nullable: false),
            After = t.Column<string>(maxLength: 32, nullable: true),
            Days = t.Column<int>(nullable: false),
        }, constraints: t => t.PrimaryKey("PK_MilestoneTemplates", x => new { x.Group, x.Code }));
        mb.Sql($"""INSERT INTO "MilestoneTemplates" ({Columns}) SELECT {Columns} FROM "MilestoneTemplatesCopy" """);
        mb.DropTable("MilestoneTemplatesCopy");
    }
}
