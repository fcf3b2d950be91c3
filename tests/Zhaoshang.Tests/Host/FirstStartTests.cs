using System.Net;
using System.Net.Http.Json;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using Zhaoshang.Tests.Infrastructure;
using Zhaoshang.Web.Data;
using Zhaoshang.Web.Features.Accounts;

namespace Zhaoshang.Tests.Host;

public sealed class FirstStartTests
{
    [Theory, SqliteData, PostgresData]
    public async Task Demo_mode_writes_random_passwords_for_every_account_to_a_private_credentials_file(Db db)
    {
        using var app = new TestApp(db);
        var file = Path.Combine(app.DataDirectory, Seeder.CredentialsFile);
        _ = app.Credentials;
        if (!OperatingSystem.IsWindows())
        {
            Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(file));
        }
        var lines = File.ReadAllLines(file).Select(l => l.Split('\t')).ToList();
        Assert.Equal(AccountsSeed.Admins.Length + AccountsSeed.DemoUsers.Length, lines.Count);
        Assert.All(lines, l => Assert.Equal(5, l.Length));
        Assert.Equal(["sysadmin", "secadmin", "auditadmin"], lines.Take(3).Select(l => l[2]).ToArray());
        Assert.Contains(lines, l => l[0] == "officer.yunyan" && l[2] == "officer" && l[3] == "520103" && l[4] == "云岩区");
        Assert.Contains(lines, l => l[0] == "officer.nanming" && l[4] == "南明区");
        Assert.Contains(lines, l => l[2] == "officer" && l[4] == "市投资促进局");
        Assert.Contains(lines, l => l[2] == "leader");
        Assert.Contains(lines, l => l[2] == "handler");
        Assert.Contains(lines, l => l[2] == "enterprise");
        Assert.Equal(lines.Count, lines.Select(l => l[1]).Distinct().Count());
        Assert.All(lines, l => Assert.Empty(PasswordRules.Check(l[1], l[0], new SecurityOptions())));

        // Admins must change the generated password; demo users need not.
        var admin = await (await app.RequestTokenAsync("sysadmin", app.Credentials["sysadmin"])).Content.ReadFromJsonAsync<TestApp.TokenBody>();
        Assert.True(admin!.PasswordChangeRequired);
        var demo = await (await app.RequestTokenAsync("officer.tcj", app.Credentials["officer.tcj"])).Content.ReadFromJsonAsync<TestApp.TokenBody>();
        Assert.False(demo!.PasswordChangeRequired);
    }

    [Fact]
    public async Task A_second_start_on_the_same_database_creates_no_accounts_and_keeps_the_file()
    {
        using var first = new TestApp();
        var passwords = first.Credentials;
        var settings = new Dictionary<string, string?> { ["Zhaoshang:DataDirectory"] = first.DataDirectory };
        var connection = first.Database.ConnectionString;
        first.Server.Dispose();
        using var second = new TestApp(Db.Sqlite, new Dictionary<string, string?>
        {
            ["Database:ConnectionString"] = connection,
            ["Zhaoshang:DataDirectory"] = first.DataDirectory,
        });
        Assert.Equal(passwords, second.Credentials);
        Assert.Equal(AccountsSeed.Admins.Length + AccountsSeed.DemoUsers.Length, await second.WithDbAsync(d => d.Users.CountAsync()));
    }

    [Fact]
    public async Task Production_mode_creates_only_the_three_admins_and_the_root_org()
    {
        using var app = new TestApp(Db.Sqlite, new Dictionary<string, string?> { ["Zhaoshang:Mode"] = "Production" });
        Assert.Equal(["auditadmin", "secadmin", "sysadmin"], app.Credentials.Keys.Order().ToArray());
        Assert.Equal(1, await app.WithDbAsync(d => d.Orgs.CountAsync()));
        Assert.Equal(8, await app.WithDbAsync(d => d.Roles.CountAsync()));
    }

    [Fact]
    public void An_audit_retention_below_180_days_refuses_to_start()
    {
        using var app = new TestApp(Db.Sqlite, new Dictionary<string, string?> { ["Audit:RetentionDays"] = "90" });
        var error = Assert.ThrowsAny<Exception>(() => app.Server);
        Assert.Contains("RetentionDays", (error as OptionsValidationException ?? error.InnerException ?? error).Message);
    }

    [Fact]
    public void Security_settings_weaker_than_the_profile_refuse_to_start()
    {
        using var app = new TestApp(Db.Sqlite, new Dictionary<string, string?> { ["Security:MinPasswordLength"] = "6" });
        Assert.ThrowsAny<Exception>(() => app.Server);
    }

    [Fact]
    public async Task Health_readiness_and_the_openapi_document()
    {
        using var app = new TestApp();
        var anonymous = app.CreateClient(new Microsoft.AspNetCore.Mvc.Testing.WebApplicationFactoryClientOptions { AllowAutoRedirect = false });
        Assert.Equal(HttpStatusCode.OK, (await anonymous.GetAsync("/healthz")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await anonymous.GetAsync("/readyz")).StatusCode);
        var openApi = await anonymous.GetAsync("/openapi/v1.json");
        Assert.Equal(HttpStatusCode.Redirect, openApi.StatusCode);
        Assert.StartsWith("/Account/Login", openApi.Headers.Location!.PathAndQuery);
        var client = await app.ClientForAsync("officer.tcj");
        var doc = await client.GetStringAsync("/openapi/v1.json");
        Assert.Contains("/api/orgs", doc);
        Assert.Contains("/api/auth/token", doc);
        // Swagger UI: signed-in users only (the tests run as Development; production serves it only when turned on).
        var swagger = await anonymous.GetAsync("/swagger/index.html");
        Assert.Equal(HttpStatusCode.Redirect, swagger.StatusCode);
        Assert.StartsWith("/Account/Login", swagger.Headers.Location!.PathAndQuery);
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/swagger/index.html")).StatusCode);
    }

    [Fact]
    public async Task The_database_runs_in_wal_mode_with_full_sync()
    {
        using var app = new TestApp();
        _ = app.Server;
        var (mode, sync) = await app.WithDbAsync(async d =>
        {
            var connection = d.Database.GetDbConnection();
            await connection.OpenAsync();
            await using var command = connection.CreateCommand();
            command.CommandText = "PRAGMA journal_mode";
            var journal = (string)(await command.ExecuteScalarAsync())!;
            command.CommandText = "PRAGMA synchronous";
            return (journal, Convert.ToInt32(await command.ExecuteScalarAsync(), System.Globalization.CultureInfo.InvariantCulture));
        });
        Assert.Equal("wal", mode);
        Assert.Equal(2, sync); // FULL
    }
}
