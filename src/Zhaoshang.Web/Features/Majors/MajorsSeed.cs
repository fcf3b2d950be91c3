using Microsoft.EntityFrameworkCore;
using Zhaoshang.Web.Data;

namespace Zhaoshang.Web.Features.Majors;

/// <summary>The levels' bands (reference data, DOMAIN.md's defaults) and, with the demo ledger, its major projects listed by their band.</summary>
public sealed class MajorsSeed : ISeed
{
    public int Order => 13;

    public async Task SeedAsync(SeedContext context, CancellationToken ct)
    {
        var db = context.Db;
        if (!await db.MajorBands.AnyAsync(ct))
        {
            db.MajorBands.AddRange(MajorBand.Defaults.Select(d => new MajorBand { Level = d.Level, MinAmountYuan = d.MinAmountYuan }));
            await db.SaveChangesAsync(ct);
        }
    }
}

/// <summary>With the demo ledger just made: its major projects, listed by their band.</summary>
public sealed class DemoMajorsSeed : ISeed
{
    public int Order => 125;

    public async Task SeedAsync(SeedContext context, CancellationToken ct)
    {
        if (context.DemoLedgerCreated)
        {
            await context.Services.GetRequiredService<MajorDesignation>().SweepBandsAsync(ct);
        }
    }
}
