using Microsoft.EntityFrameworkCore;
using Zhaoshang.Tests.Infrastructure;
using Zhaoshang.Web.Data;

namespace Zhaoshang.Tests.Data;

/// <summary>
/// Contexts are pooled. A scope's context is bound to that scope's user (the scope filters and the audit read it);
/// a context without a user refuses to query, and a returned one forgets its user.
/// </summary>
public sealed class ContextPoolTests
{
    [Fact]
    public async Task A_scope_binds_its_own_user_and_an_unbound_context_refuses_to_query()
    {
        using var app = new TestApp();
        using (var scope = app.Services.CreateScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<AppDb>();
            Assert.Same(scope.ServiceProvider.GetRequiredService<CurrentUser>(), db.CurrentUser);
            Assert.True(await db.Orgs.AnyAsync()); // outside a request the system sees everything
        }

        await using var unbound = app.Services.GetRequiredService<IDbContextFactory<AppDb>>().CreateDbContext();
        Assert.Throws<InvalidOperationException>(() => unbound.CurrentUser);
        await Assert.ThrowsAsync<InvalidOperationException>(() => unbound.Orgs.AnyAsync());
    }

    [Fact]
    public void A_disposed_context_forgets_its_user()
    {
        using var app = new TestApp();
        var db = new AppDb(app.Services.GetRequiredService<DbContextOptions<AppDb>>())
        {
            CurrentUser = new CurrentUser(new Microsoft.AspNetCore.Http.HttpContextAccessor()),
        };
        _ = db.CurrentUser;
        db.Dispose();
        Assert.Throws<InvalidOperationException>(() => db.CurrentUser);
    }
}
