using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;

namespace Zhaoshang.Web.Data.Migrations;

/// <summary>Investment-promotion activities and the resident offices' part in them.</summary>
[DbContext(typeof(AppDb))]
[Migration("20261122000004_Activities")]
public sealed class Activities : Migration
{
    protected override void Up(MigrationBuilder mb)
    {
        mb.CreateTable("Activities", t => new
        {
            Id = t.Column<Guid>(nullable: false),
            Kind = t.Column<string>(maxLength: 16, nullable: false),
            Date = t.Column<DateOnly>(nullable: false),
            Title = t.Column<string>(maxLength: 200, nullable: false),
            People = t.Column<string>(maxLength: 500, nullable: true),
            Participants = t.Column<string>(maxLength: 500, nullable: true),
            EnterpriseId = t.Column<Guid>(nullable: true),
            ProjectId = t.Column<Guid>(nullable: true),
            Outcome = t.Column<string>(maxLength: 1000, nullable: true),
            OrgId = t.Column<Guid>(nullable: false),
            OrgPath = t.Column<string>(maxLength: 400, nullable: false),
            Version = t.Column<long>(nullable: false),
            CreatedAt = t.Column<DateTime>(nullable: false),
        }, constraints: t =>
        {
            t.PrimaryKey("PK_Activities", x => x.Id);
            t.ForeignKey("FK_Activities_Orgs_OrgId", x => x.OrgId, "Orgs", "Id", onDelete: ReferentialAction.Restrict);
            t.ForeignKey("FK_Activities_Enterprises_EnterpriseId", x => x.EnterpriseId, "Enterprises", "Id", onDelete: ReferentialAction.Restrict);
            t.ForeignKey("FK_Activities_Projects_ProjectId", x => x.ProjectId, "Projects", "Id", onDelete: ReferentialAction.Restrict);
        });
        mb.CreateIndex("IX_Activities_Date", "Activities", "Date");
        mb.CreateIndex("IX_Activities_EnterpriseId", "Activities", "EnterpriseId");
        mb.CreateIndex("IX_Activities_OrgId", "Activities", "OrgId");
        mb.CreateIndex("IX_Activities_OrgPath", "Activities", "OrgPath");
        mb.CreateIndex("IX_Activities_ProjectId", "Activities", "ProjectId");

        mb.CreateTable("ActivityOffices", t => new
        {
            ActivityId = t.Column<Guid>(nullable: false),
            OrgId = t.Column<Guid>(nullable: false),
            Role = t.Column<string>(maxLength: 16, nullable: false),
        }, constraints: t =>
        {
            t.PrimaryKey("PK_ActivityOffices", x => new { x.ActivityId, x.OrgId });
            t.ForeignKey("FK_ActivityOffices_Activities_ActivityId", x => x.ActivityId, "Activities", "Id", onDelete: ReferentialAction.Cascade);
            t.ForeignKey("FK_ActivityOffices_Orgs_OrgId", x => x.OrgId, "Orgs", "Id", onDelete: ReferentialAction.Restrict);
        });
        mb.CreateIndex("IX_ActivityOffices_OrgId", "ActivityOffices", "OrgId");
    }

    protected override void Down(MigrationBuilder mb)
    {
        mb.DropTable("ActivityOffices");
        mb.DropTable("Activities");
    }
}
