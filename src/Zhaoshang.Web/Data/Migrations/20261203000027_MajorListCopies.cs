using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;

namespace Zhaoshang.Web.Data.Migrations;

/// <summary>
/// The major-project list keeps its projects' code, name, stage and amount (issue 19's list of 50,000 over a million
/// projects: filtered, counted and sorted in its own table), taken from the projects here; and the plan's and task
/// force's rows of a project moved to another unit follow it.
/// </summary>
[DbContext(typeof(AppDb))]
[Migration("20261203000027_MajorListCopies")]
public sealed class MajorListCopies : Migration
{
    protected override void Up(MigrationBuilder mb)
    {
        mb.AddColumn<string>("Code", "MajorProjects", maxLength: 32, nullable: false, defaultValue: "");
        mb.AddColumn<string>("Name", "MajorProjects", maxLength: 200, nullable: false, defaultValue: "");
        mb.AddColumn<string>("Stage", "MajorProjects", maxLength: 16, nullable: false, defaultValue: "Reserve");
        mb.AddColumn<long>("AmountYuan", "MajorProjects", nullable: false, defaultValue: 0L);
        mb.Sql("""
            UPDATE "MajorProjects" SET
                "Code" = (SELECT p."Code" FROM "Projects" p WHERE p."Id" = "MajorProjects"."ProjectId"),
                "Name" = (SELECT p."Name" FROM "Projects" p WHERE p."Id" = "MajorProjects"."ProjectId"),
                "Stage" = (SELECT p."Stage" FROM "Projects" p WHERE p."Id" = "MajorProjects"."ProjectId"),
                "AmountYuan" = (SELECT COALESCE(p."ContractAmountYuan", p."AgreedInvestmentYuan") FROM "Projects" p WHERE p."Id" = "MajorProjects"."ProjectId"),
                "OrgId" = (SELECT p."OrgId" FROM "Projects" p WHERE p."Id" = "MajorProjects"."ProjectId"),
                "OrgPath" = (SELECT p."OrgPath" FROM "Projects" p WHERE p."Id" = "MajorProjects"."ProjectId")
            """);
        mb.Sql("""UPDATE "Milestones" SET "OrgPath" = (SELECT m."OrgPath" FROM "MajorProjects" m WHERE m."ProjectId" = "Milestones"."ProjectId")""");
        mb.Sql("""UPDATE "MajorMembers" SET "OrgPath" = (SELECT m."OrgPath" FROM "MajorProjects" m WHERE m."ProjectId" = "MajorMembers"."ProjectId")""");
        mb.CreateIndex("IX_MajorProjects_AmountYuan_Code_OrgPath_Stage_Level_Group_Name", "MajorProjects", ["AmountYuan", "Code", "OrgPath", "Stage", "Level", "Group", "Name"]);
        // The list counts from one index (scope, stage, level, group, name, code) without reading the rows.
        mb.DropIndex("IX_MajorProjects_OrgPath_Level", "MajorProjects");
        if (ActiveProvider == "Npgsql.EntityFrameworkCore.PostgreSQL")
        {
            // The scope's range compares paths byte by byte (as SQLite does), not through the database's locale: over
            // 50,000 rows that is a third of the count's time.
            mb.Sql("""ALTER TABLE "MajorProjects" ALTER COLUMN "OrgPath" TYPE character varying(400) COLLATE "C" """);
        }
        mb.CreateIndex("IX_MajorProjects_OrgPath_Stage_Level_Group_Name_Code", "MajorProjects", ["OrgPath", "Stage", "Level", "Group", "Name", "Code"]);
    }

    protected override void Down(MigrationBuilder mb)
    {
        mb.DropIndex("IX_MajorProjects_AmountYuan_Code_OrgPath_Stage_Level_Group_Name", "MajorProjects");
        mb.DropIndex("IX_MajorProjects_OrgPath_Stage_Level_Group_Name_Code", "MajorProjects");
        mb.CreateIndex("IX_MajorProjects_OrgPath_Level", "MajorProjects", ["OrgPath", "Level"]);
        mb.DropColumn("Code", "MajorProjects");
        mb.DropColumn("Name", "MajorProjects");
        mb.DropColumn("Stage", "MajorProjects");
        mb.DropColumn("AmountYuan", "MajorProjects");
    }
}
