using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;

namespace Zhaoshang.Web.Data.Migrations;

/// <summary>
/// Major projects (issue 19): the list of each level (拟招重大项目库) with the "五个一" of each project (leader, task force,
/// responsible department, lead unit), and each level's band, data with DOMAIN.md's defaults (the seed writes them).
/// </summary>
[DbContext(typeof(AppDb))]
[Migration("20261203000024_MajorProjects")]
public sealed class MajorProjects : Migration
{
    protected override void Up(MigrationBuilder mb)
    {
        mb.CreateTable("MajorBands", t => new
        {
            Level = t.Column<string>(maxLength: 16, nullable: false),
            MinAmountYuan = t.Column<long>(nullable: false),
            Version = t.Column<long>(nullable: false),
        }, constraints: t => t.PrimaryKey("PK_MajorBands", x => x.Level));

        mb.CreateTable("MajorProjects", t => new
        {
            ProjectId = t.Column<Guid>(nullable: false),
            Level = t.Column<string>(maxLength: 16, nullable: false),
            ByHand = t.Column<bool>(nullable: false),
            Group = t.Column<string>(maxLength: 16, nullable: false),
            LeadOrgId = t.Column<Guid>(nullable: true),
            LeaderUserId = t.Column<Guid>(nullable: true),
            ResponsibleOrgId = t.Column<Guid>(nullable: true),
            OrgId = t.Column<Guid>(nullable: false),
            OrgPath = t.Column<string>(maxLength: 400, nullable: false),
            DesignatedAt = t.Column<DateTime>(nullable: false),
            Version = t.Column<long>(nullable: false),
        }, constraints: t =>
        {
            t.PrimaryKey("PK_MajorProjects", x => x.ProjectId);
            t.ForeignKey("FK_MajorProjects_Projects_ProjectId", x => x.ProjectId, "Projects", "Id", onDelete: ReferentialAction.Restrict);
            t.ForeignKey("FK_MajorProjects_Orgs_OrgId", x => x.OrgId, "Orgs", "Id", onDelete: ReferentialAction.Restrict);
            t.ForeignKey("FK_MajorProjects_Orgs_LeadOrgId", x => x.LeadOrgId, "Orgs", "Id", onDelete: ReferentialAction.Restrict);
            t.ForeignKey("FK_MajorProjects_Orgs_ResponsibleOrgId", x => x.ResponsibleOrgId, "Orgs", "Id", onDelete: ReferentialAction.Restrict);
        });
        mb.CreateIndex("IX_MajorProjects_OrgPath_Level", "MajorProjects", ["OrgPath", "Level"]);
        mb.CreateIndex("IX_MajorProjects_LeaderUserId", "MajorProjects", "LeaderUserId");
        mb.CreateIndex("IX_MajorProjects_OrgId", "MajorProjects", "OrgId");
        mb.CreateIndex("IX_MajorProjects_LeadOrgId", "MajorProjects", "LeadOrgId");
        mb.CreateIndex("IX_MajorProjects_ResponsibleOrgId", "MajorProjects", "ResponsibleOrgId");

        mb.CreateTable("MajorMembers", t => new
        {
            ProjectId = t.Column<Guid>(nullable: false),
            UserId = t.Column<Guid>(nullable: false),
            OrgPath = t.Column<string>(maxLength: 400, nullable: false),
        }, constraints: t =>
        {
            t.PrimaryKey("PK_MajorMembers", x => new { x.ProjectId, x.UserId });
            t.ForeignKey("FK_MajorMembers_MajorProjects_ProjectId", x => x.ProjectId, "MajorProjects", "ProjectId", onDelete: ReferentialAction.Cascade);
        });
        mb.CreateIndex("IX_MajorMembers_UserId", "MajorMembers", "UserId");
        mb.CreateIndex("IX_MajorMembers_OrgPath", "MajorMembers", "OrgPath");
    }

    protected override void Down(MigrationBuilder mb)
    {
        mb.DropTable("MajorMembers");
        mb.DropTable("MajorProjects");
        mb.DropTable("MajorBands");
    }
}
