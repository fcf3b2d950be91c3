namespace Zhaoshang.Tests.Infrastructure;

/// <summary>
/// Real time plus an offset the test can move forward (idle timeouts, expiry, inactivity), in a local time zone the
/// test may set (a server that does not run on China time).
/// </summary>
public sealed class TestClock : TimeProvider
{
    private TimeSpan _offset;

    public override DateTimeOffset GetUtcNow() => System.GetUtcNow() + _offset;

    /// <summary>The server's own zone, as <see cref="TimeProvider.GetLocalNow"/> reads it; the process's unless set.</summary>
    public TimeZoneInfo? Zone { get; set; }

    public override TimeZoneInfo LocalTimeZone => Zone ?? base.LocalTimeZone;

    public void Advance(TimeSpan by) => _offset += by;
}
