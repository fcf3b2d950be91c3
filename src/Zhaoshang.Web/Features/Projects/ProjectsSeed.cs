using Microsoft.EntityFrameworkCore;
using Zhaoshang.Web.Data;

namespace Zhaoshang.Web.Features.Projects;

/// <summary>The province's key industries (reference data), where there are none yet.</summary>
public sealed class ProjectsSeed : ISeed
{
    public int Order => 10;

    public async Task SeedAsync(SeedContext context, CancellationToken ct)
    {
        var db = context.Db;
        if (await db.Industries.AnyAsync(ct))
        {
            return;
        }
        var sort = 0;
        db.Industries.AddRange(Industry.Guizhou.Select(i => new Industry
        {
            Name = i.Name, NameEn = i.NameEn, IsIndustrial = i.Industrial, IsManufacturing = i.Manufacturing, SortOrder = ++sort,
        }));
        await db.SaveChangesAsync(ct);
    }
}

/// <summary>In demo mode with the demo ledger, on a ledger still empty: the seeds' real projects and a generated 2023 for Guiyang.</summary>
public sealed class DemoLedgerSeed : ISeed
{
    public int Order => 100;

    public async Task SeedAsync(SeedContext context, CancellationToken ct)
    {
        if (!context.DemoLedger || await context.Db.Projects.AnyAsync(ct))
        {
            return;
        }
        await DemoLedger.SeedAsync(context.Services, ct);
        await DemoLedger.GenerateGuiyang2023Async(context.Services, ct);
        context.DemoLedgerCreated = true;
    }
}
