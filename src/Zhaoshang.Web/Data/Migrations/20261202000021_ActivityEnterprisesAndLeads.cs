using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;

namespace Zhaoshang.Web.Data.Migrations;

/// <summary>
/// Seed 002's rules, exactly (issue 16):
/// - an activity meets several enterprises (ActivityEnterprises, carrying the activity's date, kind and unit for the
///   assessment's reads); the single enterprise column goes, its values become the first rows;
/// - a leader's trip records who led it and the unit it also counts for when a district's principal leader heads one
///   of its provincial zones (or the other way round);
/// - leads reported by a unit, and the principal leaders' trips that took them up;
/// - a resident office's roles as the seed means them: the first visit is a visit, accompanying is an inspection; other
///   parts already stored become "took part";
/// - industries say whether they are manufacturing (GB/T 4754 section C): 优强项目 counts manufacturing projects of 3亿
///   or more, not every industrial one; 领导赴省外招商 counts a unit's own trips.
/// SQLite cannot drop a column with a foreign key: the activities table is rebuilt with the foreign keys off, as
/// SQLite's documentation describes (https://www.sqlite.org/lang_altertable.html#otheralter).
/// </summary>
[DbContext(typeof(AppDb))]
[Migration("20261202000021_ActivityEnterprisesAndLeads")]
public sealed class ActivityEnterprisesAndLeads : Migration
{
    private const string Npgsql = "Npgsql.EntityFrameworkCore.PostgreSQL";

    /// <summary>GB/T 4754-2017 section C (制造业) among the key industries; energy, mining and power are industrial but not manufacturing.</summary>
    public static readonly string[] Manufacturing =
    [
        "优质烟酒", "新型建材", "现代化工", "先进装备制造", "基础材料", "生态特色食品", "大数据电子信息", "健康医药", "新能源电池及材料", "新能源汽车",
        "铝及铝加工", "现代轻工",
    ];

