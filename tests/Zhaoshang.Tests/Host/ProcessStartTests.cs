using System.Net;
using Microsoft.Data.Sqlite;
using Npgsql;
using Zhaoshang.Tests.Infrastructure;
using Zhaoshang.Web.Features.Accounts;
using Zhaoshang.Web.Data;

namespace Zhaoshang.Tests.Host;

/// <summary>The app started as the README starts it, as a process: D9, D20 and D22 of the security report.</summary>
public sealed class ProcessStartTests
{
    /// <summary>
    /// README "Run": the demo on SQLite. The one-time passwords reach the private file and never the console (which a
    /// log collector keeps); a workbook a killed upload left in the app's upload folder is gone after the start.
    /// </summary>
    [Fact]
    public async Task The_readme_demo_command_keeps_passwords_off_the_console_and_sweeps_left_uploads()
    {
        var data = Directory.CreateTempSubdirectory("zs-process-").FullName;
        var uploads = Directory.CreateDirectory(Path.Combine(data, "tmp")).FullName;
        var leftOver = Path.Combine(uploads, "ASPNETCORE_" + Guid.CreateVersion7().ToString("N") + ".tmp");
        await File.WriteAllTextAsync(leftOver, "项目台账（被中断的导入）");

        await using var app = await AppProcess.StartAsync(appArguments: ["--Zhaoshang:Mode=Demo"], dataDirectory: data);
        var credentials = Path.Combine(data, Seeder.CredentialsFile);
        var lines = File.ReadAllLines(credentials).Select(l => l.Split('\t')).ToList();
        Assert.Equal(AccountsSeed.Admins.Length + AccountsSeed.DemoUsers.Length + AccountsSeed.DeskOfficerUsers.Length, lines.Count); // the demo ledger is on
        var output = app.Output;
        Assert.Contains(credentials, output);
        Assert.All(lines, l => Assert.DoesNotContain(l[1], output));

        Assert.False(File.Exists(leftOver));
        Assert.True(Directory.Exists(uploads));
        if (!OperatingSystem.IsWindows())
        {
            Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute, File.GetUnixFileMode(uploads));
        }
        using var client = new HttpClient { BaseAddress = app.Url };
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/healthz")).StatusCode);
    }

    /// <summary>
    /// README "PostgreSQL" (and a plain start on SQLite): with no mode chosen the app starts in production, with the
    /// root org and the three admins only; never the demo's org tree and accounts.
    /// </summary>
    [Theory, SqliteData, PostgresData]
    public async Task Without_a_chosen_mode_the_app_starts_in_production(Db db)
    {
        using var database = db == Db.Postgres ? new TestDatabase(Db.Postgres, Path.GetTempPath()) : null;
        var environment = database is null
            ? new Dictionary<string, string>()
            : new Dictionary<string, string> { ["Database__Provider"] = "Postgres", ["Database__ConnectionString"] = database.ConnectionString };
        long orgs, users;
        await using (var app = await AppProcess.StartAsync(environment))
        {
            var accounts = File.ReadAllLines(Path.Combine(app.DataDirectory, Seeder.CredentialsFile)).Select(l => l.Split('\t')[0]).Order().ToArray();
            Assert.Equal(["auditadmin", "secadmin", "sysadmin"], accounts);
            Assert.Contains("production mode", app.Output);
            (orgs, users) = database is null
                ? Count(new SqliteConnection($"Data Source={Path.Combine(app.DataDirectory, "zhaoshang.db")}"))
                : Count(new NpgsqlConnection(database.ConnectionString));
        }
        Assert.Equal((1, 3), (orgs, users));
    }

    private static (long Orgs, long Users) Count(System.Data.Common.DbConnection connection)
    {
        using (connection)
        {
            connection.Open();
            using var command = connection.CreateCommand();
            command.CommandText = "SELECT (SELECT COUNT(*) FROM \"Orgs\"), (SELECT COUNT(*) FROM \"AspNetUsers\")";
            using var reader = command.ExecuteReader();
            reader.Read();
            return (Convert.ToInt64(reader.GetValue(0), System.Globalization.CultureInfo.InvariantCulture), Convert.ToInt64(reader.GetValue(1), System.Globalization.CultureInfo.InvariantCulture));
        }
    }
}
