using System.Globalization;
using System.Text;
using Microsoft.EntityFrameworkCore;
using Zhaoshang.Web.Data;
using Zhaoshang.Web.Shared;

namespace Zhaoshang.Web.Features.Audit;

public sealed class AuditOptions
{
    public const int MinimumRetentionDays = 180;
    public int RetentionDays { get; set; } = MinimumRetentionDays;
    /// <summary>File holding the HMAC key; default data/audit.key. ZS_AUDIT_KEY (base64) overrides it.</summary>
    public string? KeyFile { get; set; }
}

/// <summary>
/// The hash chain of the audit trail: stamps new records with their id and MAC, and verifies the stored chain.
/// The key lives outside the database, so someone who can write the tables cannot forge a valid chain.
/// </summary>
public sealed class AuditChain
{
    private const char Separator = '\u001f';
    private readonly SemaphoreSlim _gate = new(1, 1);
    private readonly ICryptoProvider _crypto;
    private readonly byte[] _key;

    public AuditChain(ICryptoProvider crypto, Microsoft.Extensions.Options.IOptions<AuditOptions> options, AppPaths paths)
    {
        _crypto = crypto;
        _key = LoadOrCreateKey(options.Value, paths);
    }

    private static byte[] LoadOrCreateKey(AuditOptions options, AppPaths paths)
    {
        var fromEnvironment = Environment.GetEnvironmentVariable("ZS_AUDIT_KEY");
        if (!string.IsNullOrWhiteSpace(fromEnvironment))
        {
            return Convert.FromBase64String(fromEnvironment);
        }
        var file = string.IsNullOrWhiteSpace(options.KeyFile) ? paths.File("audit.key") : options.KeyFile;
        if (File.Exists(file))
        {
            return Convert.FromBase64String(File.ReadAllText(file).Trim());
        }
        var key = System.Security.Cryptography.RandomNumberGenerator.GetBytes(32);
        AppPaths.WriteSecretFile(file, Convert.ToBase64String(key) + "\n");
        return key;
    }

    /// <summary>Instants are kept to the microsecond, the precision both databases store.</summary>
    public static DateTime Truncate(DateTime utc) => new(utc.Ticks - utc.Ticks % 10, DateTimeKind.Utc);

    public string ComputeMac(AuditEntry e, string previousMac)
    {
        var content = string.Join(Separator,
            e.Id.ToString(CultureInfo.InvariantCulture),
            e.At.ToString("yyyy-MM-dd'T'HH:mm:ss.ffffff", CultureInfo.InvariantCulture),
            e.UserId?.ToString() ?? "", e.UserName ?? "", e.OrgId?.ToString() ?? "", e.OrgCode ?? "", e.Roles ?? "",
            e.Ip ?? "", e.Action, e.ObjectType ?? "", e.ObjectId ?? "", e.Result, e.Details ?? "", previousMac);
        return Convert.ToHexStringLower(_crypto.HmacSm3(_key, Encoding.UTF8.GetBytes(content)));
    }

    /// <summary>
    /// Gives each new record its id and MAC after the stored head, and moves the head. Holds a process-wide gate
    /// until <see cref="Release"/>; across nodes the head's version makes a concurrent writer fail rather than fork the chain.
    /// </summary>
    internal async Task StampAsync(AppDb db, IReadOnlyList<AuditEntry> entries, bool async, CancellationToken ct)
    {
        if (async)
        {
            await _gate.WaitAsync(ct);
        }
        else
        {
            _gate.Wait(ct);
        }
        db.AuditGateHeld = true;
        try
        {
            var query = db.AuditHeads.AsNoTracking().Where(h => h.Id == 1);
            var stored = async ? await query.SingleOrDefaultAsync(ct) : query.SingleOrDefault();
            var tracked = db.ChangeTracker.Entries<AuditHead>().FirstOrDefault();
            AuditHead head;
            if (stored is null)
            {
                head = tracked?.Entity ?? db.AuditHeads.Add(new AuditHead { Id = 1 }).Entity;
            }
            else if (tracked is null)
            {
                head = stored;
                db.AuditHeads.Attach(head);
            }
            else
            {
                head = tracked.Entity;
                tracked.OriginalValues.SetValues(stored);
                tracked.CurrentValues.SetValues(stored);
            }

            var lastId = head.LastId;
            var lastMac = head.LastMac;
            foreach (var entry in entries)
            {
                entry.Id = ++lastId;
                entry.At = Truncate(entry.At);
                entry.Mac = ComputeMac(entry, lastMac);
                lastMac = entry.Mac;
            }
            head.LastId = lastId;
            head.LastMac = lastMac;
            head.Version++;
        }
        catch
        {
            Release(db);
            throw;
        }
    }

    internal void Release(AppDb db)
    {
        if (db.AuditGateHeld)
        {
            db.AuditGateHeld = false;
            _gate.Release();
        }
    }

    /// <summary>Walks the whole chain; returns the id of the first record that does not verify, or null.</summary>
    public async Task<long?> VerifyAsync(AppDb db, CancellationToken ct = default)
    {
        const int batch = 2000;
        long expectedId = 1;
        var previousMac = "";
        while (true)
        {
            var from = expectedId;
            var rows = await db.AuditEntries.AsNoTracking().Where(e => e.Id >= from).OrderBy(e => e.Id).Take(batch).ToListAsync(ct);
            foreach (var row in rows)
            {
                row.At = DateTime.SpecifyKind(row.At, DateTimeKind.Utc);
                if (row.Id != expectedId || ComputeMac(row, previousMac) != row.Mac)
                {
                    return row.Id != expectedId ? expectedId : row.Id;
                }
                previousMac = row.Mac;
                expectedId++;
            }
            if (rows.Count < batch)
            {
                break;
            }
        }
        // Records removed from the tail leave the head pointing past the last row.
        var head = await db.AuditHeads.AsNoTracking().SingleOrDefaultAsync(h => h.Id == 1, ct);
        if (head is not null && (head.LastId != expectedId - 1 || head.LastMac != previousMac))
        {
            return expectedId;
        }
        return null;
    }
}
