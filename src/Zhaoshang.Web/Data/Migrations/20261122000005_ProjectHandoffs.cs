using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;

namespace Zhaoshang.Web.Data.Migrations;

/// <summary>The hand-off of started projects to the development-and-reform 在建库.</summary>
[DbContext(typeof(AppDb))]
[Migration("20261122000005_ProjectHandoffs")]
public sealed class ProjectHandoffs : Migration
{
    protected override void Up(MigrationBuilder mb)
    {
        mb.CreateTable("ProjectHandoffs", t => new
        {
            ProjectId = t.Column<Guid>(nullable: false),
            Code = t.Column<string>(maxLength: 32, nullable: false),
            Name = t.Column<string>(maxLength: 200, nullable: false),
            StartDate = t.Column<DateOnly>(nullable: false),
            AgreedInvestmentYuan = t.Column<long>(nullable: false),
            ContractAmountYuan = t.Column<long>(nullable: true),
            IsIndustrial = t.Column<bool>(nullable: false),
            OrgPath = t.Column<string>(maxLength: 400, nullable: false),
            At = t.Column<DateTime>(nullable: false),
        }, constraints: t =>
        {
            t.PrimaryKey("PK_ProjectHandoffs", x => x.ProjectId);
            t.ForeignKey("FK_ProjectHandoffs_Projects_ProjectId", x => x.ProjectId, "Projects", "Id", onDelete: ReferentialAction.Cascade);
        });
        mb.CreateIndex("IX_ProjectHandoffs_OrgPath", "ProjectHandoffs", "OrgPath");
        mb.CreateIndex("IX_ProjectHandoffs_StartDate", "ProjectHandoffs", "StartDate");
    }

    protected override void Down(MigrationBuilder mb) => mb.DropTable("ProjectHandoffs");
}
