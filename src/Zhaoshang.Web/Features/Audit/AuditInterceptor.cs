using System.Reflection;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.ChangeTracking;
using Microsoft.EntityFrameworkCore.Diagnostics;
using Microsoft.EntityFrameworkCore.Metadata;
using Zhaoshang.Web.Data;
using Zhaoshang.Web.Shared;

namespace Zhaoshang.Web.Features.Audit;

/// <summary>
/// Runs on every save: bumps row versions, refuses writes outside the caller's scope, refuses any change to the
/// audit trail, records each create/update/delete with its before → after values, and chains the new audit records.
/// </summary>
public sealed class AuditInterceptor(AuditChain chain, TimeProvider time) : SaveChangesInterceptor, IRecordsCreates
{
    /// <summary>Ends the audit gate of a save made inside an explicit transaction, once that transaction ends.</summary>
    public sealed class TransactionEnd : DbTransactionInterceptor
    {
        public static readonly TransactionEnd Instance = new();

        public override void TransactionCommitted(System.Data.Common.DbTransaction transaction, TransactionEndEventData eventData) => End(eventData.Context, committed: true);

        public override Task TransactionCommittedAsync(System.Data.Common.DbTransaction transaction, TransactionEndEventData eventData, CancellationToken cancellationToken = default) => End(eventData.Context, committed: true);

        public override void TransactionRolledBack(System.Data.Common.DbTransaction transaction, TransactionEndEventData eventData) => End(eventData.Context, committed: false);

        public override Task TransactionRolledBackAsync(System.Data.Common.DbTransaction transaction, TransactionEndEventData eventData, CancellationToken cancellationToken = default) => End(eventData.Context, committed: false);

        public override void TransactionFailed(System.Data.Common.DbTransaction transaction, TransactionErrorEventData eventData) => End(eventData.Context, committed: false);

        public override Task TransactionFailedAsync(System.Data.Common.DbTransaction transaction, TransactionErrorEventData eventData, CancellationToken cancellationToken = default) => End(eventData.Context, committed: false);

        private static Task End(DbContext? context, bool committed)
        {
            if (context is AppDb db)
            {
                AuditChain.Release(db, transactionEnded: true, committed);
            }
            return Task.CompletedTask;
        }
    }

    private static readonly JsonSerializerOptions Json = new()
    {
        Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
    };

    public override InterceptionResult<int> SavingChanges(DbContextEventData eventData, InterceptionResult<int> result)
    {
        if (eventData.Context is AppDb db)
        {
            PrepareAsync(db, async: false, CancellationToken.None).GetAwaiter().GetResult();
        }
        return result;
    }

    public override async ValueTask<InterceptionResult<int>> SavingChangesAsync(DbContextEventData eventData,
        InterceptionResult<int> result, CancellationToken cancellationToken = default)
    {
        if (eventData.Context is AppDb db)
        {
            await PrepareAsync(db, async: true, cancellationToken);
        }
        return result;
    }

    public override int SavedChanges(SaveChangesCompletedEventData eventData, int result)
    {
        Release(eventData.Context, saved: true);
        return result;
    }

    public override ValueTask<int> SavedChangesAsync(SaveChangesCompletedEventData eventData, int result, CancellationToken cancellationToken = default)
    {
        Release(eventData.Context, saved: true);
        return ValueTask.FromResult(result);
    }

    public override void SaveChangesFailed(DbContextErrorEventData eventData) => Release(eventData.Context, saved: false);

    public override Task SaveChangesFailedAsync(DbContextErrorEventData eventData, CancellationToken cancellationToken = default)
    {
        Release(eventData.Context, saved: false);
        return Task.CompletedTask;
    }

    public override void SaveChangesCanceled(DbContextEventData eventData) => Release(eventData.Context, saved: false);

