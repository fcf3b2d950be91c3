using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;

namespace Zhaoshang.Web.Data.Migrations;

/// <summary>
/// Investor entry codes (一码投, issue 20): the codes a unit prints, their scans per day, and the intentions investors
/// send through them (each a lead of the code's unit).
/// </summary>
[DbContext(typeof(AppDb))]
[Migration("20261205000029_EntryCodes")]
public sealed class EntryCodes : Migration
{
    protected override void Up(MigrationBuilder mb)
    {
        mb.CreateTable("EntryCodes", t => new
        {
            Id = t.Column<Guid>(nullable: false),
            Token = t.Column<string>(maxLength: 10, nullable: false),
            Kind = t.Column<string>(maxLength: 24, nullable: false),
            Title = t.Column<string>(maxLength: 100, nullable: false),
            Introduction = t.Column<string>(maxLength: 2000, nullable: true),
            Industries = t.Column<string>(maxLength: 200, nullable: true),
            ContactName = t.Column<string>(maxLength: 50, nullable: true),
            ContactPhone = t.Column<string>(maxLength: 30, nullable: true),
            OwnerUserId = t.Column<Guid>(nullable: true),
            ExpiresOn = t.Column<DateOnly>(nullable: false),
            IsRevoked = t.Column<bool>(nullable: false),
            OrgId = t.Column<Guid>(nullable: false),
            OrgPath = t.Column<string>(maxLength: 400, nullable: false),
            Version = t.Column<long>(nullable: false),
            CreatedAt = t.Column<DateTime>(nullable: false),
        }, constraints: t =>
        {
            t.PrimaryKey("PK_EntryCodes", x => x.Id);
            t.ForeignKey("FK_EntryCodes_Orgs_OrgId", x => x.OrgId, "Orgs", "Id", onDelete: ReferentialAction.Restrict);
            t.ForeignKey("FK_EntryCodes_AspNetUsers_OwnerUserId", x => x.OwnerUserId, "AspNetUsers", "Id", onDelete: ReferentialAction.Restrict);
        });
        mb.CreateIndex("IX_EntryCodes_Token", "EntryCodes", "Token", unique: true);
        mb.CreateIndex("IX_EntryCodes_OrgPath", "EntryCodes", "OrgPath");
        mb.CreateIndex("IX_EntryCodes_OrgId", "EntryCodes", "OrgId");
        mb.CreateIndex("IX_EntryCodes_OwnerUserId", "EntryCodes", "OwnerUserId");

        mb.CreateTable("EntryCodeScanDays", t => new
        {
            CodeId = t.Column<Guid>(nullable: false),
            Day = t.Column<DateOnly>(nullable: false),
            Count = t.Column<int>(nullable: false),
            OrgPath = t.Column<string>(maxLength: 400, nullable: false),
        }, constraints: t =>
        {
            t.PrimaryKey("PK_EntryCodeScanDays", x => new { x.CodeId, x.Day });
            t.ForeignKey("FK_EntryCodeScanDays_EntryCodes_CodeId", x => x.CodeId, "EntryCodes", "Id", onDelete: ReferentialAction.Cascade);
        });
        mb.CreateIndex("IX_EntryCodeScanDays_OrgPath_Day", "EntryCodeScanDays", ["OrgPath", "Day"]);

        mb.CreateTable("Intentions", t => new
        {
            Id = t.Column<Guid>(nullable: false),
            Reference = t.Column<string>(maxLength: 20, nullable: false),
            CodeId = t.Column<Guid>(nullable: false),
            Company = t.Column<string>(maxLength: 200, nullable: false),
            CreditCode = t.Column<string>(maxLength: 18, nullable: true),
            ContactName = t.Column<string>(maxLength: 50, nullable: false),
            PhoneCipher = t.Column<string>(maxLength: 200, nullable: true),
            Industry = t.Column<string>(maxLength: 100, nullable: true),
            AmountWan = t.Column<decimal>(precision: 18, scale: 2, nullable: true),
            Needs = t.Column<string>(maxLength: 1000, nullable: true),
            ConsentAt = t.Column<DateTime>(nullable: false),
            ConsentVersion = t.Column<string>(maxLength: 20, nullable: false),
            SubmittedAt = t.Column<DateTime>(nullable: false),
            EnterpriseId = t.Column<Guid>(nullable: false),
            ProjectId = t.Column<Guid>(nullable: false),
            LeadId = t.Column<Guid>(nullable: false),
            AccountRequestedAt = t.Column<DateTime>(nullable: true),
            AccountVerifiedAt = t.Column<DateTime>(nullable: true),
            AccountVerifiedBy = t.Column<string>(maxLength: 100, nullable: true),
            OrgId = t.Column<Guid>(nullable: false),
            OrgPath = t.Column<string>(maxLength: 400, nullable: false),
        }, constraints: t =>
        {
            t.PrimaryKey("PK_Intentions", x => x.Id);
            t.ForeignKey("FK_Intentions_EntryCodes_CodeId", x => x.CodeId, "EntryCodes", "Id", onDelete: ReferentialAction.Restrict);
            t.ForeignKey("FK_Intentions_Orgs_OrgId", x => x.OrgId, "Orgs", "Id", onDelete: ReferentialAction.Restrict);
            t.ForeignKey("FK_Intentions_Enterprises_EnterpriseId", x => x.EnterpriseId, "Enterprises", "Id", onDelete: ReferentialAction.Restrict);
            t.ForeignKey("FK_Intentions_Projects_ProjectId", x => x.ProjectId, "Projects", "Id", onDelete: ReferentialAction.Restrict);
            t.ForeignKey("FK_Intentions_Leads_LeadId", x => x.LeadId, "Leads", "Id", onDelete: ReferentialAction.Restrict);
        });
        mb.CreateIndex("IX_Intentions_Reference", "Intentions", "Reference", unique: true);
        mb.CreateIndex("IX_Intentions_CodeId_SubmittedAt", "Intentions", ["CodeId", "SubmittedAt"]);
        mb.CreateIndex("IX_Intentions_OrgPath_SubmittedAt", "Intentions", ["OrgPath", "SubmittedAt"]);
        mb.CreateIndex("IX_Intentions_CreditCode", "Intentions", "CreditCode");
        mb.CreateIndex("IX_Intentions_OrgId", "Intentions", "OrgId");
        mb.CreateIndex("IX_Intentions_EnterpriseId", "Intentions", "EnterpriseId");
        mb.CreateIndex("IX_Intentions_ProjectId", "Intentions", "ProjectId");
        mb.CreateIndex("IX_Intentions_LeadId", "Intentions", "LeadId");
    }

    protected override void Down(MigrationBuilder mb)
    {
        mb.DropTable("Intentions");
        mb.DropTable("EntryCodeScanDays");
        mb.DropTable("EntryCodes");
    }
}
