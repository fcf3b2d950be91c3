using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;

namespace Zhaoshang.Web.Data.Migrations;

/// <summary>
/// Major projects (issue 19): the list of each level (拟招重大项目库) with the "五个一" of each project (leader, task force,
/// responsible department, lead unit), each level's band (data with DOMAIN.md's defaults, which the seed writes), the
/// coordination groups' plan templates (the defaults are in code until an admin saves one), each project's plan, and
/// the items leaders supervise (挂牌督办) with their weekly lines.
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
            PlanChangedAt = t.Column<DateTime>(nullable: true),
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

        mb.CreateTable("MilestoneTemplates", t => new
        {
            Group = t.Column<string>(maxLength: 16, nullable: false),
            Code = t.Column<string>(maxLength: 32, nullable: false),
            Name = t.Column<string>(maxLength: 50, nullable: false),
            SortOrder = t.Column<int>(nullable: false),
            After = t.Column<string>(maxLength: 32, nullable: true),
            Days = t.Column<int>(nullable: false),
        }, constraints: t => t.PrimaryKey("PK_MilestoneTemplates", x => new { x.Group, x.Code }));

        mb.CreateTable("Milestones", t => new
        {
            Id = t.Column<Guid>(nullable: false),
            ProjectId = t.Column<Guid>(nullable: false),
            Code = t.Column<string>(maxLength: 32, nullable: false),
            Name = t.Column<string>(maxLength: 50, nullable: false),
            SortOrder = t.Column<int>(nullable: false),
            PlannedDate = t.Column<DateOnly>(nullable: true),
            ActualDate = t.Column<DateOnly>(nullable: true),
            WarnedAt = t.Column<DateTime>(nullable: true),
            TicketId = t.Column<Guid>(nullable: true),
            OrgPath = t.Column<string>(maxLength: 400, nullable: false),
        }, constraints: t =>
        {
            t.PrimaryKey("PK_Milestones", x => x.Id);
            t.ForeignKey("FK_Milestones_MajorProjects_ProjectId", x => x.ProjectId, "MajorProjects", "ProjectId", onDelete: ReferentialAction.Cascade);
        });
        mb.CreateIndex("IX_Milestones_ProjectId_Code", "Milestones", ["ProjectId", "Code"], unique: true);
        mb.CreateIndex("IX_Milestones_OrgPath", "Milestones", "OrgPath");
        mb.CreateIndex("IX_Milestones_ActualDate_PlannedDate", "Milestones", ["ActualDate", "PlannedDate"]);

        mb.CreateTable("Supervisions", t => new
        {
            Id = t.Column<Guid>(nullable: false),
            ProjectId = t.Column<Guid>(nullable: true),
            TicketId = t.Column<Guid>(nullable: true),
            Title = t.Column<string>(maxLength: 200, nullable: false),
            LeaderUserId = t.Column<Guid>(nullable: false),
            ResponsibleOrgId = t.Column<Guid>(nullable: false),
            StartedOn = t.Column<DateOnly>(nullable: false),
            Deadline = t.Column<DateOnly>(nullable: false),
            LiftedAt = t.Column<DateTime>(nullable: true),
            OrgPath = t.Column<string>(maxLength: 400, nullable: false),
            Version = t.Column<long>(nullable: false),
        }, constraints: t =>
        {
            t.PrimaryKey("PK_Supervisions", x => x.Id);
            t.ForeignKey("FK_Supervisions_Orgs_ResponsibleOrgId", x => x.ResponsibleOrgId, "Orgs", "Id", onDelete: ReferentialAction.Restrict);
        });
        mb.CreateIndex("IX_Supervisions_OrgPath", "Supervisions", "OrgPath");
        mb.CreateIndex("IX_Supervisions_LeaderUserId", "Supervisions", "LeaderUserId");
        mb.CreateIndex("IX_Supervisions_ResponsibleOrgId", "Supervisions", "ResponsibleOrgId");
        mb.CreateIndex("IX_Supervisions_ProjectId", "Supervisions", "ProjectId");
        mb.CreateIndex("IX_Supervisions_TicketId", "Supervisions", "TicketId");

        mb.CreateTable("SupervisionWeeks", t => new
        {
            SupervisionId = t.Column<Guid>(nullable: false),
            WeekStart = t.Column<DateOnly>(nullable: false),
            Text = t.Column<string>(maxLength: 1000, nullable: false),
            UserId = t.Column<Guid>(nullable: false),
            At = t.Column<DateTime>(nullable: false),
            OrgPath = t.Column<string>(maxLength: 400, nullable: false),
        }, constraints: t =>
        {
            t.PrimaryKey("PK_SupervisionWeeks", x => new { x.SupervisionId, x.WeekStart });
            t.ForeignKey("FK_SupervisionWeeks_Supervisions_SupervisionId", x => x.SupervisionId, "Supervisions", "Id", onDelete: ReferentialAction.Cascade);
        });
        mb.CreateIndex("IX_SupervisionWeeks_OrgPath", "SupervisionWeeks", "OrgPath");
    }

    protected override void Down(MigrationBuilder mb)
    {
        mb.DropTable("SupervisionWeeks");
        mb.DropTable("Supervisions");
        mb.DropTable("Milestones");
        mb.DropTable("MilestoneTemplates");
        mb.DropTable("MajorMembers");
        mb.DropTable("MajorProjects");
        mb.DropTable("MajorBands");
    }
}
