using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Zhaoshang.Web.Data;

/// <summary>A named lease on a scheduled job: while it is held and not expired, no other node runs the job.</summary>
public sealed class JobLease : INotAudited, ISystemWritten
{
    public required string Name { get; set; }
    public string Holder { get; set; } = "";
    public DateTime ExpiresAt { get; set; }
}

public sealed class JobLeaseConfiguration : IEntityTypeConfiguration<JobLease>
{
    public void Configure(EntityTypeBuilder<JobLease> e)
    {
        e.ToTable("JobLeases");
        e.HasKey(x => x.Name);
        e.Property(x => x.Name).HasMaxLength(64);
        e.Property(x => x.Holder).HasMaxLength(64);
    }
}

/// <summary>
/// Leases held by this node. Taking one is a single conditional UPDATE (held by us, or expired), so of several nodes
/// exactly one succeeds; the row is created on first use.
/// </summary>
public sealed class DbLease(TimeProvider time)
{
    /// <summary>This node, for the lease's holder column.</summary>
    public string Holder { get; } = $"{Environment.ProcessId}-{Guid.CreateVersion7():N}";

    public async Task<bool> TryAcquireAsync(AppDb db, string name, TimeSpan ttl, CancellationToken ct)
    {
        var now = time.GetUtcNow().UtcDateTime;
        var until = now + ttl;
        var holder = Holder;
        if (!await db.Set<JobLease>().AnyAsync(l => l.Name == name, ct))
        {
            try
            {
                db.Set<JobLease>().Add(new JobLease { Name = name, Holder = holder, ExpiresAt = until });
                await db.SaveChangesAsync(ct);
                return true;
            }
            catch (DbUpdateException)
            {
                db.ChangeTracker.Clear(); // another node created it first
            }
        }
        return await db.Set<JobLease>().Where(l => l.Name == name && (l.Holder == holder || l.ExpiresAt < now))
            .ExecuteUpdateAsync(u => u.SetProperty(l => l.Holder, holder).SetProperty(l => l.ExpiresAt, until), ct) == 1;
    }

    public async Task ReleaseAsync(AppDb db, string name, CancellationToken ct)
    {
        var holder = Holder;
        var past = DateTime.SpecifyKind(DateTime.MinValue, DateTimeKind.Utc);
        await db.Set<JobLease>().Where(l => l.Name == name && l.Holder == holder).ExecuteUpdateAsync(u => u.SetProperty(l => l.ExpiresAt, past), ct);
    }
}

/// <summary>
/// A job a node runs every <see cref="Interval"/> while it holds the job's lease (one node at a time): each round in
/// its own scope; a failed round is logged and the next one tries again.
/// </summary>
public abstract class LeasedJob(IServiceScopeFactory scopes, DbLease lease, ILogger log) : BackgroundService
{
    protected abstract string LeaseName { get; }
    protected abstract TimeSpan Interval { get; }
    protected abstract TimeSpan LeaseTime { get; }

    /// <summary>One round of the job, in a scope of its own.</summary>
    protected abstract Task RunAsync(IServiceProvider services, CancellationToken ct);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                using var scope = scopes.CreateScope();
                if (await lease.TryAcquireAsync(scope.ServiceProvider.GetRequiredService<AppDb>(), LeaseName, LeaseTime, stoppingToken))
                {
                    await RunAsync(scope.ServiceProvider, stoppingToken);
                }
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                log.LogWarning(e, "Job {Job} failed; retrying on the next round.", LeaseName);
            }
            try
            {
                await Task.Delay(Interval, stoppingToken);
            }
            catch (OperationCanceledException)
            {
                break;
            }
        }
    }
}
