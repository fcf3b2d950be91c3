using Npgsql;
using NpgsqlTypes;
using Zhaoshang.Web.Features.Projects;

namespace Zhaoshang.Bench;

/// <summary>
/// Binary COPY, one connection a table, all fed at once from the generated stream. Foreign-key triggers are off for
/// these sessions (session_replication_role = replica): the rows of one project reach several tables at once, and
/// the generator makes them consistent. Afterwards the indexes are rebuilt and the tables vacuumed and analysed, as
/// autovacuum would do after such a load.
/// </summary>
public sealed class PostgresSink(string connectionString) : IRowSink
{
    private readonly Dictionary<string, (NpgsqlConnection Connection, NpgsqlBinaryImporter Importer, NpgsqlDbType[] Types)> _copies = [];

    public async Task CheckAsync(IReadOnlyList<GeneratedProject> efWritten)
    {
        // Binary COPY is typed by the server's column types, so a value of the wrong type fails the load; only the
        // column sets need comparing, so that a column added by a migration is not silently left empty.
        await using var connection = await OpenAsync();
        foreach (var table in Table.All)
        {
            var columns = await ColumnTypesAsync(connection, table.Name);
            if (!columns.Keys.ToHashSet().SetEquals(table.Columns.Select(c => c.Name)))
            {
                throw new InvalidOperationException($"{table.Name}: the loader writes [{string.Join(",", table.Columns.Select(c => c.Name).Order())}] but the table has [{string.Join(",", columns.Keys.Order())}].");
            }
        }
        Console.WriteLine($"  column check: {Table.All.Length} tables match; {efWritten.Count} projects were written by EF");
    }

    public async Task<List<string>> DropIndexesAsync()
    {
        await using var connection = await OpenAsync();
        var definitions = new List<(string Name, string Sql)>();
        await using (var command = new NpgsqlCommand(
            "SELECT indexname, indexdef FROM pg_indexes WHERE schemaname = 'public' AND tablename = ANY(@t) AND indexname LIKE 'IX\\_%'", connection))
        {
            command.Parameters.AddWithValue("t", Table.All.Select(t => t.Name).ToArray());
            await using var reader = await command.ExecuteReaderAsync();
            while (await reader.ReadAsync())
            {
                definitions.Add((reader.GetString(0), reader.GetString(1)));
            }
        }
        foreach (var (name, _) in definitions)
        {
            await using var drop = new NpgsqlCommand($"DROP INDEX \"{name}\"", connection);
            await drop.ExecuteNonQueryAsync();
        }
        foreach (var table in Table.All)
        {
            var copyConnection = await OpenAsync();
            await using (var role = new NpgsqlCommand("SET session_replication_role = replica", copyConnection))
            {
                await role.ExecuteNonQueryAsync();
            }
            var types = await ColumnTypesAsync(copyConnection, table.Name);
            var importer = await copyConnection.BeginBinaryImportAsync(
                $"COPY \"{table.Name}\" ({string.Join(", ", table.Columns.Select(c => $"\"{c.Name}\""))}) FROM STDIN (FORMAT BINARY)");
            _copies[table.Name] = (copyConnection, importer, table.Columns.Select(c => types[c.Name]).ToArray());
        }
        return definitions.Select(d => d.Sql).ToList();
    }

    public void Write(Table table, object row)
    {
        var (_, importer, types) = _copies[table.Name];
        importer.StartRow();
        for (var i = 0; i < types.Length; i++)
        {
            switch (table.Columns[i].Value(row))
            {
                case null: importer.WriteNull(); break;
                case Guid v: importer.Write(v, types[i]); break;
                case string v: importer.Write(v, types[i]); break;
                case long v: importer.Write(v, types[i]); break;
                case int v: importer.Write(v, types[i]); break;
                case bool v: importer.Write(v, types[i]); break;
                case decimal v: importer.Write(v, types[i]); break;
                case DateOnly v: importer.Write(v, types[i]); break;
                case DateTime v: importer.Write(v, types[i]); break;
                case var v: throw new NotSupportedException($"{table.Name}.{table.Columns[i].Name}: {v.GetType()}");
            }
        }
    }

    // One COPY a table for the whole load: nothing to commit on the way.
    public Task CommitAsync() => Task.CompletedTask;

    public async Task FinishAsync(List<string> indexes)
    {
        foreach (var (connection, importer, _) in _copies.Values)
        {
            await importer.CompleteAsync();
            await importer.DisposeAsync();
            await connection.DisposeAsync();
        }
        _copies.Clear();
        await using var session = await OpenAsync();
        await ExecuteAsync(session, "SET maintenance_work_mem = '512MB'");
        foreach (var sql in indexes)
        {
            await ExecuteAsync(session, sql);
        }
        foreach (var table in Table.All)
        {
            await ExecuteAsync(session, $"VACUUM (ANALYZE) \"{table.Name}\"");
        }
    }

    private async Task<NpgsqlConnection> OpenAsync()
    {
        var connection = new NpgsqlConnection(new NpgsqlConnectionStringBuilder(connectionString) { CommandTimeout = 0 }.ConnectionString);
        await connection.OpenAsync();
        return connection;
    }

    private static async Task ExecuteAsync(NpgsqlConnection connection, string sql)
    {
        await using var command = new NpgsqlCommand(sql, connection);
        await command.ExecuteNonQueryAsync();
    }

    private static async Task<Dictionary<string, NpgsqlDbType>> ColumnTypesAsync(NpgsqlConnection connection, string table)
    {
        var types = new Dictionary<string, NpgsqlDbType>();
        await using var command = new NpgsqlCommand(
            "SELECT column_name, data_type FROM information_schema.columns WHERE table_schema = 'public' AND table_name = @t", connection);
        command.Parameters.AddWithValue("t", table);
        await using var reader = await command.ExecuteReaderAsync();
        while (await reader.ReadAsync())
        {
            types[reader.GetString(0)] = reader.GetString(1) switch
            {
                "uuid" => NpgsqlDbType.Uuid,
                "text" or "character varying" => NpgsqlDbType.Text,
                "bigint" => NpgsqlDbType.Bigint,
                "integer" => NpgsqlDbType.Integer,
                "boolean" => NpgsqlDbType.Boolean,
                "numeric" => NpgsqlDbType.Numeric,
                "date" => NpgsqlDbType.Date,
                "timestamp with time zone" => NpgsqlDbType.TimestampTz,
                "timestamp without time zone" => NpgsqlDbType.Timestamp,
                var other => throw new NotSupportedException($"{table}: column type {other}"),
            };
        }
        return types;
    }

    public async ValueTask DisposeAsync()
    {
        foreach (var (connection, importer, _) in _copies.Values)
        {
            await importer.DisposeAsync(); // not completed: the COPY is cancelled
            await connection.DisposeAsync();
        }
    }
}
