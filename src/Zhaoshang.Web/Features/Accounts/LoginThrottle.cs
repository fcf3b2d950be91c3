using System.Threading.RateLimiting;
using Microsoft.Extensions.Options;

namespace Zhaoshang.Web.Features.Accounts;

/// <summary>
/// Rate limits sign-in attempts per account and per source address (fixed one-minute windows). The per-address
/// limit is generous so that a whole office behind one NAT address can still sign in at nine o'clock.
/// </summary>
public sealed class LoginThrottle : IDisposable
{
    private readonly PartitionedRateLimiter<string> _perAccount;
    private readonly PartitionedRateLimiter<string> _perIp;

    public LoginThrottle(IOptions<SecurityOptions> options)
    {
        var rules = options.Value;
        _perAccount = Limiter(rules.LoginsPerAccountPerMinute);
        _perIp = Limiter(rules.LoginsPerIpPerMinute);
    }

    private static PartitionedRateLimiter<string> Limiter(int perMinute) =>
        PartitionedRateLimiter.Create<string, string>(key => RateLimitPartition.GetFixedWindowLimiter(key, _ =>
            new FixedWindowRateLimiterOptions { PermitLimit = perMinute, Window = TimeSpan.FromMinutes(1), QueueLimit = 0 }));

    /// <summary>Takes one attempt from both budgets; false when either is spent.</summary>
    public bool TryAcquire(string userName, string? ip)
    {
        using var byIp = _perIp.AttemptAcquire(ip ?? "-");
        if (!byIp.IsAcquired)
        {
            return false;
        }
        using var byAccount = _perAccount.AttemptAcquire(userName.Trim().ToUpperInvariant());
        return byAccount.IsAcquired;
    }

    public void Dispose()
    {
        _perAccount.Dispose();
        _perIp.Dispose();
    }
}
