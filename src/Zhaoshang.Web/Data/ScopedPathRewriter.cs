using Microsoft.EntityFrameworkCore;
using Zhaoshang.Web.Features.Orgs;

namespace Zhaoshang.Web.Data;

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
        var like = oldPrefix.Replace("\\", "\\\\").Replace("%", "\\%").Replace("_", "\\_") + "%";
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
        return counts;
    }
}
