namespace Zhaoshang.Tests.Infrastructure;

/// <summary>Real time plus an offset the test can move forward (idle timeouts, expiry, inactivity).</summary>
public sealed class TestClock : TimeProvider
{
    private TimeSpan _offset;

    public override DateTimeOffset GetUtcNow() => System.GetUtcNow() + _offset;

    public void Advance(TimeSpan by) => _offset += by;
}