    protected override void Up(MigrationBuilder mb)
    {
        mb.CreateTable("ActivityEnterprises", t => new
        {
            ActivityId = t.Column<Guid>(nullable: false),
            EnterpriseId = t.Column<Guid>(nullable: false),
            Date = t.Column<DateOnly>(nullable: false),
            Kind = t.Column<string>(maxLength: 16, nullable: false),
            OrgPath = t.Column<string>(maxLength: 400, nullable: false),
        }, constraints: t =>
        {
            t.PrimaryKey("PK_ActivityEnterprises", x => new { x.ActivityId, x.EnterpriseId });
            t.ForeignKey("FK_ActivityEnterprises_Activities_ActivityId", x => x.ActivityId, "Activities", "Id", onDelete: ReferentialAction.Cascade);
            t.ForeignKey("FK_ActivityEnterprises_Enterprises_EnterpriseId", x => x.EnterpriseId, "Enterprises", "Id", onDelete: ReferentialAction.Restrict);
        });
        mb.Sql("""
            INSERT INTO "ActivityEnterprises" ("ActivityId", "EnterpriseId", "Date", "Kind", "OrgPath")
            SELECT "Id", "EnterpriseId", "Date", "Kind", "OrgPath" FROM "Activities" WHERE "EnterpriseId" IS NOT NULL
            """);
        mb.CreateIndex("IX_ActivityEnterprises_Assessment", "ActivityEnterprises", ["Date", "OrgPath", "Kind", "EnterpriseId", "ActivityId"]);
        mb.CreateIndex("IX_ActivityEnterprises_EnterpriseId_Date", "ActivityEnterprises", ["EnterpriseId", "Date"]);
        mb.CreateIndex("IX_ActivityEnterprises_OrgPath", "ActivityEnterprises", "OrgPath");

        if (ActiveProvider == Npgsql)
        {
            mb.DropIndex("IX_Activities_Assessment", "Activities");
            mb.DropIndex("IX_Activities_EnterpriseId_Date", "Activities");
            mb.DropForeignKey("FK_Activities_Enterprises_EnterpriseId", "Activities");
            mb.DropColumn("EnterpriseId", "Activities");
            mb.AddColumn<string>("Leader", "Activities", maxLength: 16, nullable: true);
            mb.AddColumn<Guid>("JointOrgId", "Activities", nullable: true);
            mb.AddForeignKey("FK_Activities_Orgs_JointOrgId", "Activities", "JointOrgId", "Orgs", principalColumn: "Id", onDelete: ReferentialAction.Restrict);
        }
        else
        {
            RebuildActivitiesOnSqlite(mb);
        }
        mb.CreateIndex("IX_Activities_Assessment", "Activities", ["Date", "OrgPath", "Kind", "ProjectId", "Id"]);
        mb.CreateIndex("IX_Activities_JointOrgId", "Activities", "JointOrgId");

        mb.Sql("""
            UPDATE "ActivityOffices" SET "Role" = 'Participated'
            WHERE ("Role" = 'Accompanied' AND "ActivityId" IN (SELECT "Id" FROM "Activities" WHERE "Kind" <> 'Inspection'))
               OR ("Role" = 'FirstVisit' AND "ActivityId" IN (SELECT "Id" FROM "Activities" WHERE "Kind" <> 'Visit'))
            """);

        mb.CreateTable("Leads", t => new
        {
            Id = t.Column<Guid>(nullable: false),
            EnterpriseId = t.Column<Guid>(nullable: false),
            Date = t.Column<DateOnly>(nullable: false),
            Title = t.Column<string>(maxLength: 200, nullable: false),
            Content = t.Column<string>(maxLength: 2000, nullable: true),
            ProjectId = t.Column<Guid>(nullable: true),
            OrgId = t.Column<Guid>(nullable: false),
            OrgPath = t.Column<string>(maxLength: 400, nullable: false),
            Version = t.Column<long>(nullable: false),
            CreatedAt = t.Column<DateTime>(nullable: false),
        }, constraints: t =>
        {
            t.PrimaryKey("PK_Leads", x => x.Id);
            t.ForeignKey("FK_Leads_Enterprises_EnterpriseId", x => x.EnterpriseId, "Enterprises", "Id", onDelete: ReferentialAction.Restrict);
            t.ForeignKey("FK_Leads_Orgs_OrgId", x => x.OrgId, "Orgs", "Id", onDelete: ReferentialAction.Restrict);
            t.ForeignKey("FK_Leads_Projects_ProjectId", x => x.ProjectId, "Projects", "Id", onDelete: ReferentialAction.Restrict);
        });
        mb.CreateIndex("IX_Leads_OrgPath_Date", "Leads", ["OrgPath", "Date"]);
        mb.CreateIndex("IX_Leads_EnterpriseId_Date", "Leads", ["EnterpriseId", "Date"]);
        mb.CreateIndex("IX_Leads_OrgId", "Leads", "OrgId");
        mb.CreateIndex("IX_Leads_ProjectId", "Leads", "ProjectId");
        mb.CreateTable("ActivityLeads", t => new
        {
            ActivityId = t.Column<Guid>(nullable: false),
            LeadId = t.Column<Guid>(nullable: false),
        }, constraints: t =>
        {
            t.PrimaryKey("PK_ActivityLeads", x => new { x.ActivityId, x.LeadId });
            t.ForeignKey("FK_ActivityLeads_Activities_ActivityId", x => x.ActivityId, "Activities", "Id", onDelete: ReferentialAction.Cascade);
            t.ForeignKey("FK_ActivityLeads_Leads_LeadId", x => x.LeadId, "Leads", "Id", onDelete: ReferentialAction.Restrict);
        });
        mb.CreateIndex("IX_ActivityLeads_LeadId", "ActivityLeads", "LeadId");

        mb.AddColumn<bool>("IsManufacturing", "Industries", nullable: false, defaultValue: false);
        mb.Sql($"""UPDATE "Industries" SET "IsManufacturing" = {(ActiveProvider == Npgsql ? "TRUE" : "1")} WHERE "Name" IN ({string.Join(", ", Manufacturing.Select(n => $"'{n}'"))})""");
        // The built-in definitions, where they are still the shipped ones (an edited indicator is kept).
        mb.Sql("""
            UPDATE "Indicators" SET "DefinitionJson" = '{"fact":"signings","aggregation":"count","measure":"amount","scale":1,"projects":{"manufacturing":true,"minInvestmentYuan":300000000},"attribution":"responsible"}'
            WHERE "Code" = 'strongProjects' AND "DefinitionJson" = '{"fact":"signings","aggregation":"count","measure":"amount","scale":1,"projects":{"industrial":true,"minInvestmentYuan":300000000},"attribution":"responsible"}'
            """);
        mb.Sql("""
            UPDATE "Indicators" SET "DefinitionJson" = '{"fact":"activities","aggregation":"count","measure":"amount","scale":1,"activityKinds":["LeaderTrip"],"attribution":"own"}'
            WHERE "Code" = 'leaderTrips' AND "DefinitionJson" = '{"fact":"activities","aggregation":"count","measure":"amount","scale":1,"activityKinds":["LeaderTrip"],"attribution":"responsible"}'
            """);
    }

