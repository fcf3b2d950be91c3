using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using Zhaoshang.Web.Data;
using Zhaoshang.Web.Features.Enterprises;
using Zhaoshang.Web.Features.Orgs;
using Zhaoshang.Web.Features.Projects;

namespace Zhaoshang.Web.Features.Tickets;

/// <summary>A signed project's blocking problem (堵点), or an investor's appeal or need (企业诉求).</summary>
public enum TicketKind
{
    Problem,
    Appeal,
    /// <summary>A project's needs before signing (项目需求并联会审): several departments review them at once and reply jointly.</summary>
    Needs,
}

/// <summary>Seed 001's three kinds of problem: a single item, a factor (要素) of seven, or a comprehensive one.</summary>
public enum TicketCategory
{
    SingleItem,
    Land,
    Power,
    Water,
    Gas,
    Financing,
    Labour,
    Approvals,
    Comprehensive,
}

/// <summary>Who coordinates: 省、市、县 (a zone counts as a county) — "三级联动".</summary>
public enum TicketLevel
{
    County,
    City,
    Province,
}

public enum TicketState
{
    Submitted,
    Returned,
    Declined,
    Accepted,
    Dispatched,
    InProgress,
    Answered,
    AwaitingRating,
    Closed,
}

/// <summary>
/// One ticket of the closed loop. Its <see cref="Ticket.OrgPath"/> is the area it arises in (the project's unit, or the unit
/// an appeal is filed with), so the area's users see it by the ordinary scope; the desk, the handling departments and
/// whoever it is escalated to see it through <see cref="TicketParty"/> rows (<see cref="TicketAccess"/> applies both).
/// </summary>
/// <summary>The columns the ticket list filters and sorts on, which a ticket and its scope rows both carry.</summary>
public interface ITicketListed
{
    TicketKind Kind { get; }
    TicketCategory Category { get; }
    TicketState State { get; }
    DateOnly? DueDate { get; }
    DateTime SubmittedAt { get; }
}

public sealed class Ticket : IScoped, IVersioned, ITicketListed
{
    public Guid Id { get; set; }
    /// <summary>Readable, unique: WT-2026-000123.</summary>
    public required string Number { get; set; }
    public TicketKind Kind { get; set; }
    public TicketCategory Category { get; set; }
    public TicketLevel Level { get; set; }
    public required string Title { get; set; }
    public string? Description { get; set; }
    public Guid? ProjectId { get; set; }
    public Guid? EnterpriseId { get; set; }
    public Guid SubmitterId { get; set; }
    public string SubmitterName { get; set; } = "";
    public Guid OrgId { get; set; }
    public string OrgPath { get; set; } = "";
    /// <summary>The desk (受理/派单单位) that accepts, dispatches and checks.</summary>
    public Guid DeskOrgId { get; set; }
    public Guid? HandlerOrgId { get; set; }
    /// <summary>How the handler was chosen: the rule, or the dispatcher's reason for overriding it.</summary>
    public string? RoutingNote { get; set; }

    /// <summary>The routing note as a phrase (<see cref="Shared.Phrase.ToJson"/>), shown in the reader's language.</summary>
    public string? RoutingPhrase { get; set; }
    public TicketState State { get; set; }
    /// <summary>Parallel review (并联会审): the handling departments each answer in <see cref="TicketReview"/>.</summary>
    public bool IsReview { get; set; }
    public int SlaWorkingDays { get; set; }
    public DateTime SubmittedAt { get; set; }
    public DateTime? DispatchedAt { get; set; }
    /// <summary>The last day (China) the answer is on time.</summary>
    public DateOnly? DueDate { get; set; }
    public DateTime? RemindedAt { get; set; }
    public int EscalationLevel { get; set; }
    public DateTime? AnsweredAt { get; set; }
    public string? Answer { get; set; }
    public DateTime? ClosedAt { get; set; }
    /// <summary>Set when first answered: answered on or before the due date.</summary>
    public bool? OnTime { get; set; }
    public int? Rating { get; set; }
    public string? RatingComment { get; set; }
    public Guid? JointMeetingId { get; set; }
    public long Version { get; set; }

    public bool IsOpen => State is not (TicketState.Closed or TicketState.Declined);
}

public enum PartyRole
{
    Desk,
    Handler,
    Reviewer,
    Leader,
    JointMeeting,
}

