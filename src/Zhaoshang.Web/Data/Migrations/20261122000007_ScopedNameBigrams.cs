using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;

namespace Zhaoshang.Web.Data.Migrations;

/// <summary>
/// The name bigrams carry their project's org path and are keyed (gram, path, project), so a search reads only the
/// bigrams of the caller's subtree. A new table, filled from the old one joined to the projects, then the old one goes.
/// </summary>
[DbContext(typeof(AppDb))]
[Migration("20261122000007_ScopedNameBigrams")]
public sealed class ScopedNameBigrams : Migration
{
    protected override void Up(MigrationBuilder mb)
    {
        mb.CreateTable("ProjectNameBigrams", t => new
        {
            Gram = t.Column<int>(nullable: false),
            OrgPath = t.Column<string>(maxLength: 400, nullable: false),
            ProjectId = t.Column<Guid>(nullable: false),
        }, constraints: t =>
        {
            t.PrimaryKey("PK_ProjectNameBigrams", x => new { x.Gram, x.OrgPath, x.ProjectId });
            t.ForeignKey("FK_ProjectNameBigrams_Projects_ProjectId", x => x.ProjectId, "Projects", "Id", onDelete: ReferentialAction.Cascade);
        });
        mb.Sql("""
            INSERT INTO "ProjectNameBigrams" ("Gram", "OrgPath", "ProjectId")
            SELECT g."Gram", p."OrgPath", g."ProjectId" FROM "ProjectNameGrams" AS g JOIN "Projects" AS p ON p."Id" = g."ProjectId"
            ORDER BY g."Gram", p."OrgPath", g."ProjectId"
            """);
        mb.CreateIndex("IX_ProjectNameBigrams_ProjectId", "ProjectNameBigrams", "ProjectId");
        mb.DropTable("ProjectNameGrams");
        if (ActiveProvider == "Npgsql.EntityFrameworkCore.PostgreSQL")
        {
            // Statistics now, not whenever autovacuum comes by: without them PostgreSQL takes a common word's bigram
            // for a rare one and joins thousands of projects one by one.
            mb.Sql("""ANALYZE "ProjectNameBigrams" """);
        }
    }

    protected override void Down(MigrationBuilder mb)
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
        mb.Sql("""
            INSERT INTO "ProjectNameGrams" ("Gram", "ProjectId") SELECT "Gram", "ProjectId" FROM "ProjectNameBigrams"
            """);
        mb.CreateIndex("IX_ProjectNameGrams_ProjectId", "ProjectNameGrams", "ProjectId");
        mb.DropTable("ProjectNameBigrams");
    }
}
