using Microsoft.EntityFrameworkCore;
using Zhaoshang.Web.Features.Audit;

namespace Zhaoshang.Web.Data;

/// <summary>The audit's part of the context: its tables, and the chain's gate a context holds while its records are written.</summary>
public sealed partial class AppDb
{
    public DbSet<AuditEntry> AuditEntries => Set<AuditEntry>();
    public DbSet<AuditHead> AuditHeads => Set<AuditHead>();

    /// <summary>Set while this context holds the audit chain's gate (until its save, or its transaction, ends); given the records' position once committed.</summary>
    internal Action<AuditPosition?>? AuditGateRelease { get; set; }

    /// <summary>The position of the last records this context stamped and saved, until they are committed.</summary>
    internal AuditPosition? AuditPending { get; set; }

    partial void OnReturning() => AuditChain.Release(this, transactionEnded: true);
}
