namespace Zhaoshang.Web.Features.Accounts;

/// <summary>
/// The login rules. The defaults are the 等保 2.0 level-3 profile; a deployment may only tighten them by configuration
/// (section "Security").
/// </summary>
public sealed class SecurityOptions
{
    public int MinPasswordLength { get; set; } = 8;
    public int MinCharacterClasses { get; set; } = 3;
    public int PasswordHistory { get; set; } = 5;
    public int PasswordMaxAgeDays { get; set; } = 90;
    public int MaxFailedAttempts { get; set; } = 5;
    public int LockoutMinutes { get; set; } = 15;
    public int IdleMinutes { get; set; } = 30;
    public int AdminIdleMinutes { get; set; } = 15;
    public int AbsoluteHours { get; set; } = 12;
    public int InactiveDisableDays { get; set; } = 90;
    public int LoginsPerAccountPerMinute { get; set; } = 20;
    public int LoginsPerIpPerMinute { get; set; } = 200;
    /// <summary>How long a node trusts its cached view of a session before reading it again (revocation delay).</summary>
    public int SessionRecheckSeconds { get; set; } = 30;
}
