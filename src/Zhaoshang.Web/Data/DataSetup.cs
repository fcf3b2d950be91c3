using System.Data.Common;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.AspNetCore.DataProtection.KeyManagement;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Diagnostics;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Options;
using Zhaoshang.Web.Shared;

namespace Zhaoshang.Web.Data;

public enum DatabaseProvider
{
    Sqlite,
    Postgres,
}

public static class DataSetup
{
    public static DatabaseProvider Provider(IConfiguration config) =>
        (config["Database:Provider"] ?? "Sqlite").Trim().ToLowerInvariant() switch
        {
            "sqlite" or "" => DatabaseProvider.Sqlite,
            "postgres" or "postgresql" or "npgsql" => DatabaseProvider.Postgres,
            var other => throw new InvalidOperationException($"Database:Provider '{other}' is not supported: use Sqlite or Postgres."),
        };

    public static WebApplicationBuilder AddData(this WebApplicationBuilder builder)
    {
        var services = builder.Services;
        services.AddSingleton<AppPaths>();
        services.AddSingleton<ICryptoProvider, BouncyCastleCryptoProvider>();
        services.AddSingleton(TimeProvider.System);
        services.AddHttpContextAccessor();
        services.AddScoped<CurrentUser>();
        services.AddSingleton<ChangeSignal>();
        services.AddSingleton<ChangeSignal.Commits>();
        if (Provider(builder.Configuration) == DatabaseProvider.Postgres)
        {
            services.AddHostedService<ChangeListener>();
        }
        // Pooled: a context's options and internal services are built once, not on every request. A scope leases one
        // and binds it to the scope's user (the query filters and the audit read it); disposing the scope returns it.
        services.AddPooledDbContextFactory<AppDb>((sp, options) =>
        {
            Configure(options, sp.GetRequiredService<IConfiguration>(), sp.GetRequiredService<AppPaths>());
            // The features' own (the audit's: the chain, versions, the write scope, typed text), then the change signal's.
            options.AddInterceptors([.. sp.GetServices<IInterceptor>(), sp.GetRequiredService<ChangeSignal.Commits>()]);
        });
        services.AddScoped(sp =>
        {
            var db = sp.GetRequiredService<IDbContextFactory<AppDb>>().CreateDbContext();
            db.CurrentUser = sp.GetRequiredService<CurrentUser>();
            return db;
        });

        services.AddDataProtection().SetApplicationName("Zhaoshang");
        services.AddSingleton<IConfigureOptions<KeyManagementOptions>>(sp => new ConfigureOptions<KeyManagementOptions>(o =>
        {
            o.XmlRepository = new DbXmlRepository(sp.GetRequiredService<IServiceScopeFactory>());
            o.XmlEncryptor = new Sm4XmlEncryptor(sp.GetRequiredService<ICryptoProvider>(), sp.GetRequiredService<IKeyRing>());
        }));

        services.AddHealthChecks().AddCheck<DatabaseHealthCheck>("database", tags: ["ready"]);
        return builder;
    }

    /// <summary>
    /// What the app sets on a PostgreSQL connection string unless the operator did. Prepared statements for the queries
    /// it sends often: parsed once, and planned once where PostgreSQL finds a generic plan as good (planning was a
    /// quarter of its time a request; a value a generic plan must not ignore goes into the statement as a constant). And
    /// no DISCARD ALL when a connection goes back to the pool: a round trip on every request, for session state the app
    /// never leaves on a connection.
    /// </summary>
    public static string PostgresDefaults(string connectionString)
    {
        var builder = new Npgsql.NpgsqlConnectionStringBuilder(connectionString);
        var given = new System.Data.Common.DbConnectionStringBuilder { ConnectionString = connectionString };
        bool Given(params string[] keys) => keys.Any(given.ContainsKey);
        if (!Given("Max Auto Prepare", "MaxAutoPrepare"))
        {
            builder.MaxAutoPrepare = 32;
        }
        if (!Given("Auto Prepare Min Usages", "AutoPrepareMinUsages"))
        {
            builder.AutoPrepareMinUsages = 2;
        }
        if (!Given("No Reset On Close", "NoResetOnClose"))
        {
            builder.NoResetOnClose = true;
        }
        return builder.ConnectionString;
    }

    /// <summary>The configured connection string (required for PostgreSQL; SQLite defaults to a file under data/).</summary>
    public static string? ConnectionString(IConfiguration config)
    {
        var connectionString = config["Database:ConnectionString"];
        if (string.IsNullOrWhiteSpace(connectionString))
        {
            connectionString = config.GetConnectionString("Zhaoshang");
        }
        if (Provider(config) == DatabaseProvider.Postgres && string.IsNullOrWhiteSpace(connectionString))
        {
            throw new InvalidOperationException("Database:Provider is Postgres but Database:ConnectionString is empty.");
        }
        return connectionString;
    }

