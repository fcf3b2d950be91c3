using System.Data.Common;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Metadata;
using Microsoft.EntityFrameworkCore.Storage;
using Zhaoshang.Web.Shared;

namespace Zhaoshang.Web.Data;

/// <summary>
/// Inserts many rows inside the caller's transaction, with the columns and value conversions of the EF model (so rows
/// look exactly as EF writes them): SQLite through one prepared statement, PostgreSQL through binary COPY. Imports use
/// it where change tracking would turn 50,000 rows into minutes and gigabytes. Scoped rows are checked against the
/// caller's scope and rows of audited tables get the audit records the save interceptor would write, so nothing
/// here goes around the rules a save enforces.
/// </summary>
public static class BulkInsert
{
    /// <summary>Rows of an unaudited table (derived rows: name bigrams, stage history, hand-offs).</summary>
    public static Task WriteAsync<T>(AppDb db, IReadOnlyList<T> rows, CancellationToken ct) where T : class
    {
        if (!typeof(INotAudited).IsAssignableFrom(typeof(T)))
        {
            throw new InvalidOperationException($"{typeof(T).Name} is audited: it is written through SaveChanges or CreateAsync.");
        }
        return InsertAsync(db, rows, ct);
    }

    /// <summary>
    /// New rows of an audited table, each with its "create" record on the audit chain, and the chain's head saved.
    /// Call it with no tracked changes pending: the head is saved with SaveChanges.
    /// </summary>
    public static async Task CreateAsync<T>(AppDb db, IReadOnlyList<T> rows, CancellationToken ct) where T : class
    {
        if (rows.Count == 0)
        {
            return;
        }
        Transaction(db);
        if (db.ChangeTracker.HasChanges())
        {
            throw new InvalidOperationException("Save the tracked changes before a bulk create: the audit chain's head is saved with it.");
        }
        CheckScope(db, rows);
        var recorder = db.GetService<IDbContextOptions>().FindExtension<CoreOptionsExtension>()?.Interceptors?.OfType<IRecordsCreates>().SingleOrDefault()
            ?? throw new InvalidOperationException("This context has no interceptor that records creates (the audit's).");
        await recorder.RecordCreatedAsync(db, Entity<T>(db), rows, new Writer(db), ct);
        await db.SaveChangesAsync(ct);
    }

    private static IEntityType Entity<T>(AppDb db) => db.Model.FindEntityType(typeof(T)) ?? throw new InvalidOperationException($"{typeof(T).Name} is not mapped.");

    private static DbTransaction Transaction(AppDb db) => db.Database.CurrentTransaction?.GetDbTransaction()
        ?? throw new InvalidOperationException("Bulk inserts run inside the caller's transaction.");

    private static void CheckScope<T>(AppDb db, IReadOnlyList<T> rows)
    {
        if (typeof(IScoped).IsAssignableFrom(typeof(T)) && rows.Cast<IScoped>().FirstOrDefault(r => !db.CurrentUser.CanWrite(r.OrgPath)) is not null)
        {
            throw DomainException.Forbidden("该记录不在您的数据范围内。");
        }
    }

    // The statement text is built only from the EF model's table and column names; every value is a parameter.
    [System.Diagnostics.CodeAnalysis.SuppressMessage("Security", "CA2100", Justification = "Names come from the EF model; values are parameters.")]
    internal static async Task InsertAsync<T>(AppDb db, IReadOnlyList<T> rows, CancellationToken ct) where T : class
    {
        if (rows.Count == 0)
        {
            return;
        }
        CheckScope(db, rows);
        var transaction = Transaction(db);
        var entity = Entity<T>(db);
        ChangeSignal.Note(db, entity.GetTableName());
        var properties = entity.GetProperties().ToList();
        var columns = string.Join(", ", properties.Select(p => $"\"{p.GetColumnName()}\""));
        var converters = properties.Select(p => p.GetTypeMapping().Converter).ToList();
        object Value(T row, int i) => (converters[i] is { } c ? c.ConvertToProvider(properties[i].PropertyInfo!.GetValue(row)) : properties[i].PropertyInfo!.GetValue(row)) ?? DBNull.Value;

        var connection = db.Database.GetDbConnection();
        var table = $"INSERT INTO \"{entity.GetTableName()}\" ({columns}) VALUES ";
        if (db.Database.IsSqlite())
        {
            // One prepared statement, re-bound per row: SQLite has no round trips to save, only parsing.
            await using var insert = connection.CreateCommand();
            insert.Transaction = transaction;
            insert.CommandText = table + "(" + string.Join(", ", properties.Select((_, i) => $"@p{i}")) + ")";
            for (var i = 0; i < properties.Count; i++)
            {
                var parameter = insert.CreateParameter();
                parameter.ParameterName = $"@p{i}";
                insert.Parameters.Add(parameter);
            }
            await insert.PrepareAsync(ct);
            foreach (var row in rows)
            {
                for (var i = 0; i < properties.Count; i++)
                {
                    insert.Parameters[i].Value = Value(row, i);
                }
                await insert.ExecuteNonQueryAsync(ct);
            }
            return;
        }
        // PostgreSQL: binary COPY inside the transaction, each value typed by its CLR type (as the model converts it).
        // Synchronous writes: the importer buffers, and an await per value costs more than the value.
        await using var importer = await ((Npgsql.NpgsqlConnection)connection).BeginBinaryImportAsync(
            $"COPY \"{entity.GetTableName()}\" ({columns}) FROM STDIN (FORMAT BINARY)", ct);
        foreach (var row in rows)
        {
            importer.StartRow();
            for (var i = 0; i < properties.Count; i++)
            {
                var value = Value(row, i);
                if (value is DBNull)
                {
                    importer.WriteNull();
                }
                else
                {
                    importer.Write(value);
                }
            }
        }
        await importer.CompleteAsync(ct);
    }

    private sealed class Writer(AppDb db) : IBulkWriter
    {
        public Task InsertAsync<TRow>(IReadOnlyList<TRow> rows, CancellationToken ct) where TRow : class => BulkInsert.InsertAsync(db, rows, ct);
    }
}

/// <summary>Writes rows in bulk inside the caller's transaction (<see cref="BulkInsert"/>).</summary>
public interface IBulkWriter
{
    Task InsertAsync<T>(IReadOnlyList<T> rows, CancellationToken ct) where T : class;
}

/// <summary>
/// The interceptor that records every create (the audit's): a bulk create hands it the rows, and it writes them with
/// the records it makes of them.
/// </summary>
public interface IRecordsCreates
{
    Task RecordCreatedAsync<T>(AppDb db, Microsoft.EntityFrameworkCore.Metadata.IEntityType type, IReadOnlyList<T> rows, IBulkWriter insert, CancellationToken ct)
        where T : class;
}
