using System.Net;
using System.Net.Http.Json;
using Microsoft.EntityFrameworkCore;
using Zhaoshang.Tests.Infrastructure;

namespace Zhaoshang.Tests.Accounts;

public sealed class SessionTests
{
    [Fact]
    public async Task Disabling_a_user_or_changing_their_roles_ends_their_sessions()
    {
        using var app = new TestApp();
        var officer = await app.ClientForAsync("officer.yunyan");
        var leader = await app.ClientForAsync("leader.gy");
        Assert.Equal(HttpStatusCode.OK, (await officer.GetAsync("/api/me")).StatusCode);
        var sys = await app.ClientForAsync("sysadmin", await LoginTests.ChangeAdminPasswordAsync(app, "sysadmin"));
        var sec = await app.ClientForAsync("secadmin", await LoginTests.ChangeAdminPasswordAsync(app, "secadmin"));

        var disable = await sys.PostAsJsonAsync($"/api/users/{await app.UserIdAsync("officer.yunyan")}/disable", new { reason = "调离岗位" });
        Assert.Equal(HttpStatusCode.OK, disable.StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await officer.GetAsync("/api/me")).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await app.RequestTokenAsync("officer.yunyan", app.Credentials["officer.yunyan"])).StatusCode);

        var roles = await sec.PutAsJsonAsync($"/api/users/{await app.UserIdAsync("leader.gy")}/roles", new { roles = new[] { "officer" } });
        Assert.Equal(HttpStatusCode.OK, roles.StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await leader.GetAsync("/api/me")).StatusCode);
    }

    [Fact]
    public async Task Another_node_sees_a_revocation_within_the_recheck_interval()
    {
        using var app = new TestApp();
        var officer = await app.ClientForAsync("officer.yunyan");
        Assert.Equal(HttpStatusCode.OK, (await officer.GetAsync("/api/me")).StatusCode);
        // Revoked behind this node's back (as another node would): the cached view lasts at most 30 s.
        var id = await app.UserIdAsync("officer.yunyan");
        await app.WithDbAsync(d => d.UserSessions.Where(s => s.UserId == id).ExecuteUpdateAsync(u => u.SetProperty(s => s.RevokedAt, DateTime.UnixEpoch)));
        var cache = app.Services.GetRequiredService<Microsoft.Extensions.Caching.Memory.IMemoryCache>();
        ((Microsoft.Extensions.Caching.Memory.MemoryCache)cache).Compact(1.0);
        Assert.Equal(HttpStatusCode.Unauthorized, (await officer.GetAsync("/api/me")).StatusCode);
    }

    [Fact]
    public async Task Logout_ends_the_session()
    {
        using var app = new TestApp();
        var officer = await app.ClientForAsync("officer.nanming");
        Assert.Equal(HttpStatusCode.NoContent, (await officer.PostAsync("/api/auth/logout", null)).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await officer.GetAsync("/api/me")).StatusCode);
    }

    [Fact]
    public async Task Sessions_end_after_30_idle_minutes_15_for_admins_and_12_hours_in_all()
    {
        using var app = new TestApp();
        var officer = await app.ClientForAsync("officer.yunyan");
        var admin = await app.ClientForAsync("sysadmin", await LoginTests.ChangeAdminPasswordAsync(app, "sysadmin"));

        app.Clock.Advance(TimeSpan.FromMinutes(14));
        Assert.Equal(HttpStatusCode.OK, (await admin.GetAsync("/api/me")).StatusCode);
        app.Clock.Advance(TimeSpan.FromMinutes(15.5));
        Assert.Equal(HttpStatusCode.Unauthorized, (await admin.GetAsync("/api/me")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await officer.GetAsync("/api/me")).StatusCode); // 30 min idle, not more
        app.Clock.Advance(TimeSpan.FromMinutes(31));
        Assert.Equal(HttpStatusCode.Unauthorized, (await officer.GetAsync("/api/me")).StatusCode);

        // Busy all day: still ends 12 hours after sign-in.
        var busy = await app.ClientForAsync("leader.gy");
        for (var i = 0; i < 12 * 3; i++)
        {
            app.Clock.Advance(TimeSpan.FromMinutes(20));
            var status = (await busy.GetAsync("/api/me")).StatusCode;
            Assert.Equal(i < 12 * 3 - 1 ? HttpStatusCode.OK : HttpStatusCode.Unauthorized, status);
        }
    }
}
