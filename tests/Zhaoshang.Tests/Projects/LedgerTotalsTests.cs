using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Npgsql;
using Zhaoshang.Tests.Infrastructure;
using Zhaoshang.Web.Data;
using Zhaoshang.Web.Features.Projects;

namespace Zhaoshang.Tests.Projects;

/// <summary>
/// The list's totals are kept between changes (on PostgreSQL, where every writer's changes are heard). A kept total
/// must never outlive a change: the app's own saves, its bulk writes, and on PostgreSQL any other writer's.
/// </summary>
public sealed class LedgerTotalsTests
{
    [Theory, SqliteData, PostgresData]
    public async Task A_kept_total_is_used_until_a_change_and_never_inside_a_transaction_or_without_a_reliable_signal(Db provider)
    {
        using var app = new TestApp(provider);
        var signal = app.Services.GetRequiredService<ChangeSignal>();
        var totals = app.Services.GetRequiredService<LedgerTotals>();
        await WaitUntilAsync(() => signal.Reliable == (provider == Db.Postgres), "the change signal's state");
        await app.WithDbAsync(async d =>
        {
            var slot = totals.Find(d, "scope|filter");
            if (provider == Db.Sqlite)
            {
                // Nothing would tell this node of another writer: nothing is kept.
                slot.Keep(7);
                Assert.Null(totals.Find(d, "scope|filter").Total);
                return 0;
            }
            Assert.Null(slot.Total);
            slot.Keep(7);
            Assert.Equal(7, totals.Find(d, "scope|filter").Total);
            Assert.Null(totals.Find(d, "scope|other filter").Total);

            await using (var transaction = await d.Database.BeginTransactionAsync())
            {
                Assert.Null(totals.Find(d, "scope|filter").Total);
            }

            var counting = totals.Find(d, "scope|filter");
            signal.Changed(); // a change while a count runs: what it counted may already be stale
            counting.Keep(8);
            Assert.Null(totals.Find(d, "scope|filter").Total);
            return 0;
        });
    }

