using System.Data.Common;
using Microsoft.AspNetCore.Http;
using Microsoft.EntityFrameworkCore;
using Zhaoshang.Tests.Infrastructure;
using Zhaoshang.Web.Data;

namespace Zhaoshang.Tests.Data;

/// <summary>
/// The hand-written migrations must build exactly the schema the model describes: one database built by the
/// migrations, one from the model, compared table by table, column by column and index by index.
/// </summary>
public sealed class MigrationSchemaTests
{
    [Theory, SqliteData, PostgresData]
    public async Task Migrations_build_the_same_schema_as_the_model(Db provider)
    {
        var folder = Directory.CreateTempSubdirectory("zs-schema-").FullName;
        var migrated = Path.Combine(folder, "migrated");
        var modelled = Path.Combine(folder, "modelled");
        Directory.CreateDirectory(migrated);
        Directory.CreateDirectory(modelled);
        using var a = new TestDatabase(provider, migrated);
        using var b = new TestDatabase(provider, modelled);
        await using (var db = Open(a))
        {
            await db.Database.MigrateAsync();
        }
        await using (var db = Open(b))
        {
            await db.Database.EnsureCreatedAsync();
        }

        var fromMigrations = await DescribeAsync(a);
        var fromModel = await DescribeAsync(b);
        Assert.NotEmpty(fromModel);
        Assert.Contains(fromModel, line => line.StartsWith("column Orgs.Path ", StringComparison.Ordinal));
        Assert.Equal([], fromModel.Except(fromMigrations).ToList());
        Assert.Equal([], fromMigrations.Except(fromModel).ToList());
    }

    private static AppDb Open(TestDatabase database)
    {
        var options = new DbContextOptionsBuilder<AppDb>();
        if (database.Provider == Db.Sqlite)
        {
            options.UseSqlite(database.ConnectionString);
        }
        else
        {
            options.UseNpgsql(database.ConnectionString);
        }
        options.ConfigureWarnings(w => w.Ignore(Microsoft.EntityFrameworkCore.Diagnostics.RelationalEventId.PendingModelChangesWarning));
        return new AppDb(options.Options) { CurrentUser = new CurrentUser(new HttpContextAccessor()) };
    }

    /// <summary>The schema as lines: "column T.C type null|notnull", "index T.name (cols) unique", "fk T(cols) -> R".</summary>
    private static async Task<List<string>> DescribeAsync(TestDatabase database)
    {
        await using var db = Open(database);
        var connection = db.Database.GetDbConnection();
        await connection.OpenAsync();
        var lines = new List<string>();
        if (database.Provider == Db.Sqlite)
        {
            var tables = await QueryAsync(connection, "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' AND name NOT LIKE '!_!_EF%' ESCAPE '!'");
            foreach (var table in tables.Select(t => t[0]))
            {
                foreach (var c in await QueryAsync(connection, $"SELECT name, type, \"notnull\", pk FROM pragma_table_info('{table}')"))
                {
                    lines.Add($"column {table}.{c[0]} {c[1]} {(c[2] == "1" ? "notnull" : "null")} pk{c[3]}");
                }
                foreach (var i in await QueryAsync(connection, $"SELECT name, \"unique\" FROM pragma_index_list('{table}') WHERE origin = 'c'"))
                {
                    var columns = await QueryAsync(connection, $"SELECT name FROM pragma_index_info('{i[0]}') ORDER BY seqno");
                    lines.Add($"index {table}.{i[0]} ({string.Join(",", columns.Select(x => x[0]))}) {(i[1] == "1" ? "unique" : "")}");
                }
                foreach (var f in await QueryAsync(connection, $"SELECT \"table\", \"from\", \"to\", on_delete FROM pragma_foreign_key_list('{table}')"))
                {
                    lines.Add($"fk {table}({f[1]}) -> {f[0]}({f[2]}) {f[3]}");
                }
            }
        }
        else
        {
            foreach (var c in await QueryAsync(connection, """
                SELECT table_name, column_name, data_type, COALESCE(character_maximum_length::text, ''), is_nullable, COALESCE(is_identity, 'NO')
                FROM information_schema.columns WHERE table_schema = 'public' AND table_name NOT LIKE '!_!_EF%' ESCAPE '!'
                """))
            {
                lines.Add($"column {c[0]}.{c[1]} {c[2]}({c[3]}) {(c[4] == "YES" ? "null" : "notnull")} identity:{c[5]}");
            }
            foreach (var i in await QueryAsync(connection, "SELECT tablename, indexname, indexdef FROM pg_indexes WHERE schemaname = 'public' AND tablename NOT LIKE '!_!_EF%' ESCAPE '!'"))
            {
                lines.Add($"index {i[0]}.{i[1]} {i[2]}");
            }
            foreach (var f in await QueryAsync(connection, """
                SELECT conrelid::regclass::text, conname, pg_get_constraintdef(oid) FROM pg_constraint
                WHERE connamespace = 'public'::regnamespace AND contype IN ('f', 'p', 'u') AND conrelid::regclass::text NOT LIKE '"!_!_EF%' ESCAPE '!'
                """))
            {
                lines.Add($"constraint {f[0]}.{f[1]} {f[2]}");
            }
        }
        return lines;
    }

    private static async Task<List<string[]>> QueryAsync(DbConnection connection, string sql)
    {
        await using var command = connection.CreateCommand();
#pragma warning disable CA2100 // catalog queries built from catalog names
        command.CommandText = sql;
#pragma warning restore CA2100
        await using var reader = await command.ExecuteReaderAsync();
        var rows = new List<string[]>();
        while (await reader.ReadAsync())
        {
            var row = new string[reader.FieldCount];
            for (var i = 0; i < row.Length; i++)
            {
                row[i] = Convert.ToString(reader.GetValue(i), System.Globalization.CultureInfo.InvariantCulture) ?? "";
            }
            rows.Add(row);
        }
        return rows;
    }
}
