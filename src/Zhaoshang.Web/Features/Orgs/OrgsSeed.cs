using Microsoft.EntityFrameworkCore;
using Zhaoshang.Web.Data;

namespace Zhaoshang.Web.Features.Orgs;

/// <summary>
/// On a first start, the org tree: in demo mode the Guizhou tree, otherwise only the root the operator names
/// (<c>Zhaoshang:RootOrgCode</c>, <c>Zhaoshang:RootOrgName</c>; the province by default).
/// </summary>
public sealed class OrgsSeed(IConfiguration config) : ISeed
{
    public int Order => 20;

    public async Task SeedAsync(SeedContext context, CancellationToken ct)
    {
        if (!context.FirstStart)
        {
            return;
        }
        var db = context.Db;
        var seeds = context.Demo
            ? GuizhouOrgs.All
            : [new OrgSeed(config["Zhaoshang:RootOrgCode"] ?? GuizhouOrgs.ProvinceCode, config["Zhaoshang:RootOrgName"] ?? "贵州省", null, OrgKind.Province, null)];
        var byCode = await db.Orgs.ToDictionaryAsync(o => o.Code, ct);
        var order = 0;
        foreach (var seed in seeds)
        {
            order++;
            if (byCode.ContainsKey(seed.Code))
            {
                continue;
            }
            var parent = seed.ParentCode is null ? null : byCode[seed.ParentCode];
            var org = Org.Create(seed.Code, seed.Name, seed.NameEn, seed.Kind, parent, order, context.Now);
            org.Coordinates = seed.Coordinates;
            db.Orgs.Add(org);
            byCode[org.Code] = org;
        }
        await db.SaveChangesAsync(ct);
    }
}
