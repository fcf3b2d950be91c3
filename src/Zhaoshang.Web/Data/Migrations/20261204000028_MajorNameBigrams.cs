using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;

namespace Zhaoshang.Web.Data.Migrations;

/// <summary>
/// The major-project list's name index (bigrams, keyed by scope like the ledger's): a name searched over a province's
/// 50,000 reads its posting list instead of every name. The rows are computed in code (the names' normalisation), so
/// the sweeps' first round after this migration writes those of the projects already listed (<see cref="Features.Majors.MajorCopies"/>).
/// </summary>
[DbContext(typeof(AppDb))]
[Migration("20261204000028_MajorNameBigrams")]
public sealed class MajorNameBigrams : Migration
{
    protected override void Up(MigrationBuilder mb)
    {
        mb.CreateTable("MajorNameBigrams", t => new
        {
            Gram = t.Column<int>(nullable: false),
            OrgPath = t.Column<string>(maxLength: 400, nullable: false),
            ProjectId = t.Column<Guid>(nullable: false),
        }, constraints: t =>
        {
            t.PrimaryKey("PK_MajorNameBigrams", x => new { x.Gram, x.OrgPath, x.ProjectId });
            t.ForeignKey("FK_MajorNameBigrams_MajorProjects_ProjectId", x => x.ProjectId, "MajorProjects", "ProjectId", onDelete: ReferentialAction.Cascade);
        });
        if (ActiveProvider == "Npgsql.EntityFrameworkCore.PostgreSQL")
        {
            // The scope's range compared byte by byte, as the list's own path is (migration 27).
            mb.Sql("""ALTER TABLE "MajorNameBigrams" ALTER COLUMN "OrgPath" TYPE character varying(400) COLLATE "C" """);
        }
        mb.CreateIndex("IX_MajorNameBigrams_ProjectId", "MajorNameBigrams", "ProjectId");
    }

    protected override void Down(MigrationBuilder mb) => mb.DropTable("MajorNameBigrams");
}
