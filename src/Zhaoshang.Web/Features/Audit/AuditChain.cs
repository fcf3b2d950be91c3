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
    /// <summary>File holding the highest record this node committed (<see cref="AuditMark"/>); default audit.mark beside the key file.</summary>
    public string? MarkFile { get; set; }
}

/// <summary>The stored trail does not verify where the next record would be chained: audited writes are refused.</summary>
public sealed class AuditChainBrokenException(string message) : InvalidOperationException(message);

/// <summary>
/// The hash chain of the audit trail: stamps new records with their id and MAC, and verifies the stored chain.
/// The key lives outside the database, so someone who can write the tables cannot forge a valid chain; the head row
/// (last id and MAC) carries a MAC of its own, so cutting records off the end shows too. Before chaining, the head is
/// checked (its MAC, its last record, and the node's <see cref="AuditMark"/> outside the database); a head that does not
/// verify is never chained onto, since that would launder the removal: the write is refused (fail closed) and an alert
/// is logged, until the database is restored.
/// </summary>
public sealed class AuditChain : IKeyRing
{
    private const char Separator = '\u001f';
    private static readonly TimeSpan GateTimeout = TimeSpan.FromSeconds(30);
    private readonly SemaphoreSlim _gate = new(1, 1);
    private readonly ICryptoProvider _crypto;
    private readonly ILogger<AuditChain> _logger;
    private readonly byte[] _key;