    // A stale write is reported here, not through SaveChangesFailed.
    public override InterceptionResult ThrowingConcurrencyException(ConcurrencyExceptionEventData eventData, InterceptionResult result)
    {
        Release(eventData.Context, saved: false);
        return result;
    }

    public override ValueTask<InterceptionResult> ThrowingConcurrencyExceptionAsync(ConcurrencyExceptionEventData eventData,
        InterceptionResult result, CancellationToken cancellationToken = default)
    {
        Release(eventData.Context, saved: false);
        return ValueTask.FromResult(result);
    }

    public override Task SaveChangesCanceledAsync(DbContextEventData eventData, CancellationToken cancellationToken = default)
    {
        Release(eventData.Context, saved: false);
        return Task.CompletedTask;
    }

    // A save outside an explicit transaction is committed once it has succeeded; inside one, at the transaction's commit.
    private static void Release(DbContext? context, bool saved)
    {
        if (context is AppDb db)
        {
            if (!saved)
            {
                AuditChain.SaveFailed(db);
            }
            AuditChain.Release(db, transactionEnded: false, committed: saved);
        }
    }

    private async Task PrepareAsync(AppDb db, bool async, CancellationToken ct)
    {
        db.ChangeTracker.DetectChanges();
        var user = db.CurrentUser;
        var now = time.GetUtcNow().UtcDateTime;
        var records = new List<AuditEntry>();

        foreach (var entry in db.ChangeTracker.Entries().ToList())
        {
            if (entry.State is not (EntityState.Added or EntityState.Modified or EntityState.Deleted))
            {
                continue;
            }
            switch (entry.Entity)
            {
                case AuditEntry when entry.State != EntityState.Added:
                    throw new InvalidOperationException("The audit trail is append-only: records cannot be changed or deleted.");
                case AuditEntry added:
                    records.Add(added);
                    continue;
                case AuditHead:
                    continue;
            }

            // What people typed (not what the system writes: keys, sessions, outgoing messages).
            if (entry.State != EntityState.Deleted && entry.Entity is not ISystemWritten)
            {
                TextGuard.Check(entry);
            }

            if (entry.Entity is IVersioned && entry.State == EntityState.Modified)
            {
                var version = entry.Property(nameof(IVersioned.Version));
                version.CurrentValue = (long)version.OriginalValue! + 1;
            }

            if (entry.Entity is IScoped scoped)
            {
                var originalPath = entry.State == EntityState.Modified
                    ? (string?)entry.Property(ScopeColumnAttribute.Of(entry.Entity.GetType())).OriginalValue
                    : null;
                if (!user.CanWrite(scoped.OrgPath) || (originalPath is not null && !user.CanWrite(originalPath)))
                {
                    throw DomainException.Forbidden("该记录不在您的数据范围内。");
                }
            }

            if (entry.Entity is not INotAudited && Describe(entry) is { } details)
            {
                var action = entry.State switch
                {
                    EntityState.Added => "create",
                    EntityState.Deleted => "delete",
                    _ => "update",
                };
                records.Add(Record(user, now, action, ObjectType(entry.Metadata), KeyOf(entry.Metadata, p => entry.Property(p).CurrentValue), details));
            }
        }

        if (records.Count > 0)
        {
            // Ids are assigned by the chain, so records are tracked only once they have them.
            foreach (var record in records)
            {
                db.Entry(record).State = EntityState.Detached;
            }
            await chain.StampAsync(db, records, async, ct);
            db.AuditEntries.AddRange(records);
        }
    }

    /// <summary>Rows inserted in bulk, each with its "create" record on the chain (stamped first, written after the rows).</summary>
    public async Task RecordCreatedAsync<T>(AppDb db, IEntityType type, IReadOnlyList<T> rows, IBulkWriter insert, CancellationToken ct) where T : class
    {
        var records = await StampCreatedAsync(db, type, rows, ct);
        await insert.InsertAsync(rows, ct);
        await insert.InsertAsync(records, ct);
    }

