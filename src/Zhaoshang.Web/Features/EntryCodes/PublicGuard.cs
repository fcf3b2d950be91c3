using System.Collections.Concurrent;
using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using System.Threading.RateLimiting;
using Microsoft.Extensions.Options;
using Zhaoshang.Web.Shared;

namespace Zhaoshang.Web.Features.EntryCodes;

public sealed class EntryCodeOptions
{
    /// <summary>Pages and answers a source address may open a minute (a whole hall behind one address at an expo scans too).</summary>
    public int ScansPerAddressPerMinute { get; set; } = 300;
    /// <summary>Scans one code may take a minute, from everywhere.</summary>
    public int ScansPerCodePerMinute { get; set; } = 6000;
    /// <summary>Intentions a source address may send an hour.</summary>
    public int IntentionsPerAddressPerHour { get; set; } = 20;
    /// <summary>Intentions one code may take a minute.</summary>
    public int IntentionsPerCodePerMinute { get; set; } = 60;
    /// <summary>After this many intentions from one address within the hour, the next needs the challenge answered.</summary>
    public int ChallengeAfter { get; set; } = 2;
    /// <summary>The largest intention a browser may send, in bytes.</summary>
    public int MaxIntentionBytes { get; set; } = 16 * 1024;
    /// <summary>The longest a code may be valid, in days.</summary>
    public int MaxValidDays { get; set; } = 3 * 366;
}

/// <summary>A question a person answers and a script does not bother to: two small numbers to add, signed so that it is kept by the page, not by the server.</summary>
public sealed record Challenge(string Question, string Token);

/// <summary>
/// What keeps the public pages of the entry codes usable under abuse: fixed-window limits per source address and per
/// code, and a simple challenge after repeated intentions from one address (each challenge answered once, within ten
/// minutes).
/// </summary>
public sealed class PublicGuard : IDisposable
{
    private static readonly TimeSpan ChallengeLife = TimeSpan.FromMinutes(10);
    private readonly PartitionedRateLimiter<string> _scansByAddress;
    private readonly PartitionedRateLimiter<string> _scansByCode;
    private readonly PartitionedRateLimiter<string> _intentionsByAddress;
    private readonly PartitionedRateLimiter<string> _intentionsByCode;
    private readonly PartitionedRateLimiter<string> _freeByAddress;
    private readonly ConcurrentDictionary<string, DateTime> _answered = new(StringComparer.Ordinal);
    private readonly ICryptoProvider _crypto;
    private readonly byte[] _key;
    private readonly TimeProvider _time;

    public PublicGuard(IOptions<EntryCodeOptions> options, ICryptoProvider crypto, IKeyRing keys, TimeProvider time)
    {
        var o = options.Value;
        _scansByAddress = Limiter(o.ScansPerAddressPerMinute, TimeSpan.FromMinutes(1));
        _scansByCode = Limiter(o.ScansPerCodePerMinute, TimeSpan.FromMinutes(1));
        _intentionsByAddress = Limiter(o.IntentionsPerAddressPerHour, TimeSpan.FromHours(1));
        _intentionsByCode = Limiter(o.IntentionsPerCodePerMinute, TimeSpan.FromMinutes(1));
        _freeByAddress = Limiter(o.ChallengeAfter, TimeSpan.FromHours(1));
        (_crypto, _key, _time) = (crypto, keys.DeriveKey("entry-code-challenge", 32), time);
    }

    private static PartitionedRateLimiter<string> Limiter(int permits, TimeSpan window) =>
        PartitionedRateLimiter.Create<string, string>(key => RateLimitPartition.GetFixedWindowLimiter(key, _ =>
            new FixedWindowRateLimiterOptions { PermitLimit = Math.Max(permits, 0), Window = window, QueueLimit = 0 }));

    private static string Address(string? ip) => ip ?? "-";

    /// <summary>Takes a scan (a page or an answer) from the address's and the code's budgets; false when either is spent.</summary>
    public bool TryScan(string? ip, string? token)
    {
        using var byAddress = _scansByAddress.AttemptAcquire(Address(ip));
        if (!byAddress.IsAcquired)
        {
            return false;
        }
        if (token is null)
        {
            return true;
        }
        using var byCode = _scansByCode.AttemptAcquire(token);
        return byCode.IsAcquired;
    }

    /// <summary>Takes an intention from the address's and the code's budgets; false when either is spent.</summary>
    public bool TryIntention(string? ip, string token)
    {
        using var byAddress = _intentionsByAddress.AttemptAcquire(Address(ip));
        if (!byAddress.IsAcquired)
        {
            return false;
        }
        using var byCode = _intentionsByCode.AttemptAcquire(token);
        return byCode.IsAcquired;
    }

    /// <summary>Whether the address has sent its free intentions this hour (the next needs the challenge).</summary>
    public bool NeedsChallenge(string? ip) => _freeByAddress.GetStatistics(Address(ip))?.CurrentAvailablePermits is <= 0;

    /// <summary>Counts an accepted intention against the address's free ones.</summary>
    public void Accepted(string? ip)
    {
        using var _ = _freeByAddress.AttemptAcquire(Address(ip));
    }

    public Challenge NewChallenge()
    {
        var (a, b) = (RandomNumberGenerator.GetInt32(2, 10), RandomNumberGenerator.GetInt32(2, 10));
        var expires = _time.GetUtcNow().UtcDateTime.Add(ChallengeLife).Ticks.ToString(CultureInfo.InvariantCulture);
        var nonce = Convert.ToHexString(RandomNumberGenerator.GetBytes(6));
        var payload = $"{a}.{b}.{expires}.{nonce}";
        return new Challenge($"{a} + {b} = ?", $"{payload}.{Sign(payload)}");
    }

    /// <summary>Whether the answer is right for a challenge this server set, not yet used and not expired; it is used up either way.</summary>
    public bool Check(string? token, string? answer)
    {
        var parts = token?.Split('.') ?? [];
        if (parts.Length != 5 || !int.TryParse(parts[0], CultureInfo.InvariantCulture, out var a) || !int.TryParse(parts[1], CultureInfo.InvariantCulture, out var b)
            || !long.TryParse(parts[2], CultureInfo.InvariantCulture, out var ticks))
        {
            return false;
        }
        var payload = string.Join('.', parts[..4]);
        if (!CryptographicOperations.FixedTimeEquals(Encoding.ASCII.GetBytes(Sign(payload)), Encoding.ASCII.GetBytes(parts[4])))
        {
            return false;
        }
        var now = _time.GetUtcNow().UtcDateTime;
        if (ticks < now.Ticks || !_answered.TryAdd(payload, new DateTime(ticks, DateTimeKind.Utc)))
        {
            return false;
        }
        if (_answered.Count > 10_000)
        {
            foreach (var old in _answered.Where(x => x.Value < now).Select(x => x.Key).ToList())
            {
                _answered.TryRemove(old, out _);
            }
        }
        return int.TryParse(answer?.Trim(), CultureInfo.InvariantCulture, out var given) && given == a + b;
    }

    private string Sign(string payload) => Convert.ToHexString(_crypto.HmacSm3(_key, Encoding.ASCII.GetBytes(payload)))[..24];

    public void Dispose()
    {
        _scansByAddress.Dispose();
        _scansByCode.Dispose();
        _intentionsByAddress.Dispose();
        _intentionsByCode.Dispose();
        _freeByAddress.Dispose();
    }
}