/// <summary>An org that takes part in a ticket outside its area: it sees the ticket through its own scope.</summary>
public sealed class TicketParty : IScoped, INotAudited
{
    public Guid TicketId { get; set; }
    public Guid OrgId { get; set; }
    public PartyRole Role { get; set; }
    public string OrgPath { get; set; } = "";
}

/// <summary>What happened to a ticket, in order: the timeline. Derived from the ticket's audited changes.</summary>
/// <summary>
/// Who sees a ticket, as rows: one per org path that is an ancestor (or the org itself) of the ticket's area or of one
/// of its parties, carrying copies of the columns the list filters and sorts on. A unit's list is then one index
/// range (its own path, equal) with no OR of the area's and the parties' subtrees and no join, and a ticket is counted
/// once however many of its parties lie in the unit. <see cref="TicketRecords.SyncScopesAsync"/> keeps them in step.
/// </summary>
public sealed class TicketScope : INotAudited, ITicketListed
{
    public string Path { get; set; } = "";
    public Guid TicketId { get; set; }
    public DateTime SubmittedAt { get; set; }
    public TicketState State { get; set; }
    public TicketKind Kind { get; set; }
    public TicketCategory Category { get; set; }
    public DateOnly? DueDate { get; set; }
}

/// <summary>A character bigram of a ticket's title (<see cref="Shared.Bigrams"/>): the title search looks them up instead of scanning titles.</summary>
public sealed class TicketTitleGram : INotAudited
{
    public int Gram { get; set; }
    public Guid TicketId { get; set; }

    public static IEnumerable<TicketTitleGram> For(Ticket t) => Shared.Bigrams.Of(t.Title).Select(g => new TicketTitleGram { Gram = g, TicketId = t.Id });

    /// <summary>At start, as the system: the bigrams of tickets that have none (those filed before the title search had them).</summary>
    public static async Task BackfillAsync(AppDb db, CancellationToken ct)
    {
        var missing = await db.Set<Ticket>().AsNoTracking().Where(t => !db.Set<TicketTitleGram>().Any(g => g.TicketId == t.Id)).ToListAsync(ct);
        var grams = missing.SelectMany(For).ToList();
        if (grams.Count > 0)
        {
            db.Set<TicketTitleGram>().AddRange(grams);
            await db.SaveChangesAsync(ct);
            db.ChangeTracker.Clear();
        }
    }
}

public sealed class TicketEvent : INotAudited
{
    public Guid Id { get; set; }
    public Guid TicketId { get; set; }
    public DateTime At { get; set; }
    public Guid? UserId { get; set; }
    public string? UserName { get; set; }
    public required string Action { get; set; }
    public TicketState? From { get; set; }
    public TicketState? To { get; set; }
    public Guid? OrgId { get; set; }
    public string? Note { get; set; }

    /// <summary>A note the system composed (an escalation, a rating), as a phrase shown in the reader's language.</summary>
    public string? NotePhrase { get; set; }
}

public enum ReviewState
{
    Pending,
    Approved,
    ApprovedWithConditions,
    Declined,
    MaterialRequested,
}

/// <summary>One department's part in a parallel review.</summary>
public sealed class TicketReview : IVersioned
{
    public Guid TicketId { get; set; }
    public Guid OrgId { get; set; }
    public ReviewState State { get; set; }
    public string? Comment { get; set; }
    public DateTime? AnsweredAt { get; set; }
    public long Version { get; set; }
}

/// <summary>A file attached to a ticket, its type detected from its content. Kept in the database, so every node serves it.</summary>
public sealed class TicketAttachment : INotAudited
{
    public Guid Id { get; set; }
    public Guid TicketId { get; set; }
    public required string FileName { get; set; }
    public required string ContentType { get; set; }
    public long Size { get; set; }
    public byte[] Content { get; set; } = [];
    public Guid? UserId { get; set; }
    public DateTime At { get; set; }
}

/// <summary>One step of the escalation ladder, keyed by (ticket, level): the database makes each step happen once.</summary>
public sealed class TicketEscalation : INotAudited
{
    public Guid TicketId { get; set; }
    public int Level { get; set; }
    public DateTime At { get; set; }
    public Guid? ToOrgId { get; set; }
}