    public AuditChain(ICryptoProvider crypto, Microsoft.Extensions.Options.IOptions<AuditOptions> options, AppPaths paths, ILogger<AuditChain> logger)
    {
        _crypto = crypto;
        _logger = logger;
        var fromEnvironment = Environment.GetEnvironmentVariable("ZS_AUDIT_KEY");
        var file = string.IsNullOrWhiteSpace(options.Value.KeyFile) ? paths.File("audit.key") : options.Value.KeyFile;
        var markFile = !string.IsNullOrWhiteSpace(options.Value.MarkFile) ? options.Value.MarkFile
            : !string.IsNullOrWhiteSpace(fromEnvironment) || string.IsNullOrWhiteSpace(options.Value.KeyFile) ? paths.File("audit.mark")
            : Path.Combine(Path.GetDirectoryName(Path.GetFullPath(file)) ?? paths.DataDirectory, "audit.mark");
        Mark = new AuditMark(markFile, Mac, logger);
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

    /// <summary>The highest record this node committed, kept outside the database.</summary>
    public AuditMark Mark { get; }

    /// <summary>
    /// Reads the mark at start. A new, empty database on an old data folder (a developer's fresh start) forgets the old
    /// database's mark; a trail from before marks existed starts one at its head, if the head verifies.
    /// </summary>
    public async Task OpenMarkAsync(AppDb db, bool newDatabase, CancellationToken ct = default)
    {
        if (newDatabase)
        {
            if (File.Exists(Mark.Path))
            {
                _logger.LogWarning("A new database: the audit mark {Path} of the previous database is removed", Mark.Path);
                Mark.Reset();
            }
            return;
        }
        Mark.Load();
        if (Mark.Current is null && await db.AuditHeads.AsNoTracking().SingleOrDefaultAsync(h => h.Id == 1, ct) is { LastId: > 0 } head
            && head.Mac == HeadMac(head.LastId, head.LastMac))
        {
            _logger.LogWarning("The audit mark {Path} starts at record {Id}", Mark.Path, head.LastId);
            Mark.Advance(new AuditPosition(head.LastId, head.LastMac));
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
    /// fork the chain. A head that does not verify is not chained onto (<see cref="CheckHeadAsync"/>).
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
            db.AuditGateRelease = committed =>
            {
                if (Interlocked.Exchange(ref released, 1) == 0)
                {
                    try
                    {
                        if (committed is { } position)
                        {
                            Mark.Advance(position);
                        }
                    }
                    finally
                    {
                        _gate.Release();
                    }
                }
            };
        }
        try
        {
            var query = db.AuditHeads.AsNoTracking().Where(h => h.Id == 1);
            var stored = async ? await query.SingleOrDefaultAsync(ct) : query.SingleOrDefault();
            var tracked = db.ChangeTracker.Entries<AuditHead>().FirstOrDefault();
            await CheckHeadAsync(db, stored, firstWrite: tracked is null, async, ct);
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
            db.AuditPending = new AuditPosition(lastId, lastMac);
        }
        catch
        {
            db.AuditPending = null;
            Release(db, transactionEnded: true);
            throw;
        }
    }

    /// <summary>
    /// The stored head must verify before anything is chained onto it: its own MAC, its last record (present, with the
    /// head's MAC), and this node's mark (the trail still reaches the last record this node committed, unchanged).
    /// Otherwise records were cut off and the head moved back, and chaining on would hide it for good.
    /// </summary>
    private async Task CheckHeadAsync(AppDb db, AuditHead? stored, bool firstWrite, bool async, CancellationToken ct)
    {
        var mark = Mark.Current;
        if (stored is null)
        {
            if (mark is not null)
            {
                throw Broken($"the head is missing, but this node committed record {mark.Value.Id}");
            }
            var any = db.AuditEntries.AsNoTracking();
            if (firstWrite && (async ? await any.AnyAsync(ct) : any.Any()))
            {
                throw Broken("the head is missing, but records exist");
            }
            return;
        }
        if (stored.Mac != HeadMac(stored.LastId, stored.LastMac))
        {
            throw Broken($"the head (record {stored.LastId}) does not verify with the audit key");
        }
        if (mark is { } m && m.Id > stored.LastId)
        {
            throw Broken($"the head (record {stored.LastId}) is behind record {m.Id}, which this node committed");
        }
        long[] ids = mark is { } n && n.Id != stored.LastId ? [stored.LastId, n.Id] : [stored.LastId];
        if (stored.LastId == 0 && mark is null)
        {
            return;
        }
        var rows = db.AuditEntries.AsNoTracking().Where(e => ids.Contains(e.Id)).Select(e => new AuditPosition(e.Id, e.Mac));
        var found = async ? await rows.ToListAsync(ct) : rows.ToList();
        if (stored.LastId > 0 && !found.Contains(new AuditPosition(stored.LastId, stored.LastMac)))
        {
            throw Broken($"the head's last record {stored.LastId} is missing or changed");
        }
        if (mark is { } o && !found.Contains(o))
        {
            throw Broken($"record {o.Id}, which this node committed, is missing or changed");
        }
    }

    private AuditChainBrokenException Broken(string reason)
    {
        _logger.LogCritical("ALERT: the audit trail was tampered with ({Reason}). Audited writes are refused until the database is restored; "
            + "POST /api/audit/verify names the first broken record", reason);
        return new AuditChainBrokenException($"The audit trail does not verify ({reason}): the write is refused.");
    }

    /// <summary>
    /// Lets the next writer in, unless the save ran inside a transaction that is still open. When the records are
    /// committed (<paramref name="committed"/>), this node's mark moves to them first.
    /// </summary>
    internal static void Release(AppDb db, bool transactionEnded, bool committed = false)
    {
        if (db.AuditGateRelease is { } release && (transactionEnded || db.Database.CurrentTransaction is null))
        {
            var position = committed ? db.AuditPending : null;
            db.AuditGateRelease = null;
            db.AuditPending = null;
            release(position);
        }
    }

    /// <summary>A save that failed wrote no records: nothing it stamped may move the mark, even if its transaction commits.</summary>
    internal static void SaveFailed(AppDb db) => db.AuditPending = null;

    /// <summary>
    /// Walks the chain up to the head; returns the id of the first record that does not verify (or the first one
    /// missing), or null. Records written while the walk runs are beyond the head it read, and left for next time.
    /// The trail must also reach this node's mark with the same MAC, so a rollback of the database alone shows.
    /// </summary>
    public async Task<long?> VerifyAsync(AppDb db, CancellationToken ct = default)
    {
        // Read before the head: the mark only moves after a commit, so it can never be ahead of a head read later.
        var mark = Mark.Current;
        var head = await db.AuditHeads.AsNoTracking().SingleOrDefaultAsync(h => h.Id == 1, ct);
        if (head is null)
        {
            var last = await db.AuditEntries.MaxAsync(e => (long?)e.Id, ct);
            return last is not null ? last + 1 : mark is null ? null : 1;
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
                if (ComputeMac(row, previousMac) != row.Mac || (mark is { } m && m.Id == row.Id && m.Mac != row.Mac))
                {
                    return row.Id;
                }
                previousMac = row.Mac;
                expectedId++;
            }
        }
        // The head itself: its MAC, that it points at the last record, and that it is not behind this node's mark.
        return head.Mac != HeadMac(head.LastId, head.LastMac) || head.LastMac != previousMac || mark?.Id > head.LastId
            ? head.LastId + 1
            : null;
    }
}