    [Theory, SqliteData, PostgresData]
    public async Task The_total_follows_the_apps_own_saves_stage_changes_and_bulk_writes_at_once(Db provider)
    {
        using var app = new TestApp(provider);
        if (provider == Db.Postgres)
        {
            var signal = app.Services.GetRequiredService<ChangeSignal>();
            await WaitUntilAsync(() => signal.Reliable, "the change listener");
        }
        var officer = await app.ClientForAsync("officer.yunyan");
        async Task<int> TotalAsync(string query = "") => (await officer.GetFromJsonAsync<JsonElement>("/api/projects?pageSize=1" + query)).GetProperty("total").GetInt32();

        Assert.Equal(0, await TotalAsync());
        var ids = new List<Guid>();
        for (var i = 1; i <= 3; i++)
        {
            var created = await officer.PostAsJsonAsync("/api/projects", new { name = $"云岩区总数测试项目{i}", agreedInvestmentYuan = 100_000_000 * i });
            Assert.Equal(HttpStatusCode.Created, created.StatusCode);
            ids.Add((await created.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetGuid());
            Assert.Equal(i, await TotalAsync());
            Assert.Equal(i, await TotalAsync()); // the second time from what was kept (PostgreSQL)
        }

        Assert.Equal(3, await TotalAsync("&stage=lead"));
        Assert.Equal(0, await TotalAsync("&stage=signed"));
        Assert.Equal(HttpStatusCode.OK, (await officer.PostAsJsonAsync($"/api/projects/{ids[0]}/stage",
            new { to = "signed", date = "2026-05-01", contractAmountYuan = 90_000_000 })).StatusCode);
        Assert.Equal((2, 1), (await TotalAsync("&stage=lead"), await TotalAsync("&stage=signed")));
        Assert.Equal(2, await TotalAsync("&minAmountYuan=150000000"));

        // A bulk create (the import's path) in a transaction: counted once it commits, not before.
        var org = await app.OrgAsync("520103");
        await app.WithDbAsync(async d =>
        {
            await using var transaction = await d.Database.BeginTransactionAsync();
            await BulkInsert.CreateAsync(d, [new Project
            {
                Id = Guid.CreateVersion7(), Code = "XM-T-000009", Name = "云岩区批量写入项目", OrgId = org.Id, OrgPath = org.Path,
                AgreedInvestmentYuan = 500_000_000, Stage = ProjectStage.Lead, Version = 1, CreatedAt = app.Clock.GetUtcNow().UtcDateTime,
            }], default);
            Assert.Equal(3, await TotalAsync());
            await transaction.CommitAsync();
            return 0;
        });
        Assert.Equal(4, await TotalAsync());
        Assert.Equal(3, await TotalAsync("&minAmountYuan=150000000"));
    }

    [Theory, SqliteData] // where nothing else moves the version: each step is this node's own commit, or nothing
    public async Task The_apps_own_project_writes_are_signalled_when_they_commit_and_other_writes_are_not(Db provider)
    {
        using var app = new TestApp(provider);
        var signal = app.Services.GetRequiredService<ChangeSignal>();
        var org = await app.OrgAsync("520103");
        Project Make(string code) => new()
        {
            Id = Guid.CreateVersion7(), Code = code, Name = "云岩区信号测试项目" + code, OrgId = org.Id, OrgPath = org.Path,
            AgreedInvestmentYuan = 1, Stage = ProjectStage.Lead, Version = 1, CreatedAt = app.Clock.GetUtcNow().UtcDateTime,
        };
        await app.WithDbAsync(async d =>
        {
            var version = signal.Version;
            var user = await d.Users.AsNoTracking().FirstAsync(u => u.UserName == "officer.yunyan");
            d.SavedFilters.Add(new SavedFilter { Id = Guid.CreateVersion7(), UserId = user.Id, Name = "信号测试", Query = "stage=signed", CreatedAt = app.Clock.GetUtcNow().UtcDateTime });
            await d.SaveChangesAsync();
            Assert.Equal(version, signal.Version);

            d.Projects.Add(Make("XM-T-000001"));
            await d.SaveChangesAsync();
            Assert.Equal(version + 1, signal.Version);

            await using (var transaction = await d.Database.BeginTransactionAsync())
            {
                d.Projects.Add(Make("XM-T-000002"));
                await d.SaveChangesAsync();
                d.ChangeTracker.Clear();
                await BulkInsert.CreateAsync(d, [Make("XM-T-000003")], default);
                Assert.Equal(version + 1, signal.Version); // not yet committed
                await transaction.CommitAsync();
            }
            Assert.Equal(version + 2, signal.Version);

            await using (var transaction = await d.Database.BeginTransactionAsync())
            {
                await BulkInsert.CreateAsync(d, [Make("XM-T-000004")], default);
                await transaction.RollbackAsync();
            }
            d.SavedFilters.Add(new SavedFilter { Id = Guid.CreateVersion7(), UserId = user.Id, Name = "信号测试二", Query = "stage=lead", CreatedAt = app.Clock.GetUtcNow().UtcDateTime });
            await d.SaveChangesAsync();
            Assert.Equal(version + 2, signal.Version); // a rolled-back write is nothing to signal
            return 0;
        });
    }

    [Theory, PostgresData]
    [System.Diagnostics.CodeAnalysis.SuppressMessage("Security", "CA2100", Justification = "Constant statements of the test.")]
    public async Task On_PostgreSQL_another_writers_change_reaches_the_total_even_after_the_listener_lost_its_connection(Db provider)
    {
        using var app = new TestApp(provider);
        var signal = app.Services.GetRequiredService<ChangeSignal>();
        await WaitUntilAsync(() => signal.Reliable, "the change listener");
        var officer = await app.ClientForAsync("officer.yunyan");
        async Task<int> TotalAsync() => (await officer.GetFromJsonAsync<JsonElement>("/api/projects?stage=lead")).GetProperty("total").GetInt32();
        for (var i = 1; i <= 2; i++)
        {
            Assert.Equal(HttpStatusCode.Created, (await officer.PostAsJsonAsync("/api/projects", new { name = $"云岩区外部写入项目{i}", agreedInvestmentYuan = 1 })).StatusCode);
        }
        Assert.Equal(2, await TotalAsync());
        Assert.Equal(2, await TotalAsync());

        // Another writer (another node, an operator's psql): its own connection, none of this app's code.
        await using var other = new NpgsqlConnection(app.Database.ConnectionString);
        await other.OpenAsync();
        async Task WriteAsync(string sql)
        {
            await using var command = new NpgsqlCommand(sql, other);
            await command.ExecuteNonQueryAsync();
        }
        await WriteAsync("""UPDATE "Projects" SET "Stage" = 'Reserve' WHERE "Name" = '云岩区外部写入项目1'""");
        await WaitUntilAsync(async () => await TotalAsync() == 1, "the total after another writer's update");

        // The listener's connection is cut: until it listens again nothing is kept, so nothing stale is served.
        await WriteAsync("SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE application_name = 'zhaoshang-change-listener' AND datname = current_database()");
        await WaitUntilAsync(() => !signal.Reliable, "the lost connection noticed");
        await WriteAsync("""UPDATE "Projects" SET "Stage" = 'Reserve' WHERE "Name" = '云岩区外部写入项目2'""");
        Assert.Equal(0, await TotalAsync());
        await WaitUntilAsync(() => signal.Reliable, "the listener back");
        Assert.Equal(0, await TotalAsync());
        Assert.Equal(0, await TotalAsync());
        await WriteAsync("""UPDATE "Projects" SET "Stage" = 'Lead'""");
        await WaitUntilAsync(async () => await TotalAsync() == 2, "the total after another writer's update, listening again");
    }

    private static Task WaitUntilAsync(Func<bool> condition, string what) => WaitUntilAsync(() => Task.FromResult(condition()), what);

    private static async Task WaitUntilAsync(Func<Task<bool>> condition, string what)
    {
        var waited = System.Diagnostics.Stopwatch.StartNew();
        while (!await condition())
        {
            Assert.True(waited.Elapsed < TimeSpan.FromSeconds(20), $"Timed out waiting for {what}.");
            await Task.Delay(25);
        }
    }
}
