using Zhaoshang.Tests.Infrastructure;

namespace Zhaoshang.BrowserTests;

/// <summary>A browser test: skipped without ZS_TEST_CHROMIUM unless CI=true, where it must run.</summary>
public sealed class BrowserFactAttribute : FactAttribute
{
    public BrowserFactAttribute() => Skip = Prerequisites.SkipChromium!;
}

/// <summary>A browser theory: skipped without ZS_TEST_CHROMIUM unless CI=true, where it must run.</summary>
public sealed class BrowserTheoryAttribute : TheoryAttribute
{
    public BrowserTheoryAttribute() => Skip = Prerequisites.SkipChromium!;
}
