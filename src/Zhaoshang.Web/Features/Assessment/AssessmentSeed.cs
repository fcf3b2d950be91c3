using Microsoft.EntityFrameworkCore;
using Zhaoshang.Web.Data;

namespace Zhaoshang.Web.Features.Assessment;

/// <summary>The indicators of seed 002's tables: reference data, added where missing (an edited indicator is kept).</summary>
public sealed class AssessmentSeed : ISeed
{
    public int Order => 11;

    public async Task SeedAsync(SeedContext context, CancellationToken ct)
    {
        var db = context.Db;
        var indicators = await db.Indicators.Select(i => i.Code).ToListAsync(ct);
        db.Indicators.AddRange(Indicator.Guiyang2023().Where(i => !indicators.Contains(i.Code)));
        await db.SaveChangesAsync(ct);
    }
}

/// <summary>With the demo ledger just made: Guiyang's 2023 targets and rules (seed 002).</summary>
public sealed class DemoTargetsSeed : ISeed
{
    public int Order => 110;

    public Task SeedAsync(SeedContext context, CancellationToken ct) =>
        context.DemoLedgerCreated ? DemoTargets.SeedAsync(context.Services, ct) : Task.CompletedTask;
}
