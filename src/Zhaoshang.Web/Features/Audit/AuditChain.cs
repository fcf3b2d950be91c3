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
/// The key lives outside the database, so someone who can write the tables cannot forge a valid chain; the head row
/// (last id and MAC) carries a MAC of its own, so cutting records off the end shows too.
/// </summary>
public sealed class AuditChain
{
    private const char Separator = '\u001f';
    private static readonly TimeSpan GateTimeout = TimeSpan.FromSeconds(30);
    private readonly SemaphoreSlim _gate = new(1, 1);
    private readonly ICryptoProvider _crypto;
    private readonly byte[] _key;

    public AuditChain(ICryptoProvider crypto, Microsoft.Extensions.Options.IOptions<AuditOptions> options, AppPaths paths)
    {
        _crypto = crypto;
        var fromEnvironment = Environment.GetEnvironmentVariable("ZS_AUDIT_KEY");
        var file = string.IsNullOrWhiteSpace(options.Value.KeyFile) ? paths.File("audit.key") : options.Value.KeyFile;
        if (!string.IsNullOrWhiteSpace(fromEnvironment))
        {
            _key = Convert.FromBase64String(fromEnvironment);
        }
        else if (File.Exists(file))
        {
            _key = Convert.FromBase64String(File.ReadAllText(file).Trim());
        }
        else
        {
            _key = System.Security.Cryptography.RandomNumberGenerator.GetBytes(32);
            _newKeyFile = file;
        }
    }

    private readonly string? _newKeyFile;

    /// <summary>True when no key was found and a new one was made; it is kept only on a database without a trail.</summary>
    public bool KeyCreated => _newKeyFile is not null;

    /// <summary>Writes a newly made key to its file (mode 600), once start-up has checked there is no trail it would break.</summary>
    public void PersistNewKey()
    {
        if (_newKeyFile is not null && !File.Exists(_newKeyFile))
        {
            AppPaths.WriteSecretFile(_newKeyFile, Convert.ToBase64String(_key) + "\n");
        }
    }

    /// <summary>A key for another purpose (e.g. protecting the Data Protection key ring), derived from the audit key.</summary>
    public byte[] DeriveKey(string purpose, int length) => _crypto.HmacSm3(_key, Encoding.UTF8.GetBytes("zhaoshang:" + purpose))[..length];

    /// <summary>Instants are kept to the microsecond, the precision both databases store.</summary>
    public static DateTime Truncate(DateTime utc) => new(utc.Ticks - utc.Ticks % 10, DateTimeKind.Utc);

    public string ComputeMac(AuditEntry e, string previousMac)
    {
        var content = string.Join(Separator,
            e.Id.ToString(CultureInfo.InvariantCulture),
            e.At.ToString("yyyy-MM-dd'T'HH:mm:ss.ffffff", CultureInfo.InvariantCulture),
            e.UserId?.ToString() ?? "", e.UserName ?? "", e.OrgId?.ToString() ?? "", e.OrgCode ?? "", e.Roles ?? "",
            e.Ip ?? "", e.Action, e.ObjectType ?? "", e.ObjectId ?? "", e.Result, e.Details ?? "", previousMac);
        return Mac(content);
    }

    private string HeadMac(long lastId, string lastMac) => Mac(string.Join(Separator, "head", lastId.ToString(CultureInfo.InvariantCulture), lastMac));

    private string Mac(string content) => Convert.ToHexStringLower(_crypto.HmacSm3(_key, Encoding.UTF8.GetBytes(content)));

    /// <summary>
    /// Gives each new record its id and MAC after the stored head, and moves the head. Holds a process-wide gate
    /// until the save ends, or, inside an explicit transaction, until that transaction ends, so the next writer
    /// always reads a committed head. Across nodes the head's version makes a concurrent writer fail rather than
    /// fork the chain.
    /// </summary>
    internal async Task StampAsync(AppDb db, IReadOnlyList<AuditEntry> entries, bool async, CancellationToken ct)
    {
        if (db.AuditGateRelease is null)
        {
            var entered = async ? await _gate.WaitAsync(GateTimeout, ct) : _gate.Wait(GateTimeout, ct);
            if (!entered)
            {
                throw new TimeoutException("The audit trail is busy: no audit record could be written within 30 s.");
            }
            var released = 0;
            db.AuditGateRelease = () =>
            {
                if (Interlocked.Exchange(ref released, 1) == 0)
                {
                    _gate.Release();
                }
            };
        }
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
            head.Mac = HeadMac(lastId, lastMac);
            head.Version++;
        }
        catch
        {
            Release(db, transactionEnded: true);
            throw;
        }
    }

    /// <summary>Lets the next writer in, unless the save ran inside a transaction that is still open.</summary>
    internal static void Release(AppDb db, bool transactionEnded)
    {
        if (db.AuditGateRelease is { } release && (transactionEnded || db.Database.CurrentTransaction is null))
        {
            db.AuditGateRelease = null;
            release();
        }
    }

    /// <summary>
    /// Walks the chain up to the head; returns the id of the first record that does not verify (or the first one
    /// missing), or null. Records written while the walk runs are beyond the head it read, and left for next time.
    /// </summary>
    public async Task<long?> VerifyAsync(AppDb db, CancellationToken ct = default)
    {
        var head = await db.AuditHeads.AsNoTracking().SingleOrDefaultAsync(h => h.Id == 1, ct);
        if (head is null)
        {
            var last = await db.AuditEntries.MaxAsync(e => (long?)e.Id, ct);
            return last is null ? null : last + 1;
        }
        const int batch = 2000;
        long expectedId = 1;
        var previousMac = "";
        while (expectedId <= head.LastId)
        {
            var from = expectedId;
            var rows = await db.AuditEntries.AsNoTracking().Where(e => e.Id >= from && e.Id <= head.LastId).OrderBy(e => e.Id).Take(batch).ToListAsync(ct);
            if (rows.Count == 0)
            {
                return expectedId; // records cut off the end
            }
            foreach (var row in rows)
            {
                row.At = DateTime.SpecifyKind(row.At, DateTimeKind.Utc);
                if (row.Id != expectedId)
                {
                    return expectedId; // a record removed
                }
                if (ComputeMac(row, previousMac) != row.Mac)
                {
                    return row.Id;
                }
                previousMac = row.Mac;
                expectedId++;
            }
        }
        // The head itself: its MAC, and that it points at the last record.
        return head.Mac != HeadMac(head.LastId, head.LastMac) || head.LastMac != previousMac ? head.LastId + 1 : null;
    }
}
