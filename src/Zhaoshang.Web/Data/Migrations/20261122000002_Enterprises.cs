using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;

namespace Zhaoshang.Web.Data.Migrations;

/// <summary>Enterprises (shared registry data) and their contacts (scoped, phone SM4-encrypted).</summary>
[DbContext(typeof(AppDb))]
[Migration("20261122000002_Enterprises")]
public sealed class Enterprises : Migration
{
    protected override void Up(MigrationBuilder mb)
    {
        mb.CreateTable("Enterprises", t => new
        {
            Id = t.Column<Guid>(nullable: false),
            Name = t.Column<string>(maxLength: 200, nullable: false),
            NameKey = t.Column<string>(maxLength: 200, nullable: false),
            CreditCode = t.Column<string>(maxLength: 18, nullable: true),
            Ownership = t.Column<string>(maxLength: 16, nullable: false),
            Classes = t.Column<int>(nullable: false),
            Specialized = t.Column<string>(maxLength: 16, nullable: false),
            IsStrong = t.Column<bool>(nullable: false),
            Headquarters = t.Column<string>(maxLength: 200, nullable: true),
            Industry = t.Column<string>(maxLength: 100, nullable: true),
            OrgId = t.Column<Guid>(nullable: false),
            OrgPath = t.Column<string>(maxLength: 400, nullable: false),
            Version = t.Column<long>(nullable: false),
            CreatedAt = t.Column<DateTime>(nullable: false),
        }, constraints: t =>
        {
            t.PrimaryKey("PK_Enterprises", x => x.Id);
            t.ForeignKey("FK_Enterprises_Orgs_OrgId", x => x.OrgId, "Orgs", "Id", onDelete: ReferentialAction.Restrict);
        });
        mb.CreateIndex("IX_Enterprises_CreditCode", "Enterprises", "CreditCode", unique: true);
        mb.CreateIndex("IX_Enterprises_NameKey", "Enterprises", "NameKey");
        mb.CreateIndex("IX_Enterprises_OrgId", "Enterprises", "OrgId");
        mb.CreateIndex("IX_Enterprises_OrgPath", "Enterprises", "OrgPath");

        mb.CreateTable("EnterpriseContacts", t => new
        {
            Id = t.Column<Guid>(nullable: false),
            EnterpriseId = t.Column<Guid>(nullable: false),
            Name = t.Column<string>(maxLength: 100, nullable: false),
            Title = t.Column<string>(maxLength: 100, nullable: true),
            PhoneCipher = t.Column<string>(maxLength: 200, nullable: true),
            OrgId = t.Column<Guid>(nullable: false),
            OrgPath = t.Column<string>(maxLength: 400, nullable: false),
            CreatedAt = t.Column<DateTime>(nullable: false),
        }, constraints: t =>
        {
            t.PrimaryKey("PK_EnterpriseContacts", x => x.Id);
            t.ForeignKey("FK_EnterpriseContacts_Enterprises_EnterpriseId", x => x.EnterpriseId, "Enterprises", "Id", onDelete: ReferentialAction.Cascade);
            t.ForeignKey("FK_EnterpriseContacts_Orgs_OrgId", x => x.OrgId, "Orgs", "Id", onDelete: ReferentialAction.Restrict);
        });
        mb.CreateIndex("IX_EnterpriseContacts_EnterpriseId", "EnterpriseContacts", "EnterpriseId");
        mb.CreateIndex("IX_EnterpriseContacts_OrgId", "EnterpriseContacts", "OrgId");
        mb.CreateIndex("IX_EnterpriseContacts_OrgPath", "EnterpriseContacts", "OrgPath");
    }

    protected override void Down(MigrationBuilder mb)
    {
        mb.DropTable("EnterpriseContacts");
        mb.DropTable("Enterprises");
    }
}