    /// <summary>The provider switch: SQLite (a file under data/, WAL, synchronous=FULL) or PostgreSQL.</summary>
    public static void Configure(DbContextOptionsBuilder options, IConfiguration config, AppPaths paths)
    {
        var connectionString = ConnectionString(config);
        switch (Provider(config))
        {
            case DatabaseProvider.Postgres:
                options.UseNpgsql(PostgresDefaults(connectionString!));
                break;
            default:
                options.UseSqlite(string.IsNullOrWhiteSpace(connectionString) ? $"Data Source={paths.File("zhaoshang.db")}" : connectionString);
                options.AddInterceptors(SqlitePragmas.Instance);
                break;
        }
        // Migrations are hand-written (no EF design-time tooling here); a test proves they match the model instead.
        options.ConfigureWarnings(w => w.Ignore(RelationalEventId.PendingModelChangesWarning));
    }
}

/// <summary>
/// Every SQLite connection runs in WAL mode with full fsync, enforced foreign keys and a 64 MB page cache. The pragmas
/// run once per physical connection: pooled connections are opened on every query, and re-running them each time
/// costs more than many of the queries.
/// </summary>
public sealed class SqlitePragmas : DbConnectionInterceptor
{
    public static readonly SqlitePragmas Instance = new();
    private const string CacheSize = "PRAGMA cache_size=-65536;";
    private const string Pragmas = "PRAGMA journal_mode=WAL; PRAGMA synchronous=FULL; PRAGMA foreign_keys=ON; PRAGMA busy_timeout=10000; " + CacheSize;
    private static readonly System.Runtime.CompilerServices.ConditionalWeakTable<object, object> Done = [];

    public override void ConnectionOpened(DbConnection connection, ConnectionEndEventData eventData)
    {
        if (IsNew(connection))
        {
            using var command = connection.CreateCommand();
            command.CommandText = Pragmas;
            command.ExecuteNonQuery();
        }
    }

    public override async Task ConnectionOpenedAsync(DbConnection connection, ConnectionEndEventData eventData, CancellationToken cancellationToken = default)
    {
        if (IsNew(connection))
        {
            await using var command = connection.CreateCommand();
            command.CommandText = Pragmas;
            await command.ExecuteNonQueryAsync(cancellationToken);
        }
    }

    /// <summary>
    /// Holds the context's SQLite connection open with a 16 MB page cache until disposed, then gives the cache back and
    /// restores it. For bulk writes (imports): they pass each page about once, so a large cache only holds memory,
    /// 50 MB of a 50,000-row import's peak. Nothing to do on PostgreSQL.
    /// </summary>
    public static async Task<IAsyncDisposable> BulkWriteAsync(AppDb db, CancellationToken ct)
    {
        if (!db.Database.IsSqlite())
        {
            return NoOp.Instance;
        }
        await db.Database.OpenConnectionAsync(ct);
        await RunAsync(db, "PRAGMA cache_size=-16384;", ct);
        return new Restore(db);
    }

    /// <summary>
    /// After a migration that rewrote tables: the write-ahead log folded into the database file and truncated. Until the
    /// next write checkpoints it, every read would look its pages up in a log of hundreds of megabytes.
    /// </summary>
    public static async Task CheckpointAsync(AppDb db, CancellationToken ct)
    {
        if (!db.Database.IsSqlite())
        {
            return;
        }
        await db.Database.OpenConnectionAsync(ct);
        try
        {
            await RunAsync(db, "PRAGMA wal_checkpoint(TRUNCATE);", ct);
        }
        finally
        {
            await db.Database.CloseConnectionAsync();
        }
    }

    [System.Diagnostics.CodeAnalysis.SuppressMessage("Security", "CA2100", Justification = "Constant pragmas.")]
    private static async Task RunAsync(AppDb db, string pragma, CancellationToken ct)
    {
        await using var command = db.Database.GetDbConnection().CreateCommand();
        command.CommandText = pragma;
        await command.ExecuteNonQueryAsync(ct);
    }

    private sealed class Restore(AppDb db) : IAsyncDisposable
    {
        public async ValueTask DisposeAsync()
        {
            await RunAsync(db, CacheSize + " PRAGMA shrink_memory;", CancellationToken.None);
            await db.Database.CloseConnectionAsync();
        }
    }

    private sealed class NoOp : IAsyncDisposable
    {
        public static readonly NoOp Instance = new();

        public ValueTask DisposeAsync() => ValueTask.CompletedTask;
    }

    /// <summary>Whether this physical connection (its native handle, which the pool keeps) has not had its pragmas yet.</summary>
    private static bool IsNew(DbConnection connection) =>
        connection is not Microsoft.Data.Sqlite.SqliteConnection { Handle: { } handle } || Done.TryAdd(handle, handle);
}

public sealed class DatabaseHealthCheck(IServiceScopeFactory scopes) : IHealthCheck
{
    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        using var scope = scopes.CreateScope();
        var db = scope.ServiceProvider.GetRequiredService<AppDb>();
        return await db.Database.CanConnectAsync(cancellationToken)
            ? HealthCheckResult.Healthy()
            : HealthCheckResult.Unhealthy("The database cannot be reached.");
    }
}
