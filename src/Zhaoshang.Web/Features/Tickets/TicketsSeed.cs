using Microsoft.EntityFrameworkCore;
using Zhaoshang.Web.Data;

namespace Zhaoshang.Web.Features.Tickets;

/// <summary>The work calendar's holidays (reference data), and the title index of tickets filed before it existed.</summary>
public sealed class TicketsSeed : ISeed
{
    public int Order => 12;

    public async Task SeedAsync(SeedContext context, CancellationToken ct)
    {
        await WorkCalendar.SeedAsync(context.Db, ct);
        await TicketTitleGram.BackfillAsync(context.Db, ct);
    }
}

/// <summary>On a demo's first start, right after the org tree: the desks and routing rules of the demo's dispatch.</summary>
public sealed class DemoRoutingSeed : ISeed
{
    public int Order => 30;

    public async Task SeedAsync(SeedContext context, CancellationToken ct)
    {
        if (context.FirstStart && context.Demo)
        {
            await DemoRouting.SeedAsync(context.Db, await context.Db.Orgs.ToDictionaryAsync(o => o.Code, ct), context.Now);
        }
    }
}

/// <summary>With the demo ledger just made: problems and appeals in several states.</summary>
public sealed class DemoTicketsSeed : ISeed
{
    public int Order => 120;

    public Task SeedAsync(SeedContext context, CancellationToken ct) =>
        context.DemoLedgerCreated ? DemoTickets.SeedAsync(context.Services, ct) : Task.CompletedTask;
}
