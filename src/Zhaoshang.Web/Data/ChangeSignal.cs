using System.Data.Common;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Diagnostics;
using Npgsql;

namespace Zhaoshang.Web.Data;

/// <summary>
/// Tells this node's caches that a watched table changed, so that none of them serves what a commit made stale. This
/// node's own writes count when they commit (<see cref="Commits"/>; the bulk paths <see cref="Note"/> what they
/// write). Every writer's, from any node or connection, arrives through PostgreSQL: a statement trigger on each watched
/// table sends a NOTIFY with its commit (migration 000011) and <see cref="ChangeListener"/> hears it. Only while it
/// listens is the signal <see cref="Reliable"/>: on SQLite, before the listener is connected and after it lost its
/// connection, caches must not be read.
/// </summary>
public sealed class ChangeSignal
{
    public const string Channel = "zs_changes";

    /// <summary>
    /// The tables whose changes are signalled (each has the trigger on PostgreSQL): the ledger's projects, and what the
    /// assessment is computed from.
    /// </summary>
    public static readonly IReadOnlySet<string> Tables =
        new HashSet<string>(["Projects", .. Migrations.AssessmentChangeSignals.Signalled], StringComparer.Ordinal);

    private long _version;
    private volatile bool _reliable;

    /// <summary>Grows with every change signalled; a cached value is good while it is the version it was read at.</summary>
    public long Version => Interlocked.Read(ref _version);

    public bool Reliable => _reliable;

    public void Changed() => Interlocked.Increment(ref _version);

    /// <summary>Changes that came while nobody listened are unknown: everything read before counts as stale.</summary>
    internal void Listening(bool listening)
    {
        _reliable = listening;
        Changed();
    }

    /// <summary>A write to <paramref name="table"/> outside SaveChanges (bulk insert, raw SQL), signalled at commit.</summary>
    internal static void Note(AppDb db, string? table)
    {
        if (table is not null && Tables.Contains(table))
        {
            db.ChangesToSignal = true;
        }
    }

    /// <summary>Signals this node's own changes to watched tables when they are committed.</summary>
    public sealed class Commits(ChangeSignal signal) : ISaveChangesInterceptor, IDbTransactionInterceptor
    {
        public InterceptionResult<int> SavingChanges(DbContextEventData eventData, InterceptionResult<int> result)
        {
            NoteTracked(eventData.Context);
            return result;
        }

        public ValueTask<InterceptionResult<int>> SavingChangesAsync(DbContextEventData eventData, InterceptionResult<int> result,
            CancellationToken cancellationToken = default)
        {
            NoteTracked(eventData.Context);
            return ValueTask.FromResult(result);
        }

        public int SavedChanges(SaveChangesCompletedEventData eventData, int result)
        {
            Saved(eventData.Context);
            return result;
        }

        public ValueTask<int> SavedChangesAsync(SaveChangesCompletedEventData eventData, int result, CancellationToken cancellationToken = default)
        {
            Saved(eventData.Context);
            return ValueTask.FromResult(result);
        }

        public void TransactionCommitted(DbTransaction transaction, TransactionEndEventData eventData) => Committed(eventData.Context);

        public Task TransactionCommittedAsync(DbTransaction transaction, TransactionEndEventData eventData, CancellationToken cancellationToken = default)
        {
            Committed(eventData.Context);
            return Task.CompletedTask;
        }

        public void TransactionRolledBack(DbTransaction transaction, TransactionEndEventData eventData) => Discard(eventData.Context);

        public Task TransactionRolledBackAsync(DbTransaction transaction, TransactionEndEventData eventData, CancellationToken cancellationToken = default)
        {
            Discard(eventData.Context);
            return Task.CompletedTask;
        }

        private static void NoteTracked(DbContext? context)
        {
            if (context is AppDb db && !db.ChangesToSignal)
            {
                db.ChangesToSignal = db.ChangeTracker.Entries().Any(e =>
                    e.State is EntityState.Added or EntityState.Modified or EntityState.Deleted && Tables.Contains(e.Metadata.GetTableName() ?? ""));
            }
        }

        // Without a transaction of the caller's, SaveChanges has committed its own.
        private void Saved(DbContext? context)
        {
            if (context is AppDb { ChangesToSignal: true } db && db.Database.CurrentTransaction is null)
            {
                db.ChangesToSignal = false;
                signal.Changed();
            }
        }

        private void Committed(DbContext? context)
        {
            if (context is AppDb { ChangesToSignal: true } db)
            {
                db.ChangesToSignal = false;
                signal.Changed();
            }
        }

        private static void Discard(DbContext? context)
        {
            if (context is AppDb db)
            {
                db.ChangesToSignal = false;
            }
        }
    }
}

/// <summary>
/// Listens on PostgreSQL for the watched tables' notifications, on a connection of its own, for the life of the app.
/// A lost connection makes the signal unreliable until it is listening again (retried every few seconds); a quiet one
/// is checked every half minute, so a connection that died silently is noticed.
/// </summary>
public sealed class ChangeListener(ChangeSignal signal, IConfiguration config, ILogger<ChangeListener> log) : BackgroundService
{
    private static readonly TimeSpan Quiet = TimeSpan.FromSeconds(30);
    private static readonly TimeSpan Retry = TimeSpan.FromSeconds(5);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var connectionString = new NpgsqlConnectionStringBuilder(DataSetup.ConnectionString(config))
        {
            Pooling = false,
            CommandTimeout = 10,
            ApplicationName = "zhaoshang-change-listener",
        }.ConnectionString;
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                await using var connection = new NpgsqlConnection(connectionString);
                await connection.OpenAsync(stoppingToken);
                connection.Notification += (_, _) => signal.Changed();
                await using (var listen = new NpgsqlCommand($"LISTEN {ChangeSignal.Channel}", connection))
                {
                    await listen.ExecuteNonQueryAsync(stoppingToken);
                }
                signal.Listening(true);
                while (true)
                {
                    if (!await connection.WaitAsync(Quiet, stoppingToken))
                    {
                        await using var ping = new NpgsqlCommand("SELECT 1", connection);
                        await ping.ExecuteScalarAsync(stoppingToken);
                    }
                }
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                break;
            }
            catch (Exception e) when (!stoppingToken.IsCancellationRequested)
            {
                log.LogWarning(e, "Not listening for data changes; caches are bypassed until the connection is back.");
            }
            finally
            {
                signal.Listening(false);
            }
            try
            {
                await Task.Delay(Retry, stoppingToken);
            }
            catch (OperationCanceledException)
            {
                break;
            }
        }
    }
}
