using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using Zhaoshang.Web.Data;
using Zhaoshang.Web.Features.Accounts;
using Zhaoshang.Web.Features.Enterprises;
using Zhaoshang.Web.Features.Orgs;
using Zhaoshang.Web.Features.Projects;

namespace Zhaoshang.Web.Features.EntryCodes;

/// <summary>What an entry code stands for (一码投): whose card it is printed on, or what it was made for.</summary>
public enum EntryCodeKind
{
    Officer,
    ResidentOffice,
    Event,
    Park,
    Parcel,
    Policy,
    Proposal,
}

/// <summary>
/// An investor entry code (一码投贵州): a QR code a unit prints (an officer's card, a resident office's, an event's, a
/// park's …). Its address carries the code's token and expiry signed with HMAC-SM3 (<see cref="CodeSigner"/>), so a
/// forged or altered address is refused before anything is read. Scanning opens a public page with what the code is
/// meant to show and an intention form; what comes in becomes a lead of <see cref="OrgId"/>, credited to it.
/// </summary>
public sealed class EntryCode : IScoped, IVersioned
{
    public Guid Id { get; set; }
    /// <summary>The public part of its address: ten characters of base32, random.</summary>
    public required string Token { get; set; }
    public EntryCodeKind Kind { get; set; }
    /// <summary>The page's heading (a park's name, an event's title, "某某的名片").</summary>
    public required string Title { get; set; }
    /// <summary>The introduction the page shows (the region's or park's own, until land, factories and policies have their own capabilities).</summary>
    public string? Introduction { get; set; }
    /// <summary>Leading industries, as the page lists them.</summary>
    public string? Industries { get; set; }
    /// <summary>The public contact the page shows: a desk or the officer's work line, never an investor's.</summary>
    public string? ContactName { get; set; }
    public string? ContactPhone { get; set; }
    /// <summary>An officer's own card: the officer who is told of each intention and credited with the lead.</summary>
    public Guid? OwnerUserId { get; set; }
    public DateOnly ExpiresOn { get; set; }
    /// <summary>Withdrawn before its expiry (a lost card): its page says so.</summary>
    public bool IsRevoked { get; set; }
    public Guid OrgId { get; set; }
    public string OrgPath { get; set; } = "";
    public long Version { get; set; }
    public DateTime CreatedAt { get; set; }
}

/// <summary>Scans of a code on one day (China time), counted in memory and added here every few seconds (<see cref="ScanCounter"/>).</summary>
public sealed class EntryCodeScanDay : IScoped, INotAudited, ISystemWritten
{
    public Guid CodeId { get; set; }
    public DateOnly Day { get; set; }
    public int Count { get; set; }
    public string OrgPath { get; set; } = "";
}

/// <summary>
/// An investor's intention sent through a code (投资意向): who, what and how much, with their consent under the personal
/// information protection law. It became a lead of the code's unit: the enterprise (joined by its credit code when
/// known), a project at 线索 and the lead itself. The investor follows it by <see cref="Reference"/>.
/// </summary>
public sealed class Intention : IScoped
{
    public Guid Id { get; set; }
    /// <summary>What the investor keeps to follow it: random, not guessable (YX-00000-00000-00000).</summary>
    public required string Reference { get; set; }
    public Guid CodeId { get; set; }
    public required string Company { get; set; }
    public string? CreditCode { get; set; }
    public required string ContactName { get; set; }
    /// <summary>The contact's phone, SM4-encrypted at rest (<see cref="Shared.FieldCipher"/>).</summary>
    [NotAudited]
    public string? PhoneCipher { get; set; }
    public string? Industry { get; set; }
    /// <summary>The intended investment, in 万元 as the investor typed it.</summary>
    public decimal? AmountWan { get; set; }
    public string? Needs { get; set; }
    /// <summary>When the investor agreed to the notice, and which notice (its version).</summary>
    public DateTime ConsentAt { get; set; }
    public required string ConsentVersion { get; set; }
    public DateTime SubmittedAt { get; set; }
    public Guid EnterpriseId { get; set; }
    public Guid ProjectId { get; set; }
    public Guid LeadId { get; set; }
    /// <summary>The investor asked for an enterprise account after signing, confirming the credit code.</summary>
    public DateTime? AccountRequestedAt { get; set; }
    /// <summary>An officer verified the request (the user administrators then open the account).</summary>
    public DateTime? AccountVerifiedAt { get; set; }
    public string? AccountVerifiedBy { get; set; }
    public Guid OrgId { get; set; }
    public string OrgPath { get; set; } = "";
}

