using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Zhaoshang.Tests.Accounts;
using Zhaoshang.Tests.Infrastructure;
using Zhaoshang.Web.Features.Audit;

namespace Zhaoshang.Tests.Audit;

public sealed class AuditChainTests
{
    [Theory, SqliteData, PostgresData]
    public async Task Records_cut_off_the_end_are_detected_even_when_the_head_is_moved_back(Db db)
    {
        using var app = new TestApp(db);
        await app.RequestTokenAsync("officer.nanming", "wrong");
        var chain = app.Services.GetRequiredService<AuditChain>();
        Assert.Null(await app.WithDbAsync(d => chain.VerifyAsync(d)));

        var last = await app.WithDbAsync(d => d.AuditEntries.OrderByDescending(e => e.Id).FirstAsync());
        var previous = await app.WithDbAsync(d => d.AuditEntries.SingleAsync(e => e.Id == last.Id - 1));
        await app.WithDbAsync(d => d.Database.ExecuteSqlRawAsync("DELETE FROM \"AuditEntries\" WHERE \"Id\" = {0}", last.Id));
        Assert.Equal(last.Id, await app.WithDbAsync(d => chain.VerifyAsync(d)));

        // Moving the head back to the new last record does not help without the key.
        await app.WithDbAsync(d => d.Database.ExecuteSqlRawAsync("UPDATE \"AuditHead\" SET \"LastId\" = {0}, \"LastMac\" = {1}", previous.Id, previous.Mac));
        Assert.Equal(last.Id, await app.WithDbAsync(d => chain.VerifyAsync(d)));
    }

    /// <summary>
    /// Security report T10 (D3): the last records deleted and the head rolled back in SQL, then any audited event. The
    /// event must not be chained onto the tampered head (which would give it a fresh valid MAC and reuse the deleted
    /// ids): it is refused, and verify names the first deleted record.
    /// </summary>
    [Theory, SqliteData, PostgresData]
    public async Task Records_cut_off_the_end_with_the_head_moved_back_are_not_laundered_by_the_next_audited_event(Db db)
    {
        using var app = new TestApp(db);
        using var auditor = await app.ClientForAsync("auditadmin", await LoginTests.ChangeAdminPasswordAsync(app, "auditadmin"));
        for (var i = 0; i < 3; i++)
        {
            await app.RequestTokenAsync("officer.nanming", "wrong-" + i);
        }
        var n = await app.WithDbAsync(d => d.AuditHeads.Select(h => h.LastId).SingleAsync());
        await app.WithDbAsync(d => d.Database.ExecuteSqlRawAsync("DELETE FROM \"AuditEntries\" WHERE \"Id\" >= {0}", n - 2));
        await app.WithDbAsync(d => d.Database.ExecuteSqlRawAsync(
            "UPDATE \"AuditHead\" SET \"LastId\" = {0}, \"LastMac\" = (SELECT \"Mac\" FROM \"AuditEntries\" WHERE \"Id\" = {0})", n - 3));

        var attempt = await app.RequestTokenAsync("officer.nanming", "one-more-wrong");
        Assert.Equal(HttpStatusCode.InternalServerError, attempt.StatusCode);
        Assert.Equal(n - 3, await app.WithDbAsync(d => d.AuditEntries.MaxAsync(e => e.Id)));

        var verify = await auditor.PostAsync("/api/audit/verify", null);
        Assert.Equal(HttpStatusCode.OK, verify.StatusCode);
        var result = await verify.Content.ReadFromJsonAsync<JsonElement>();
        Assert.False(result.GetProperty("ok").GetBoolean());
        Assert.Equal(n - 2, result.GetProperty("firstBrokenId").GetInt64());
    }

    /// <summary>
    /// A rollback of the database alone to an earlier state that is consistent in itself (the rows and the head as an
    /// old copy had them, every MAC valid): the chain cannot tell, the mark kept outside the database can.
    /// </summary>
    [Theory, SqliteData, PostgresData]
    public async Task A_database_rolled_back_to_an_earlier_consistent_trail_is_caught_by_the_mark_outside_it(Db db)
    {
        using var app = new TestApp(db);
        using var auditor = await app.ClientForAsync("auditadmin", await LoginTests.ChangeAdminPasswordAsync(app, "auditadmin"));
        var old = await app.WithDbAsync(d => d.AuditHeads.AsNoTracking().SingleAsync());
        for (var i = 0; i < 3; i++)
        {
            await app.RequestTokenAsync("officer.nanming", "wrong-" + i);
        }
        Assert.True(File.Exists(Path.Combine(app.DataDirectory, "audit.mark")));
        await app.WithDbAsync(d => d.Database.ExecuteSqlRawAsync("DELETE FROM \"AuditEntries\" WHERE \"Id\" > {0}", old.LastId));
        await app.WithDbAsync(d => d.Database.ExecuteSqlRawAsync(
            "UPDATE \"AuditHead\" SET \"LastId\" = {0}, \"LastMac\" = {1}, \"Mac\" = {2}", old.LastId, old.LastMac, old.Mac));

        var attempt = await app.RequestTokenAsync("officer.nanming", "one-more-wrong");
        Assert.Equal(HttpStatusCode.InternalServerError, attempt.StatusCode);
        Assert.Equal(old.LastId, await app.WithDbAsync(d => d.AuditEntries.MaxAsync(e => e.Id)));

        var result = await (await auditor.PostAsync("/api/audit/verify", null)).Content.ReadFromJsonAsync<JsonElement>();
        Assert.False(result.GetProperty("ok").GetBoolean());
        Assert.Equal(old.LastId + 1, result.GetProperty("firstBrokenId").GetInt64());
    }

