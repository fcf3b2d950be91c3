using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;

namespace Zhaoshang.Web.Data.Migrations;

/// <summary>The project ledger: projects, their investors, stage history and funds in place.</summary>
[DbContext(typeof(AppDb))]
[Migration("20261122000003_Projects")]
public sealed class Projects : Migration
{
    protected override void Up(MigrationBuilder mb)
    {
        mb.CreateTable("Projects", t => new
        {
            Id = t.Column<Guid>(nullable: false),
            Code = t.Column<string>(maxLength: 32, nullable: false),
            Name = t.Column<string>(maxLength: 200, nullable: false),
            OrgId = t.Column<Guid>(nullable: false),
            OrgPath = t.Column<string>(maxLength: 400, nullable: false),
            LocationOrgId = t.Column<Guid>(nullable: true),
            Industry = t.Column<string>(maxLength: 64, nullable: true),
            AgreedInvestmentYuan = t.Column<long>(nullable: false),
            ContractAmountYuan = t.Column<long>(nullable: true),
            ContractDate = t.Column<DateOnly>(nullable: true),
            PlannedStartDate = t.Column<DateOnly>(nullable: true),
            StartDate = t.Column<DateOnly>(nullable: true),
            ProductionDate = t.Column<DateOnly>(nullable: true),
            CapacityDate = t.Column<DateOnly>(nullable: true),
            DesignedCapacity = t.Column<decimal>(precision: 18, scale: 2, nullable: true),
            ActualCapacity = t.Column<decimal>(precision: 18, scale: 2, nullable: true),
            LandMu = t.Column<decimal>(precision: 18, scale: 2, nullable: true),
            PlannedJobs = t.Column<int>(nullable: true),
            IsIndustrial = t.Column<bool>(nullable: false),
            IsHqEconomy = t.Column<bool>(nullable: false),
            IsDigitalEconomy = t.Column<bool>(nullable: false),
            IsCentralSoeProject = t.Column<bool>(nullable: false),
            Channel = t.Column<string>(maxLength: 32, nullable: true),
            FactoryAreaM2 = t.Column<decimal>(precision: 18, scale: 2, nullable: true),
            Stage = t.Column<string>(maxLength: 16, nullable: false),
            HeldFrom = t.Column<string>(maxLength: 16, nullable: true),
            StageDate = t.Column<DateOnly>(nullable: true),
            StageReason = t.Column<string>(maxLength: 500, nullable: true),
            Version = t.Column<long>(nullable: false),
            CreatedAt = t.Column<DateTime>(nullable: false),
        }, constraints: t =>
        {
            t.PrimaryKey("PK_Projects", x => x.Id);
            t.ForeignKey("FK_Projects_Orgs_OrgId", x => x.OrgId, "Orgs", "Id", onDelete: ReferentialAction.Restrict);
            t.ForeignKey("FK_Projects_Orgs_LocationOrgId", x => x.LocationOrgId, "Orgs", "Id", onDelete: ReferentialAction.Restrict);
        });
        mb.CreateIndex("IX_Projects_Code", "Projects", "Code", unique: true);
        mb.CreateIndex("IX_Projects_LocationOrgId", "Projects", "LocationOrgId");
        mb.CreateIndex("IX_Projects_OrgId", "Projects", "OrgId");
        mb.CreateIndex("IX_Projects_OrgPath", "Projects", "OrgPath");
        mb.CreateIndex("IX_Projects_Stage", "Projects", "Stage");

        mb.CreateTable("ProjectInvestors", t => new
        {
            ProjectId = t.Column<Guid>(nullable: false),
            EnterpriseId = t.Column<Guid>(nullable: false),
        }, constraints: t =>
        {
            t.PrimaryKey("PK_ProjectInvestors", x => new { x.ProjectId, x.EnterpriseId });
            t.ForeignKey("FK_ProjectInvestors_Projects_ProjectId", x => x.ProjectId, "Projects", "Id", onDelete: ReferentialAction.Cascade);
            t.ForeignKey("FK_ProjectInvestors_Enterprises_EnterpriseId", x => x.EnterpriseId, "Enterprises", "Id", onDelete: ReferentialAction.Restrict);
        });
        mb.CreateIndex("IX_ProjectInvestors_EnterpriseId", "ProjectInvestors", "EnterpriseId");

        mb.CreateTable("ProjectStageChanges", t => new
        {
            Id = t.Column<Guid>(nullable: false),
            ProjectId = t.Column<Guid>(nullable: false),
            From = t.Column<string>(maxLength: 16, nullable: false),
            To = t.Column<string>(maxLength: 16, nullable: false),
            Date = t.Column<DateOnly>(nullable: true),
            Evidence = t.Column<string>(maxLength: 1000, nullable: true),
            UserId = t.Column<Guid>(nullable: true),
            UserName = t.Column<string>(maxLength: 256, nullable: true),
            At = t.Column<DateTime>(nullable: false),
            OrgPath = t.Column<string>(maxLength: 400, nullable: false),
        }, constraints: t =>
        {
            t.PrimaryKey("PK_ProjectStageChanges", x => x.Id);
            t.ForeignKey("FK_ProjectStageChanges_Projects_ProjectId", x => x.ProjectId, "Projects", "Id", onDelete: ReferentialAction.Cascade);
        });
        mb.CreateIndex("IX_ProjectStageChanges_OrgPath", "ProjectStageChanges", "OrgPath");
        mb.CreateIndex("IX_ProjectStageChanges_ProjectId", "ProjectStageChanges", "ProjectId");

        mb.CreateTable("FundEntries", t => new
        {
            Id = t.Column<Guid>(nullable: false),
            ProjectId = t.Column<Guid>(nullable: false),
            Year = t.Column<int>(nullable: false),
            Month = t.Column<int>(nullable: false),
            AmountYuan = t.Column<long>(nullable: false),
            Evidence = t.Column<string>(maxLength: 500, nullable: true),
            CorrectsId = t.Column<Guid>(nullable: true),
            UserId = t.Column<Guid>(nullable: true),
            At = t.Column<DateTime>(nullable: false),
            OrgPath = t.Column<string>(maxLength: 400, nullable: false),
        }, constraints: t =>
        {
            t.PrimaryKey("PK_FundEntries", x => x.Id);
            t.ForeignKey("FK_FundEntries_Projects_ProjectId", x => x.ProjectId, "Projects", "Id", onDelete: ReferentialAction.Cascade);
        });
        mb.CreateIndex("IX_FundEntries_OrgPath", "FundEntries", "OrgPath");
        mb.CreateIndex("IX_FundEntries_ProjectId_Year_Month", "FundEntries", ["ProjectId", "Year", "Month"]);
    }

    protected override void Down(MigrationBuilder mb)
    {
        mb.DropTable("FundEntries");
        mb.DropTable("ProjectStageChanges");
        mb.DropTable("ProjectInvestors");
        mb.DropTable("Projects");
    }
}
