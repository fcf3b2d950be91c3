using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;

namespace Zhaoshang.Web.Data.Migrations;

/// <summary>The bigram index of project names, the key industries as data, saved ledger filters, and the
/// (org path, stage) index the ledger list filters on, and the audit index a project's change history reads.</summary>
[DbContext(typeof(AppDb))]
[Migration("20261122000006_LedgerSearch")]
public sealed class LedgerSearch : Migration
{
    protected override void Up(MigrationBuilder mb)
    {
        mb.CreateTable("ProjectNameGrams", t => new
        {
            Gram = t.Column<int>(nullable: false),
            ProjectId = t.Column<Guid>(nullable: false),
        }, constraints: t =>
        {
            t.PrimaryKey("PK_ProjectNameGrams", x => new { x.Gram, x.ProjectId });
            t.ForeignKey("FK_ProjectNameGrams_Projects_ProjectId", x => x.ProjectId, "Projects", "Id", onDelete: ReferentialAction.Cascade);
        });
        mb.CreateIndex("IX_ProjectNameGrams_ProjectId", "ProjectNameGrams", "ProjectId");

        mb.DropIndex("IX_Projects_OrgPath", "Projects");
        mb.CreateIndex("IX_Projects_OrgPath_Stage", "Projects", ["OrgPath", "Stage"]);
        mb.CreateIndex("IX_Projects_Name", "Projects", "Name");
        mb.DropIndex("IX_Projects_Stage", "Projects");
        mb.CreateIndex("IX_Projects_Stage_OrgPath", "Projects", ["Stage", "OrgPath"]);

        mb.CreateIndex("IX_AuditEntries_ObjectType_ObjectId", "AuditEntries", ["ObjectType", "ObjectId"]);

        mb.CreateTable("Industries", t => new
        {
            Name = t.Column<string>(maxLength: 64, nullable: false),
            NameEn = t.Column<string>(maxLength: 100, nullable: true),
            IsIndustrial = t.Column<bool>(nullable: false),
            SortOrder = t.Column<int>(nullable: false),
            IsActive = t.Column<bool>(nullable: false),
        }, constraints: t => t.PrimaryKey("PK_Industries", x => x.Name));

        mb.CreateTable("SavedFilters", t => new
        {
            Id = t.Column<Guid>(nullable: false),
            UserId = t.Column<Guid>(nullable: false),
            Name = t.Column<string>(maxLength: 50, nullable: false),
            Query = t.Column<string>(maxLength: 2000, nullable: false),
            CreatedAt = t.Column<DateTime>(nullable: false),
        }, constraints: t =>
        {
            t.PrimaryKey("PK_SavedFilters", x => x.Id);
            t.ForeignKey("FK_SavedFilters_AspNetUsers_UserId", x => x.UserId, "AspNetUsers", "Id", onDelete: ReferentialAction.Cascade);
        });
        mb.CreateIndex("IX_SavedFilters_UserId_Name", "SavedFilters", ["UserId", "Name"], unique: true);
    }

    protected override void Down(MigrationBuilder mb)
    {
        mb.DropTable("SavedFilters");
        mb.DropTable("Industries");
        mb.DropTable("ProjectNameGrams");
        mb.DropIndex("IX_AuditEntries_ObjectType_ObjectId", "AuditEntries");
        mb.DropIndex("IX_Projects_OrgPath_Stage", "Projects");
        mb.DropIndex("IX_Projects_Name", "Projects");
        mb.DropIndex("IX_Projects_Stage_OrgPath", "Projects");
        mb.CreateIndex("IX_Projects_Stage", "Projects", "Stage");
        mb.CreateIndex("IX_Projects_OrgPath", "Projects", "OrgPath");
    }
}