    [Theory, SqliteData, PostgresData]
    public async Task Concurrent_audited_writes_chain_without_a_gap_and_the_mark_follows_the_head(Db db)
    {
        using var app = new TestApp(db);
        using var sysadmin = await app.ClientForAsync("sysadmin", await LoginTests.ChangeAdminPasswordAsync(app, "sysadmin"));
        var orgId = (await app.OrgAsync("520103")).Id;
        var writes = Enumerable.Range(0, 40).Select(i => i % 2 == 0
            ? app.RequestTokenAsync("ghost.user." + i, "wrong")
            : sysadmin.PostAsJsonAsync("/api/users", new { userName = "c.user" + i, displayName = "并发用户" + i, orgId }));
        var responses = await Task.WhenAll(writes);
        Assert.All(responses, r => Assert.True((int)r.StatusCode < 500, r.ToString()));

        var chain = app.Services.GetRequiredService<AuditChain>();
        Assert.Null(await app.WithDbAsync(d => chain.VerifyAsync(d)));
        var head = await app.WithDbAsync(d => d.AuditHeads.AsNoTracking().SingleAsync());
        Assert.Equal(new AuditPosition(head.LastId, head.LastMac), chain.Mark.Current);
        Assert.Equal(head.LastId, await app.WithDbAsync(d => d.AuditEntries.CountAsync()));
    }

    [Fact]
    public async Task The_mark_survives_restarts_and_a_new_database_on_the_same_folder_starts_afresh()
    {
        using var first = new TestApp();
        _ = first.Credentials;
        await first.RequestTokenAsync("officer.nanming", "wrong");
        var mark = Path.Combine(first.DataDirectory, "audit.mark");
        if (!OperatingSystem.IsWindows())
        {
            Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(mark));
        }
        first.Server.Dispose();

        using var again = new TestApp(Db.Sqlite, new Dictionary<string, string?>
        {
            ["Database:ConnectionString"] = first.Database.ConnectionString,
            ["Zhaoshang:DataDirectory"] = first.DataDirectory,
        });
        Assert.Equal(HttpStatusCode.Unauthorized, (await again.RequestTokenAsync("officer.nanming", "wrong")).StatusCode);
        var chain = again.Services.GetRequiredService<AuditChain>();
        Assert.Null(await again.WithDbAsync(d => chain.VerifyAsync(d)));
        Assert.Equal(await again.WithDbAsync(d => d.AuditHeads.Select(h => h.LastId).SingleAsync()), chain.Mark.Current?.Id);
        again.Server.Dispose();

        using var fresh = new TestApp(Db.Sqlite, new Dictionary<string, string?>
        {
            ["Database:ConnectionString"] = $"Data Source={Path.Combine(first.DataDirectory, "new.db")}",
            ["Zhaoshang:DataDirectory"] = first.DataDirectory,
        });
        Assert.Equal(HttpStatusCode.Unauthorized, (await fresh.RequestTokenAsync("officer.nanming", "wrong")).StatusCode);
        var freshChain = fresh.Services.GetRequiredService<AuditChain>();
        Assert.Null(await fresh.WithDbAsync(d => freshChain.VerifyAsync(d)));
    }

    [Fact]
    public void A_missing_audit_key_refuses_to_start_rather_than_break_the_chain()
    {
        using var first = new TestApp();
        _ = first.Credentials;
        first.Server.Dispose();
        File.Delete(Path.Combine(first.DataDirectory, "audit.key"));
        using var second = new TestApp(Db.Sqlite, new Dictionary<string, string?>
        {
            ["Database:ConnectionString"] = first.Database.ConnectionString,
            ["Zhaoshang:DataDirectory"] = first.DataDirectory,
        });
        var error = Assert.ThrowsAny<Exception>(() => second.Services);
        Assert.Contains("audit", error.ToString(), StringComparison.OrdinalIgnoreCase);
        Assert.False(File.Exists(Path.Combine(first.DataDirectory, "audit.key")));
    }
}
