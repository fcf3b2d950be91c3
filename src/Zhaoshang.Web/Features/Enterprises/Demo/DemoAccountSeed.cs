using Microsoft.EntityFrameworkCore;
using Zhaoshang.Web.Data;
using Zhaoshang.Web.Features.Accounts;

namespace Zhaoshang.Web.Features.Enterprises;

/// <summary>
/// The demo's enterprise accounts each belong to an enterprise of their zone, so they can file an appeal at once: made
/// on a demo's first start, right after the accounts.
/// </summary>
public sealed class DemoAccountSeed : ISeed
{
    public int Order => 45;

    public async Task SeedAsync(SeedContext context, CancellationToken ct)
    {
        if (!context.FirstStart || !context.Demo)
        {
            return;
        }
        var db = context.Db;
        foreach (var account in AccountsSeed.DemoUsers.Where(a => a.Role == Roles.Enterprise))
        {
            var user = await db.Users.FirstAsync(u => u.UserName == account.UserName, ct);
            var org = await db.Orgs.FirstAsync(o => o.Code == account.OrgCode, ct);
            var enterprise = DemoInvestors.AccountEnterprise(org, context.Now);
            db.Enterprises.Add(enterprise);
            user.EnterpriseId = enterprise.Id;
            await db.SaveChangesAsync(ct);
        }
    }
}
