using Microsoft.EntityFrameworkCore;
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
