using System.Data.Common;
using System.Linq.Expressions;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Npgsql;
using Zhaoshang.Web.Data;
using Zhaoshang.Web.Features.Orgs;

namespace Zhaoshang.Bench;

/// <summary>
/// Proposed changes to the app, measured without editing it (--variant a,b):
/// <list type="bullet">
/// <item><c>range-scope</c>: the scope filter as one index range, "" … U+FFFF for system work, instead of
/// <c>ScopeAll OR (range)</c> (swapped into the model in process by <see cref="RangeScopeCustomizer"/>).</item>
/// <item><c>stage-index</c>: IX_Projects_Stage (Stage) replaced by (Stage, OrgPath), on a copy of the dataset.</item>
/// <item><c>analyze</c>: ANALYZE on a copy of the dataset (what PRAGMA optimize would give SQLite).</item>
/// <item><c>sqlite-cache</c>: a 64 MB page cache a SQLite connection instead of the default 2 MB (in process).</item>
/// </list>
/// </summary>
public static class Variants
{
    public static readonly string[] Known = ["range-scope", "stage-index", "analyze", "sqlite-cache"];

    public static bool RangeScope(this BenchOptions options) => options.Variants.Contains("range-scope");

    /// <summary>Whether the variants swap parts of the app, so it must run in the bench's process.</summary>
    public static bool NeedsInProcess(this BenchOptions options) => options.Variants.Any(v => v is "range-scope" or "sqlite-cache");

    /// <summary>Whether the variants change the database, so the run needs its own copy.</summary>
    public static bool ChangesDatabase(this BenchOptions options) => options.Variants.Any(v => v is "stage-index" or "analyze");

    public static string Label(this BenchOptions options) => options.Variants.Length == 0 ? "as is" : "variant " + string.Join("+", options.Variants);

    public static async Task ApplyAsync(Dataset run, BenchOptions options)
    {
        await using DbConnection connection = run.Provider == Provider.Sqlite
            ? new SqliteConnection(run.ConnectionString)
            : new NpgsqlConnection(new NpgsqlConnectionStringBuilder(run.ConnectionString) { CommandTimeout = 0 }.ConnectionString);
        await connection.OpenAsync();
        var statements = new List<string>();
        if (options.Variants.Contains("stage-index"))
        {
            statements.Add("""DROP INDEX "IX_Projects_Stage" """);
            statements.Add("""CREATE INDEX "IX_Projects_Stage_OrgPath" ON "Projects" ("Stage", "OrgPath")""");
        }
        if (options.Variants.Contains("analyze"))
        {
            statements.Add("ANALYZE");
        }
        foreach (var sql in statements)
        {
            await using var command = connection.CreateCommand();
            command.CommandText = sql;
            await command.ExecuteNonQueryAsync();
            Console.WriteLine($"  variant: {sql}");
        }
    }
}

/// <summary>
/// Runs the app's own OnModelCreating, then replaces every scope filter with
/// <c>row.OrgPath &gt;= start &amp;&amp; row.OrgPath &lt; End(start)</c>, where start is "" for system work and the
/// user's org path otherwise: always one range, which an index answers, never an OR with a parameter.
/// </summary>
/// <summary>Runs after the app's own SqlitePragmas on every connection open.</summary>
public sealed class SqliteCachePragma : Microsoft.EntityFrameworkCore.Diagnostics.DbConnectionInterceptor
{
    public override async Task ConnectionOpenedAsync(DbConnection connection, Microsoft.EntityFrameworkCore.Diagnostics.ConnectionEndEventData eventData,
        CancellationToken cancellationToken = default)
    {
        if (connection is SqliteConnection)
        {
            await using var command = connection.CreateCommand();
            command.CommandText = "PRAGMA cache_size=-65536;";
            await command.ExecuteNonQueryAsync(cancellationToken);
        }
    }
}

public sealed class RangeScopeCustomizer(ModelCustomizerDependencies dependencies) : RelationalModelCustomizer(dependencies)
{
    public override void Customize(ModelBuilder modelBuilder, DbContext context)
    {
        base.Customize(modelBuilder, context);
        var user = Expression.Property(Expression.Constant(context), nameof(AppDb.CurrentUser));
        var start = Expression.Condition(Expression.Property(user, nameof(CurrentUser.ScopeAll)), Expression.Constant(""),
            Expression.Property(user, nameof(CurrentUser.ScopePath)));
        var end = Expression.Call(typeof(OrgPaths).GetMethod(nameof(OrgPaths.End))!, start);
        foreach (var type in modelBuilder.Model.GetEntityTypes().Where(t => typeof(IScoped).IsAssignableFrom(t.ClrType)).ToList())
        {
            var row = Expression.Parameter(type.ClrType, "row");
            var path = Expression.Property(row, type.ClrType == typeof(Org) ? nameof(Org.Path) : nameof(IScoped.OrgPath));
            modelBuilder.Entity(type.ClrType).HasQueryFilter(Expression.Lambda(OrgPaths.InRange(path, start, end), row));
        }
    }
}
