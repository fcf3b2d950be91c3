using System.Collections.Concurrent;
using Microsoft.EntityFrameworkCore;
using Zhaoshang.Web.Data;

namespace Zhaoshang.Web.Features.EntryCodes;

/// <summary>
/// Counts scans in memory and adds them to <see cref="EntryCodeScanDay"/> every few seconds and at shutdown: a page
/// opened a thousand times a second does not write a thousand rows. Each node adds its own counts (an increment, never
/// a replace), so several nodes sum.
/// </summary>
public sealed class ScanCounter(IServiceScopeFactory scopes, ILogger<ScanCounter> log) : BackgroundService
{
    private ConcurrentDictionary<(Guid Code, string Path, DateOnly Day), int> _pending = new();

    public static readonly TimeSpan Interval = TimeSpan.FromSeconds(5);

    public void Count(Guid code, string orgPath, DateOnly day) => _pending.AddOrUpdate((code, orgPath, day), 1, (_, n) => n + 1);

    /// <summary>Adds what was counted since the last flush; returns the scans written.</summary>
    public async Task<int> FlushAsync(CancellationToken ct)
    {
        var taken = Interlocked.Exchange(ref _pending, new());
        if (taken.IsEmpty)
        {
            return 0;
        }
        using var scope = scopes.CreateScope();
        var db = scope.ServiceProvider.GetRequiredService<AppDb>();
        using var system = scope.ServiceProvider.GetRequiredService<CurrentUser>().AsSystem();
        var written = 0;
        foreach (var ((code, path, day), n) in taken)
        {
            try
            {
                var updated = await db.Set<EntryCodeScanDay>().Where(s => s.CodeId == code && s.Day == day)
                    .ExecuteUpdateAsync(s => s.SetProperty(x => x.Count, x => x.Count + n), ct);
                if (updated == 0)
                {
                    db.Set<EntryCodeScanDay>().Add(new EntryCodeScanDay { CodeId = code, Day = day, Count = n, OrgPath = path });
                    await db.SaveChangesAsync(ct);
                }
                written += n;
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                // Another node inserted the day's row first, or the database is away: added on the next round.
                db.ChangeTracker.Clear();
                _pending.AddOrUpdate((code, path, day), n, (_, m) => m + n);
                log.LogDebug(e, "Scan count of {Code} on {Day} retried on the next round.", code, day);
            }
        }
        return written;
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                await Task.Delay(Interval, stoppingToken);
            }
            catch (OperationCanceledException)
            {
                break;
            }
            try
            {
                await FlushAsync(stoppingToken);
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                log.LogWarning(e, "Scan counts could not be written; kept for the next round.");
            }
        }
    }

    public override async Task StopAsync(CancellationToken cancellationToken)
    {
        await base.StopAsync(cancellationToken);
        try
        {
            await FlushAsync(CancellationToken.None);
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            log.LogWarning(e, "Scan counts could not be written at shutdown.");
        }
    }
}
