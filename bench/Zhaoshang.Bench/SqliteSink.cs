using System.Globalization;
using Microsoft.Data.Sqlite;
using Zhaoshang.Web.Features.Projects;

namespace Zhaoshang.Bench;

/// <summary>
/// Prepared INSERTs in big transactions, journal and fsync off while loading (a failed load is simply regenerated);
/// the database is put back in WAL mode, as the app runs it, at the end.
/// </summary>
public sealed class SqliteSink : IRowSink
{
    private readonly SqliteConnection _connection;
    private readonly Dictionary<string, (SqliteCommand Command, SqliteParameter[] Parameters)> _inserts = [];
    private SqliteTransaction _transaction;

    public SqliteSink(string connectionString)
    {
        SqliteConnection.ClearAllPools(); // the app's pooled connections hold the WAL open
        _connection = new SqliteConnection(connectionString);
        _connection.Open();
        Execute("PRAGMA journal_mode=OFF; PRAGMA synchronous=OFF; PRAGMA foreign_keys=OFF; PRAGMA cache_size=-1000000; PRAGMA temp_store=MEMORY;");
        _transaction = _connection.BeginTransaction();
        foreach (var table in Table.All)
        {
            var command = _connection.CreateCommand();
            command.Transaction = _transaction;
            command.CommandText = $"INSERT INTO \"{table.Name}\" ({string.Join(", ", table.Columns.Select(c => $"\"{c.Name}\""))}) "
                + $"VALUES ({string.Join(", ", table.Columns.Select((_, i) => "$p" + i))})";
            var parameters = table.Columns.Select((_, i) => command.Parameters.Add(new SqliteParameter("$p" + i, null))).ToArray();
            command.Prepare();
            _inserts[table.Name] = (command, parameters);
        }
    }

    /// <summary>
    /// How EF Core's SQLite provider stores each CLR type: Guid as upper-case text, DateOnly as yyyy-MM-dd, DateTime
    /// as "yyyy-MM-dd HH:mm:ss.FFFFFFF", decimal as text with at least one decimal place, bool as 0/1.
    /// <see cref="CheckAsync"/> proves it against rows EF wrote.
    /// </summary>
    public static object Format(object? value) => value switch
    {
        null => DBNull.Value,
        Guid g => g.ToString("D").ToUpperInvariant(),
        DateOnly d => d.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
        DateTime t => t.ToString(@"yyyy\-MM\-dd HH\:mm\:ss.FFFFFFF", CultureInfo.InvariantCulture),
        decimal m => m.ToString("0.0###########################", CultureInfo.InvariantCulture),
        bool b => b ? 1L : 0L,
        int i => (long)i,
        _ => value,
    };

    public Task CheckAsync(IReadOnlyList<GeneratedProject> efWritten)
    {
        var compared = 0;
        foreach (var table in Table.All)
        {
            using var command = _connection.CreateCommand();
            command.Transaction = _transaction;
            command.CommandText = $"SELECT * FROM \"{table.Name}\" WHERE {string.Join(" AND ", table.Key.Select((k, i) => $"\"{k}\" = $k{i}"))}";
            var keys = table.Key.Select((_, i) => command.Parameters.Add(new SqliteParameter("$k" + i, null))).ToArray();
            foreach (var row in efWritten.SelectMany(table.Rows))
            {
                var expected = table.Columns.ToDictionary(c => c.Name, c => Format(c.Value(row)));
                for (var i = 0; i < keys.Length; i++)
                {
                    keys[i].Value = expected[table.Key[i]];
                }
                using var reader = command.ExecuteReader();
                if (!reader.Read())
                {
                    throw new InvalidOperationException($"{table.Name}: the EF-written row {string.Join(",", keys.Select(k => k.Value))} is not found by its formatted key.");
                }
                var columns = Enumerable.Range(0, reader.FieldCount).Select(reader.GetName).ToHashSet();
                if (!columns.SetEquals(expected.Keys))
                {
                    throw new InvalidOperationException($"{table.Name}: the loader writes [{string.Join(",", expected.Keys.Order())}] but the table has [{string.Join(",", columns.Order())}].");
                }
                for (var i = 0; i < reader.FieldCount; i++)
                {
                    var stored = reader.GetValue(i);
                    var mine = expected[reader.GetName(i)];
                    if (!Equals(stored, mine))
                    {
                        throw new InvalidOperationException(
                            $"{table.Name}.{reader.GetName(i)}: EF stored {stored} ({stored.GetType().Name}), the loader would write {mine} ({mine.GetType().Name}).");
                    }
                }
                compared++;
            }
        }
        Console.WriteLine($"  format check: {compared} EF-written rows read back identical to the loader's formatting");
        return Task.CompletedTask;
    }

    public Task<List<string>> DropIndexesAsync()
    {
        var definitions = new List<string>();
        using (var command = _connection.CreateCommand())
        {
            command.Transaction = _transaction;
            command.CommandText = $"SELECT name, sql FROM sqlite_master WHERE type = 'index' AND sql IS NOT NULL AND tbl_name IN ({string.Join(",", Table.All.Select(t => $"'{t.Name}'"))})";
            using var reader = command.ExecuteReader();
            while (reader.Read())
            {
                definitions.Add(reader.GetString(0) + "\u0001" + reader.GetString(1));
            }
        }
        foreach (var d in definitions)
        {
            Execute($"DROP INDEX \"{d.Split('\u0001')[0]}\"");
        }
        return Task.FromResult(definitions.Select(d => d.Split('\u0001')[1]).ToList());
    }

    public void Write(Table table, object row)
    {
        var (command, parameters) = _inserts[table.Name];
        for (var i = 0; i < parameters.Length; i++)
        {
            parameters[i].Value = Format(table.Columns[i].Value(row));
        }
        command.ExecuteNonQuery();
    }

    public Task CommitAsync()
    {
        _transaction.Commit();
        _transaction.Dispose();
        _transaction = _connection.BeginTransaction();
        foreach (var (command, _) in _inserts.Values)
        {
            command.Transaction = _transaction;
        }
        return Task.CompletedTask;
    }

    public Task FinishAsync(List<string> indexes)
    {
        foreach (var sql in indexes)
        {
            Execute(sql);
        }
        _transaction.Commit();
        _transaction.Dispose();
        foreach (var (command, _) in _inserts.Values)
        {
            command.Dispose();
        }
        _inserts.Clear();
        // No ANALYZE: the app never runs it (nor PRAGMA optimize), so the bench sees the plans production would.
        Execute("PRAGMA journal_mode=WAL;");
        return Task.CompletedTask;
    }

    private void Execute(string sql)
    {
        using var command = _connection.CreateCommand();
        command.CommandText = sql;
        command.ExecuteNonQuery();
    }

    public ValueTask DisposeAsync()
    {
        _connection.Dispose();
        return ValueTask.CompletedTask;
    }
}
