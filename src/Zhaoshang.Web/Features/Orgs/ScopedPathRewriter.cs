using Microsoft.EntityFrameworkCore;
using Zhaoshang.Web.Data;

namespace Zhaoshang.Web.Features.Orgs;

/// <summary>
/// After an org moves, rewrites the stored org path of every row in its old subtree, in every table the model knows
/// that stores one (scoped rows, and shared rows that record the org owning them). Raw SQL is allowed in this file only: one statement a table, the same on SQLite and PostgreSQL.
/// </summary>
public static class ScopedPathRewriter
{
    /// <summary>Returns the number of rows rewritten per table, for the audit record of the move.</summary>
    public static async Task<Dictionary<string, int>> RewriteAsync(AppDb db, string oldPrefix, string newPrefix, int depthShift, CancellationToken ct)
    {
        var counts = new Dictionary<string, int>();
        var like = Like(oldPrefix);
        foreach (var type in db.Model.GetEntityTypes().Where(t => t.ClrType == typeof(Org) || t.FindProperty(nameof(IScoped.OrgPath)) is not null))
        {
            var table = type.GetTableName()!;
            ChangeSignal.Note(db, table);
            var column = type.FindProperty(type.ClrType == typeof(Org) ? nameof(Org.Path) : nameof(IScoped.OrgPath))!
                .GetColumnName();
            var depth = type.ClrType == typeof(Org) ? $", \"{nameof(Org.Depth)}\" = \"{nameof(Org.Depth)}\" + {{3}}" : "";
#pragma warning disable EF1002 // identifiers come from the model, values are parameters
            counts[table] = await db.Database.ExecuteSqlRawAsync(
                $"UPDATE \"{table}\" SET \"{column}\" = {{0}} || substr(\"{column}\", {{1}}){depth} WHERE \"{column}\" LIKE {{2}} ESCAPE '\\'",
                [newPrefix, oldPrefix.Length + 1, like, depthShift], ct);
#pragma warning restore EF1002
        }
        // Who sees a ticket is kept per ancestor path (TicketScopes): the tickets with their area or a party in the moved
        // subtree now have other ancestors, so their rows are rebuilt from the rewritten paths.
        var moved = Like(newPrefix);
        const string Affected = """
            (SELECT "Id" FROM "Tickets" WHERE "OrgPath" LIKE {0} ESCAPE '\' UNION SELECT "TicketId" FROM "TicketParties" WHERE "OrgPath" LIKE {0} ESCAPE '\')
            """;
        await db.Database.ExecuteSqlRawAsync($"""DELETE FROM "TicketScopes" WHERE "TicketId" IN {Affected}""", [moved], ct);
        counts["TicketScopes"] = await db.Database.ExecuteSqlRawAsync($"""
            INSERT INTO "TicketScopes" ("Path", "TicketId", "SubmittedAt", "State", "Kind", "Category", "DueDate")
            SELECT DISTINCT o."Path", t."Id", t."SubmittedAt", t."State", t."Kind", t."Category", t."DueDate"
            FROM "Tickets" t
            JOIN (SELECT "Id" AS "TicketId", "OrgPath" FROM "Tickets" UNION SELECT "TicketId", "OrgPath" FROM "TicketParties") v ON v."TicketId" = t."Id"
            JOIN "Orgs" o ON substr(v."OrgPath", 1, length(o."Path")) = o."Path"
            WHERE t."Id" IN {Affected}
            """, [moved], ct);
        return counts;
    }

    private static string Like(string prefix) => prefix.Replace("\\", "\\\\").Replace("%", "\\%").Replace("_", "\\_") + "%";
}
