using System.Reflection;
using Xunit.Sdk;

namespace Zhaoshang.Tests.Infrastructure;

public enum Db
{
    Sqlite,
    Postgres,
}

/// <summary>
/// Suites that need a real PostgreSQL or Chromium read them from the environment. Without them the suite is
/// skipped with the reason; with CI=true it runs and fails, so CI can never pass by skipping.
/// </summary>
public static class Prerequisites
{
    public static bool InCi => string.Equals(Environment.GetEnvironmentVariable("CI"), "true", StringComparison.OrdinalIgnoreCase);
    public static string? Postgres => Environment.GetEnvironmentVariable("ZS_TEST_POSTGRES") is { Length: > 0 } s ? s : null;
    public static string? Chromium => Environment.GetEnvironmentVariable("ZS_TEST_CHROMIUM") is { Length: > 0 } s ? s : null;

    public static string? SkipPostgres => Postgres is null && !InCi ? "ZS_TEST_POSTGRES is not set: PostgreSQL suites skipped (CI=true makes this a failure)." : null;
    public static string? SkipChromium => Chromium is null && !InCi ? "ZS_TEST_CHROMIUM is not set: browser suites skipped (CI=true makes this a failure)." : null;

    public static string RequirePostgres() => Postgres ?? throw new InvalidOperationException("ZS_TEST_POSTGRES is not set, and CI=true requires the PostgreSQL suites to run.");
    public static string RequireChromium() => Chromium ?? throw new InvalidOperationException("ZS_TEST_CHROMIUM is not set, and CI=true requires the browser suites to run.");
}

/// <summary>A data row for SQLite: always runs.</summary>
[AttributeUsage(AttributeTargets.Method)]
public sealed class SqliteDataAttribute : DataAttribute
{
    public override IEnumerable<object[]> GetData(MethodInfo testMethod) => [[Db.Sqlite]];
}

/// <summary>A data row for PostgreSQL: skipped without ZS_TEST_POSTGRES unless CI=true.</summary>
[AttributeUsage(AttributeTargets.Method)]
public sealed class PostgresDataAttribute : DataAttribute
{
    public PostgresDataAttribute() => Skip = Prerequisites.SkipPostgres!;

    public override IEnumerable<object[]> GetData(MethodInfo testMethod) => [[Db.Postgres]];
}
