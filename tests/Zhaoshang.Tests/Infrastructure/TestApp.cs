using System.Net.Http.Headers;
using System.Net.Http.Json;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Zhaoshang.Web.Data;

namespace Zhaoshang.Tests.Infrastructure;

/// <summary>
/// The real app on a real database of its own (SQLite file or fresh PostgreSQL database) and its own data folder,
/// reached through HTTP. Seeds the demo data like a first start, so the credentials file is real too.
/// </summary>
public class TestApp : WebApplicationFactory<Program>
{
    private readonly Dictionary<string, string?> _settings;
    private Dictionary<string, string>? _credentials;

    public TestApp(Db provider = Db.Sqlite, IDictionary<string, string?>? settings = null)
    {
        DataDirectory = settings?.TryGetValue("Zhaoshang:DataDirectory", out var shared) == true && shared is not null
            ? shared
            : Directory.CreateTempSubdirectory("zs-test-").FullName;
        Database = new TestDatabase(provider, DataDirectory);
        _settings = new Dictionary<string, string?>
        {
            ["Database:Provider"] = Database.ProviderName,
            ["Database:ConnectionString"] = Database.ConnectionString,
            ["Zhaoshang:DataDirectory"] = DataDirectory,
            ["Zhaoshang:Mode"] = "Demo",
            // Each test writes the ledger data it needs; DemoLedgerTests turns the demo ledger on.
            ["Zhaoshang:DemoLedger"] = "false",
            // A cockpit read after a change is read again at once (a tile's first read, compiling, may be slow on a busy
            // machine); CockpitRefreshTests turns serving stale tiles on.
            ["Cockpit:RefreshBehindMs"] = "-1",
            ["Logging:LogLevel:Default"] = "Warning",
            ["Logging:LogLevel:Microsoft.AspNetCore"] = "Warning",
        };
        foreach (var (key, value) in settings ?? new Dictionary<string, string?>())
        {
            _settings[key] = value;
        }
    }

    public string DataDirectory { get; }
    public TestDatabase Database { get; }
    public TestClock Clock { get; } = new();

    /// <summary>What the app logged at warning level and above.</summary>
    public ServerLog Log { get; } = new();

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        builder.UseEnvironment("Development");
        foreach (var (key, value) in _settings)
        {
            builder.UseSetting(key, value);
        }
        builder.ConfigureServices(services =>
        {
            services.RemoveAll<TimeProvider>();
            services.AddSingleton<TimeProvider>(Clock);
            services.AddSingleton<Microsoft.Extensions.Logging.ILoggerProvider>(Log);
        });
    }

    /// <summary>The passwords the first start wrote to data/initial-credentials.txt.</summary>
    public IReadOnlyDictionary<string, string> Credentials
    {
        get
        {
            _ = Services; // starts the app, which writes the file
            return _credentials ??= File.ReadAllLines(Path.Combine(DataDirectory, Seeder.CredentialsFile))
                .Select(l => l.Split('\t')).ToDictionary(p => p[0], p => p[1]);
        }
    }

    public async Task<HttpResponseMessage> RequestTokenAsync(string userName, string password) =>
        await CreateClient().PostAsJsonAsync("/api/auth/token", new { userName, password });

    public async Task<string> TokenAsync(string userName, string? password = null)
    {
        var response = await RequestTokenAsync(userName, password ?? Credentials[userName]);
        Assert.True(response.IsSuccessStatusCode, $"Token for {userName}: {(int)response.StatusCode} {await response.Content.ReadAsStringAsync()}");
        var body = await response.Content.ReadFromJsonAsync<TokenBody>();
        return body!.AccessToken;
    }

    /// <summary>A client that calls the API with a bearer token of this user.</summary>
    public async Task<HttpClient> ClientForAsync(string userName, string? password = null)
    {
        var client = CreateClient();
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", await TokenAsync(userName, password));
        return client;
    }

    public async Task<T> WithDbAsync<T>(Func<AppDb, Task<T>> work)
    {
        using var scope = Services.CreateScope();
        return await work(scope.ServiceProvider.GetRequiredService<AppDb>());
    }

    public sealed record TokenBody(string AccessToken, string TokenType, long ExpiresIn, bool PasswordChangeRequired);

    protected override void Dispose(bool disposing)
    {
        base.Dispose(disposing);
        if (disposing)
        {
            Database.Dispose();
            try
            {
                Directory.Delete(DataDirectory, recursive: true);
            }
            catch (IOException)
            {
                // A file still held open by a finalising connection; the temp folder is cleaned by the OS.
            }
        }
    }
}