public sealed class EntryCodeConfiguration : IEntityTypeConfiguration<EntryCode>, IEntityTypeConfiguration<EntryCodeScanDay>, IEntityTypeConfiguration<Intention>
{
    public void Configure(EntityTypeBuilder<EntryCode> e)
    {
        e.ToTable("EntryCodes");
        e.Property(x => x.Token).HasMaxLength(10);
        e.Property(x => x.Kind).HasConversion<string>().HasMaxLength(24);
        e.Property(x => x.Title).HasMaxLength(100);
        e.Property(x => x.Introduction).HasMaxLength(2000);
        e.Property(x => x.Industries).HasMaxLength(200);
        e.Property(x => x.ContactName).HasMaxLength(50);
        e.Property(x => x.ContactPhone).HasMaxLength(30);
        e.Property(x => x.OrgPath).HasMaxLength(400);
        e.Property(x => x.Version).IsConcurrencyToken();
        e.HasIndex(x => x.Token).IsUnique();
        e.HasIndex(x => x.OrgPath);
        e.HasOne<Org>().WithMany().HasForeignKey(x => x.OrgId).OnDelete(DeleteBehavior.Restrict);
        e.HasOne<AppUser>().WithMany().HasForeignKey(x => x.OwnerUserId).OnDelete(DeleteBehavior.Restrict);
    }

    public void Configure(EntityTypeBuilder<EntryCodeScanDay> e)
    {
        e.ToTable("EntryCodeScanDays");
        e.HasKey(x => new { x.CodeId, x.Day });
        e.Property(x => x.OrgPath).HasMaxLength(400);
        e.HasIndex(x => new { x.OrgPath, x.Day });
        e.HasOne<EntryCode>().WithMany().HasForeignKey(x => x.CodeId).OnDelete(DeleteBehavior.Cascade);
    }

    public void Configure(EntityTypeBuilder<Intention> e)
    {
        e.ToTable("Intentions");
        e.Property(x => x.Reference).HasMaxLength(20);
        e.Property(x => x.Company).HasMaxLength(200);
        e.Property(x => x.CreditCode).HasMaxLength(18);
        e.Property(x => x.ContactName).HasMaxLength(50);
        e.Property(x => x.PhoneCipher).HasMaxLength(200);
        e.Property(x => x.Industry).HasMaxLength(100);
        e.Property(x => x.AmountWan).HasPrecision(18, 2);
        e.Property(x => x.Needs).HasMaxLength(1000);
        e.Property(x => x.ConsentVersion).HasMaxLength(20);
        e.Property(x => x.AccountVerifiedBy).HasMaxLength(100);
        e.Property(x => x.OrgPath).HasMaxLength(400);
        e.HasIndex(x => x.Reference).IsUnique();
        e.HasIndex(x => new { x.CodeId, x.SubmittedAt });
        e.HasIndex(x => new { x.OrgPath, x.SubmittedAt });
        e.HasIndex(x => x.CreditCode);
        e.HasOne<EntryCode>().WithMany().HasForeignKey(x => x.CodeId).OnDelete(DeleteBehavior.Restrict);
        e.HasOne<Org>().WithMany().HasForeignKey(x => x.OrgId).OnDelete(DeleteBehavior.Restrict);
        e.HasOne<Enterprise>().WithMany().HasForeignKey(x => x.EnterpriseId).OnDelete(DeleteBehavior.Restrict);
        e.HasOne<Project>().WithMany().HasForeignKey(x => x.ProjectId).OnDelete(DeleteBehavior.Restrict);
        e.HasOne<Activities.Lead>().WithMany().HasForeignKey(x => x.LeadId).OnDelete(DeleteBehavior.Restrict);
    }
}