    /// <summary>
    /// The records of rows created without change tracking (<see cref="BulkInsert.CreateAsync"/>): the same records
    /// this interceptor writes for an added entity, stamped onto the chain. The gate is held until the caller's
    /// transaction ends, as for a save inside it.
    /// </summary>
    internal async Task<List<AuditEntry>> StampCreatedAsync<T>(AppDb db, IEntityType type, IReadOnlyList<T> rows, CancellationToken ct) where T : class
    {
        var user = db.CurrentUser;
        var now = time.GetUtcNow().UtcDateTime;
        var objectType = ObjectType(type);
        var records = new List<AuditEntry>(rows.Count);
        foreach (var row in rows)
        {
            object? Value(IProperty p) => p.PropertyInfo!.GetValue(row);
            records.Add(Record(user, now, "create", objectType, KeyOf(type, Value), Created(type, Value)));
        }
        await chain.StampAsync(db, records, async: true, ct);
        return records;
    }

    private static AuditEntry Record(CurrentUser user, DateTime now, string action, string objectType, string? objectId, string details) => new()
    {
        At = now,
        UserId = user.Id,
        UserName = user.UserName ?? "system",
        OrgId = user.OrgId,
        OrgCode = user.OrgCode,
        Roles = string.Join(',', user.Roles),
        Ip = user.Ip,
        Action = action,
        ObjectType = objectType,
        ObjectId = objectId,
        Result = AuditResults.Success,
        Details = details,
    };

    // Whether a property is left out of the records, looked up once per property (not once per row of an import).
    private static readonly System.Collections.Concurrent.ConcurrentDictionary<IProperty, bool> NotAuditedProperties = new();

    private static bool IsAudited(IProperty property) =>
        !NotAuditedProperties.GetOrAdd(property, p => p.PropertyInfo?.GetCustomAttribute<NotAuditedAttribute>() is not null);

    /// <summary>A created row's values as {"before":{},"after":{…}}.</summary>
    private static string Created(IEntityType type, Func<IProperty, object?> value)
    {
        var after = new Dictionary<string, object?>();
        foreach (var property in type.GetProperties())
        {
            if (IsAudited(property))
            {
                after[property.Name] = value(property);
            }
        }
        return JsonSerializer.Serialize(new { before = new Dictionary<string, object?>(), after }, Json);
    }

    /// <summary>The changed values as {"before":{…},"after":{…}}; null when only unaudited fields changed.</summary>
    private static string? Describe(EntityEntry entry)
    {
        if (entry.State == EntityState.Added)
        {
            return Created(entry.Metadata, p => entry.Property(p).CurrentValue);
        }
        var before = new Dictionary<string, object?>();
        var after = new Dictionary<string, object?>();
        foreach (var property in entry.Properties)
        {
            if (!IsAudited(property.Metadata))
            {
                continue;
            }
            var name = property.Metadata.Name;
            if (entry.State == EntityState.Deleted)
            {
                before[name] = property.OriginalValue;
            }
            else if (property.IsModified && !Equals(property.OriginalValue, property.CurrentValue) && name != nameof(IVersioned.Version))
            {
                before[name] = property.OriginalValue;
                after[name] = property.CurrentValue;
            }
        }
        if (entry.State == EntityState.Modified && after.Count == 0)
        {
            return null;
        }
        return JsonSerializer.Serialize(new { before, after }, Json);
    }

    private static string ObjectType(IEntityType type)
    {
        var name = type.ClrType.Name;
        if (type.ClrType.IsGenericType)
        {
            name = name[..name.IndexOf('`')];
        }
        return name.Replace("Identity", "").Replace("App", "");
    }

    private static string? KeyOf(IEntityType type, Func<IProperty, object?> value)
    {
        var key = type.FindPrimaryKey();
        return key is null ? null : string.Join('/', key.Properties.Select(p => value(p)?.ToString()));
    }
}