/// <summary>A joint meeting (联席会议) of a leading-group office; comprehensive problems go onto the next one's agenda.</summary>
public sealed class JointMeeting : IScoped, IVersioned
{
    public Guid Id { get; set; }
    public Guid OrgId { get; set; }
    public string OrgPath { get; set; } = "";
    public DateOnly Date { get; set; }
    public required string Title { get; set; }
    public long Version { get; set; }
}

public sealed class TicketConfiguration : IEntityTypeConfiguration<Ticket>, IEntityTypeConfiguration<TicketParty>, IEntityTypeConfiguration<TicketScope>,
    IEntityTypeConfiguration<TicketTitleGram>, IEntityTypeConfiguration<TicketEvent>,
    IEntityTypeConfiguration<TicketReview>, IEntityTypeConfiguration<TicketAttachment>, IEntityTypeConfiguration<TicketEscalation>,
    IEntityTypeConfiguration<JointMeeting>
{
    public void Configure(EntityTypeBuilder<Ticket> e)
    {
        e.ToTable("Tickets");
        e.Property(x => x.Number).HasMaxLength(32);
        e.Property(x => x.Kind).HasConversion<string>().HasMaxLength(16);
        e.Property(x => x.Category).HasConversion<string>().HasMaxLength(16);
        e.Property(x => x.Level).HasConversion<string>().HasMaxLength(16);
        e.Property(x => x.State).HasConversion<string>().HasMaxLength(16);
        e.Property(x => x.Title).HasMaxLength(200);
        e.Property(x => x.Description).HasMaxLength(4000);
        e.Property(x => x.SubmitterName).HasMaxLength(100);
        e.Property(x => x.OrgPath).HasMaxLength(400);
        e.Property(x => x.RoutingNote).HasMaxLength(500);
        e.Property(x => x.Answer).HasMaxLength(4000);
        e.Property(x => x.RatingComment).HasMaxLength(1000);
        e.Property(x => x.Version).IsConcurrencyToken();
        e.HasIndex(x => x.Number).IsUnique();
        // The list: newest first within the area's subtree.
        e.HasIndex(x => new { x.OrgPath, x.SubmittedAt });
        e.HasIndex(x => x.SubmittedAt);
        // The escalation sweep and the overdue list: open tickets by due date.
        e.HasIndex(x => new { x.DueDate, x.State }).HasDatabaseName("IX_Tickets_Due");
        e.HasIndex(x => new { x.HandlerOrgId, x.SubmittedAt });
        e.HasIndex(x => new { x.ProjectId, x.State });
        e.HasIndex(x => new { x.EnterpriseId, x.SubmittedAt });
        e.HasIndex(x => x.DeskOrgId);
        e.HasIndex(x => x.OrgId);
        e.HasIndex(x => x.JointMeetingId);
        e.HasOne<Org>().WithMany().HasForeignKey(x => x.OrgId).OnDelete(DeleteBehavior.Restrict);
        e.HasOne<Org>().WithMany().HasForeignKey(x => x.DeskOrgId).OnDelete(DeleteBehavior.Restrict);
        e.HasOne<Org>().WithMany().HasForeignKey(x => x.HandlerOrgId).OnDelete(DeleteBehavior.Restrict);
        e.HasOne<Project>().WithMany().HasForeignKey(x => x.ProjectId).OnDelete(DeleteBehavior.Restrict);
        e.HasOne<Enterprise>().WithMany().HasForeignKey(x => x.EnterpriseId).OnDelete(DeleteBehavior.Restrict);
        e.HasOne<JointMeeting>().WithMany().HasForeignKey(x => x.JointMeetingId).OnDelete(DeleteBehavior.Restrict);
    }

    public void Configure(EntityTypeBuilder<TicketParty> e)
    {
        e.ToTable("TicketParties");
        e.HasKey(x => new { x.TicketId, x.OrgId });
        e.Property(x => x.Role).HasConversion<string>().HasMaxLength(16);
        e.Property(x => x.OrgPath).HasMaxLength(400);
        // A department's tickets: its subtree's party rows, carrying the ticket id.
        e.HasIndex(x => new { x.OrgPath, x.TicketId });
        e.HasIndex(x => x.OrgId);
        e.HasOne<Ticket>().WithMany().HasForeignKey(x => x.TicketId).OnDelete(DeleteBehavior.Cascade);
        e.HasOne<Org>().WithMany().HasForeignKey(x => x.OrgId).OnDelete(DeleteBehavior.Restrict);
    }

    public void Configure(EntityTypeBuilder<TicketScope> e)
    {
        e.ToTable("TicketScopes");
        e.HasKey(x => new { x.TicketId, x.Path });
        e.Property(x => x.Path).HasMaxLength(400);
        e.Property(x => x.Kind).HasConversion<string>().HasMaxLength(16);
        e.Property(x => x.Category).HasConversion<string>().HasMaxLength(16);
        e.Property(x => x.State).HasConversion<string>().HasMaxLength(16);
        // The list: a unit's rows newest first, every filtered column in the index, so counting reads the index alone.
        e.HasIndex(x => new { x.Path, x.SubmittedAt, x.State, x.Category, x.Kind, x.DueDate, x.TicketId }).HasDatabaseName("IX_TicketScopes_List");
        e.HasOne<Ticket>().WithMany().HasForeignKey(x => x.TicketId).OnDelete(DeleteBehavior.Cascade);
    }

    public void Configure(EntityTypeBuilder<TicketTitleGram> e)
    {
        e.ToTable("TicketTitleGrams");
        e.HasKey(x => new { x.Gram, x.TicketId });
        e.HasIndex(x => x.TicketId);
        e.HasOne<Ticket>().WithMany().HasForeignKey(x => x.TicketId).OnDelete(DeleteBehavior.Cascade);
    }

    public void Configure(EntityTypeBuilder<TicketEvent> e)
    {
        e.ToTable("TicketEvents");
        e.Property(x => x.Action).HasMaxLength(32);
        e.Property(x => x.UserName).HasMaxLength(256);
        e.Property(x => x.From).HasConversion<string>().HasMaxLength(16);
        e.Property(x => x.To).HasConversion<string>().HasMaxLength(16);
        e.Property(x => x.Note).HasMaxLength(4000);
        e.HasIndex(x => new { x.TicketId, x.At });
        e.HasOne<Ticket>().WithMany().HasForeignKey(x => x.TicketId).OnDelete(DeleteBehavior.Cascade);
    }

    public void Configure(EntityTypeBuilder<TicketReview> e)
    {
        e.ToTable("TicketReviews");
        e.HasKey(x => new { x.TicketId, x.OrgId });
        e.Property(x => x.State).HasConversion<string>().HasMaxLength(32);
        e.Property(x => x.Comment).HasMaxLength(2000);
        e.Property(x => x.Version).IsConcurrencyToken();
        e.HasIndex(x => x.OrgId);
        e.HasOne<Ticket>().WithMany().HasForeignKey(x => x.TicketId).OnDelete(DeleteBehavior.Cascade);
        e.HasOne<Org>().WithMany().HasForeignKey(x => x.OrgId).OnDelete(DeleteBehavior.Restrict);
    }

    public void Configure(EntityTypeBuilder<TicketAttachment> e)
    {
        e.ToTable("TicketAttachments");
        e.Property(x => x.FileName).HasMaxLength(200);
        e.Property(x => x.ContentType).HasMaxLength(100);
        e.HasIndex(x => x.TicketId);
        e.HasOne<Ticket>().WithMany().HasForeignKey(x => x.TicketId).OnDelete(DeleteBehavior.Cascade);
    }

    public void Configure(EntityTypeBuilder<TicketEscalation> e)
    {
        e.ToTable("TicketEscalations");
        e.HasKey(x => new { x.TicketId, x.Level });
        e.HasOne<Ticket>().WithMany().HasForeignKey(x => x.TicketId).OnDelete(DeleteBehavior.Cascade);
    }

    public void Configure(EntityTypeBuilder<JointMeeting> e)
    {
        e.ToTable("JointMeetings");
        e.Property(x => x.Title).HasMaxLength(200);
        e.Property(x => x.OrgPath).HasMaxLength(400);
        e.Property(x => x.Version).IsConcurrencyToken();
        e.HasIndex(x => new { x.OrgId, x.Date });
        e.HasIndex(x => x.OrgPath);
        e.HasOne<Org>().WithMany().HasForeignKey(x => x.OrgId).OnDelete(DeleteBehavior.Restrict);
    }
}