    private static void RebuildActivitiesOnSqlite(MigrationBuilder mb)
    {
        mb.Sql("PRAGMA foreign_keys = 0;", suppressTransaction: true);
        mb.CreateTable("Activities_new", t => new
        {
            Id = t.Column<Guid>(nullable: false),
            Kind = t.Column<string>(maxLength: 16, nullable: false),
            Date = t.Column<DateOnly>(nullable: false),
            Title = t.Column<string>(maxLength: 200, nullable: false),
            People = t.Column<string>(maxLength: 500, nullable: true),
            Participants = t.Column<string>(maxLength: 500, nullable: true),
            ProjectId = t.Column<Guid>(nullable: true),
            Outcome = t.Column<string>(maxLength: 1000, nullable: true),
            Leader = t.Column<string>(maxLength: 16, nullable: true),
            JointOrgId = t.Column<Guid>(nullable: true),
            OrgId = t.Column<Guid>(nullable: false),
            OrgPath = t.Column<string>(maxLength: 400, nullable: false),
            Version = t.Column<long>(nullable: false),
            CreatedAt = t.Column<DateTime>(nullable: false),
        }, constraints: t =>
        {
            t.PrimaryKey("PK_Activities", x => x.Id);
            t.ForeignKey("FK_Activities_Orgs_OrgId", x => x.OrgId, "Orgs", "Id", onDelete: ReferentialAction.Restrict);
            t.ForeignKey("FK_Activities_Orgs_JointOrgId", x => x.JointOrgId, "Orgs", "Id", onDelete: ReferentialAction.Restrict);
            t.ForeignKey("FK_Activities_Projects_ProjectId", x => x.ProjectId, "Projects", "Id", onDelete: ReferentialAction.Restrict);
        });
        mb.Sql("""
            INSERT INTO "Activities_new" ("Id", "Kind", "Date", "Title", "People", "Participants", "ProjectId", "Outcome", "OrgId", "OrgPath", "Version", "CreatedAt")
            SELECT "Id", "Kind", "Date", "Title", "People", "Participants", "ProjectId", "Outcome", "OrgId", "OrgPath", "Version", "CreatedAt" FROM "Activities"
            """);
        mb.DropTable("Activities");
        mb.RenameTable("Activities_new", newName: "Activities");
        mb.CreateIndex("IX_Activities_OrgId", "Activities", "OrgId");
        mb.CreateIndex("IX_Activities_OrgPath", "Activities", "OrgPath");
        mb.CreateIndex("IX_Activities_ProjectId_Date", "Activities", ["ProjectId", "Date"]);
        mb.Sql("PRAGMA foreign_keys = 1;", suppressTransaction: true);
    }

    protected override void Down(MigrationBuilder mb) =>
        throw new NotSupportedException("Activities with several enterprises cannot be folded back into one enterprise column.");
}
