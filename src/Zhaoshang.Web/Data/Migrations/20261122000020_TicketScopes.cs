using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;

namespace Zhaoshang.Web.Data.Migrations;

/// <summary>
/// Who sees a ticket, as rows (one per ancestor path of its area and of each party) with the list's columns copied, so
/// a unit's list is one index range; filled for the tickets already there from their areas, parties and the org tree.
/// The titles' bigrams, for the title search (those of tickets already there are added at start, by the seeder).
/// </summary>
[DbContext(typeof(AppDb))]
[Migration("20261122000020_TicketScopes")]
public sealed class TicketScopes : Migration
{
    protected override void Up(MigrationBuilder mb)
    {
        mb.CreateTable("TicketScopes", t => new
        {
            Path = t.Column<string>(maxLength: 400, nullable: false),
            TicketId = t.Column<Guid>(nullable: false),
            SubmittedAt = t.Column<DateTime>(nullable: false),
            State = t.Column<string>(maxLength: 16, nullable: false),
            Kind = t.Column<string>(maxLength: 16, nullable: false),
            Category = t.Column<string>(maxLength: 16, nullable: false),
            DueDate = t.Column<DateOnly>(nullable: true),
        }, constraints: t =>
        {
            t.PrimaryKey("PK_TicketScopes", x => new { x.TicketId, x.Path });
            t.ForeignKey("FK_TicketScopes_Tickets_TicketId", x => x.TicketId, "Tickets", "Id", onDelete: ReferentialAction.Cascade);
        });
        mb.CreateIndex("IX_TicketScopes_List", "TicketScopes", ["Path", "SubmittedAt", "State", "Category", "Kind", "DueDate", "TicketId"]);
        mb.CreateTable("TicketTitleGrams", t => new
        {
            Gram = t.Column<int>(nullable: false),
            TicketId = t.Column<Guid>(nullable: false),
        }, constraints: t =>
        {
            t.PrimaryKey("PK_TicketTitleGrams", x => new { x.Gram, x.TicketId });
            t.ForeignKey("FK_TicketTitleGrams_Tickets_TicketId", x => x.TicketId, "Tickets", "Id", onDelete: ReferentialAction.Cascade);
        });
        mb.CreateIndex("IX_TicketTitleGrams_TicketId", "TicketTitleGrams", "TicketId");
        mb.Sql("""
            INSERT INTO "TicketScopes" ("Path", "TicketId", "SubmittedAt", "State", "Kind", "Category", "DueDate")
            SELECT DISTINCT o."Path", t."Id", t."SubmittedAt", t."State", t."Kind", t."Category", t."DueDate"
            FROM "Tickets" t
            JOIN (SELECT "Id" AS "TicketId", "OrgPath" FROM "Tickets" UNION SELECT "TicketId", "OrgPath" FROM "TicketParties") v ON v."TicketId" = t."Id"
            JOIN "Orgs" o ON substr(v."OrgPath", 1, length(o."Path")) = o."Path"
            """);
    }

    protected override void Down(MigrationBuilder mb)
    {
        mb.DropTable("TicketTitleGrams");
        mb.DropTable("TicketScopes");
    }
}
