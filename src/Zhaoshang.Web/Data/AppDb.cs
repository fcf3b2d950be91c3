using System.Linq.Expressions;
using System.Text;
using System.Xml.Linq;
using Microsoft.AspNetCore.DataProtection.Repositories;
using Microsoft.AspNetCore.DataProtection.XmlEncryption;
using Microsoft.AspNetCore.Identity.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore;
using Zhaoshang.Web.Features.Accounts;
using Zhaoshang.Web.Features.Audit;
using Zhaoshang.Web.Features.Enterprises;
using Zhaoshang.Web.Features.Orgs;
using Zhaoshang.Web.Features.Projects;
using Zhaoshang.Web.Shared;

namespace Zhaoshang.Web.Data;

/// <summary>
/// The database. Contexts are pooled (their options and internal services are built once, not per request); each
/// lease is bound to its scope's <see cref="CurrentUser"/> by <see cref="DataSetup.AddData"/>, and forgets it on return.
/// </summary>
public sealed class AppDb(DbContextOptions<AppDb> options) : IdentityDbContext<AppUser, AppRole, Guid>(options)
{
    public DbSet<Org> Orgs => Set<Org>();
    public DbSet<PasswordHistory> PasswordHistories => Set<PasswordHistory>();
    public DbSet<UserSession> UserSessions => Set<UserSession>();
    public DbSet<AuditEntry> AuditEntries => Set<AuditEntry>();
    public DbSet<AuditHead> AuditHeads => Set<AuditHead>();
    public DbSet<DataProtectionKeyRow> DataProtectionKeys => Set<DataProtectionKeyRow>();
    public DbSet<Enterprise> Enterprises => Set<Enterprise>();
    public DbSet<EnterpriseContact> EnterpriseContacts => Set<EnterpriseContact>();
    public DbSet<Project> Projects => Set<Project>();
    public DbSet<ProjectNameBigram> ProjectNameBigrams => Set<ProjectNameBigram>();
    public DbSet<Industry> Industries => Set<Industry>();
    public DbSet<SavedFilter> SavedFilters => Set<SavedFilter>();
    public DbSet<ProjectInvestor> ProjectInvestors => Set<ProjectInvestor>();
    public DbSet<ProjectStageChange> ProjectStageChanges => Set<ProjectStageChange>();
    public DbSet<FundEntry> FundEntries => Set<FundEntry>();
    public DbSet<ProjectHandoff> ProjectHandoffs => Set<ProjectHandoff>();
    public DbSet<Features.Activities.Activity> Activities => Set<Features.Activities.Activity>();
    public DbSet<Features.Activities.ActivityOffice> ActivityOffices => Set<Features.Activities.ActivityOffice>();
    public DbSet<Features.Assessment.Indicator> Indicators => Set<Features.Assessment.Indicator>();
    public DbSet<Features.Assessment.TargetYear> TargetYears => Set<Features.Assessment.TargetYear>();
    public DbSet<Features.Assessment.TargetSheet> TargetSheets => Set<Features.Assessment.TargetSheet>();
    public DbSet<Features.Assessment.Target> Targets => Set<Features.Assessment.Target>();
    public DbSet<Features.Assessment.RuleSet> RuleSets => Set<Features.Assessment.RuleSet>();
    public DbSet<Features.Assessment.Adjustment> Adjustments => Set<Features.Assessment.Adjustment>();
    public DbSet<Features.Assessment.ClosedMonth> ClosedMonths => Set<Features.Assessment.ClosedMonth>();

    private CurrentUser? _currentUser;

    /// <summary>Who acts through this context; a context not taken from a scope has none and refuses to query.</summary>
    public CurrentUser CurrentUser
    {
        get => _currentUser ?? throw new InvalidOperationException("This AppDb is not bound to a user: take it from a scope's services.");
        internal set => _currentUser = value;
    }

    /// <summary>Set while this context holds the audit chain's gate (until its save, or its transaction, ends); given the records' position once committed.</summary>
    internal Action<AuditPosition?>? AuditGateRelease { get; set; }

    /// <summary>The position of the last records this context stamped and saved, until they are committed.</summary>
    internal AuditPosition? AuditPending { get; set; }

    /// <summary>Set when this context wrote a table whose changes are signalled (<see cref="ChangeSignal"/>), until it commits.</summary>
    internal bool ChangesToSignal { get; set; }

    public override void Dispose()
    {
        AuditChain.Release(this, transactionEnded: true);
        _currentUser = null;
        ChangesToSignal = false;
        base.Dispose();
    }

    public override ValueTask DisposeAsync()
    {
        AuditChain.Release(this, transactionEnded: true);
        _currentUser = null;
        ChangesToSignal = false;
        return base.DisposeAsync();
    }

    // Read by the global query filters on every query; EF turns them into parameters.
    // System work sees every path: the whole range "" … U+FFFF, so the filter is always one index range, never an OR
    // with a parameter (which no planner can answer from an index).
    internal string ScopeStart => CurrentUser.ScopeAll ? "" : CurrentUser.ScopePath;
    internal string ScopeEnd => OrgPaths.End(ScopeStart);

    protected override void OnModelCreating(ModelBuilder builder)
    {
        base.OnModelCreating(builder);

        builder.Entity<AppUser>(e =>
        {
            e.Property(u => u.DisplayName).HasMaxLength(100);
            e.Property(u => u.OrgPath).HasMaxLength(400);
            e.Property(u => u.DisabledReason).HasMaxLength(200);
            e.Property(u => u.Version).IsConcurrencyToken();
            e.HasIndex(u => u.OrgPath);
            e.HasIndex(u => u.EnterpriseId);
            e.HasOne<Org>().WithMany().HasForeignKey(u => u.OrgId).OnDelete(DeleteBehavior.Restrict);
        });

        builder.Entity<Org>(e =>
        {
            e.ToTable("Orgs");
            e.Property(o => o.Code).HasMaxLength(32);
            e.Property(o => o.Name).HasMaxLength(100);
            e.Property(o => o.NameEn).HasMaxLength(200);
            e.Property(o => o.Kind).HasConversion<string>().HasMaxLength(32);
            e.Property(o => o.Path).HasMaxLength(400);
            e.Property(o => o.Version).IsConcurrencyToken();
            e.HasIndex(o => o.Code).IsUnique();
            e.HasIndex(o => o.Path);
            e.HasIndex(o => o.ParentId);
            e.HasOne<Org>().WithMany().HasForeignKey(o => o.ParentId).OnDelete(DeleteBehavior.Restrict);
        });

        builder.Entity<PasswordHistory>(e =>
        {
            e.ToTable("PasswordHistories");
            e.HasIndex(h => h.UserId);
            e.HasOne<AppUser>().WithMany().HasForeignKey(h => h.UserId).OnDelete(DeleteBehavior.Cascade);
        });

        builder.Entity<UserSession>(e =>
        {
            e.ToTable("UserSessions");
            e.Property(s => s.TokenHash).HasMaxLength(64);
            e.Property(s => s.RevokedReason).HasMaxLength(100);
            e.Property(s => s.Ip).HasMaxLength(64);
            e.HasIndex(s => s.TokenHash).IsUnique();
            e.HasIndex(s => s.UserId);
            e.HasOne<AppUser>().WithMany().HasForeignKey(s => s.UserId).OnDelete(DeleteBehavior.Cascade);
        });

        builder.Entity<AuditEntry>(e =>
        {
            e.ToTable("AuditEntries");
            e.Property(a => a.Id).ValueGeneratedNever();
            e.Property(a => a.UserName).HasMaxLength(256);
            e.Property(a => a.OrgCode).HasMaxLength(32);
            e.Property(a => a.Roles).HasMaxLength(200);
            e.Property(a => a.Ip).HasMaxLength(64);
            e.Property(a => a.Action).HasMaxLength(64);
            e.Property(a => a.ObjectType).HasMaxLength(64);
            e.Property(a => a.ObjectId).HasMaxLength(128);
            e.Property(a => a.Result).HasMaxLength(16);
            e.Property(a => a.Mac).HasMaxLength(64);
            e.HasIndex(a => a.At);
            e.HasIndex(a => a.UserName);
            e.HasIndex(a => a.Action);
            e.HasIndex(a => new { a.ObjectType, a.ObjectId });
        });

        builder.Entity<AuditHead>(e =>
        {
            e.ToTable("AuditHead");
            e.Property(h => h.Id).ValueGeneratedNever();
            e.Property(h => h.LastMac).HasMaxLength(64);
            e.Property(h => h.Mac).HasMaxLength(64);
            e.Property(h => h.Version).IsConcurrencyToken();
        });

        builder.Entity<DataProtectionKeyRow>(e =>
        {
            e.ToTable("DataProtectionKeys");
            e.Property(k => k.FriendlyName).HasMaxLength(200);
        });

        // Each feature's tables are configured beside it (IEntityTypeConfiguration in Features/<Feature>/).
        builder.ApplyConfigurationsFromAssembly(typeof(AppDb).Assembly);

        // One scope rule for every scoped table: the row's org path lies under the current user's org path.
        foreach (var type in builder.Model.GetEntityTypes().Where(t => typeof(IScoped).IsAssignableFrom(t.ClrType)))
        {
            var pathProperty = type.ClrType == typeof(Org) ? nameof(Org.Path) : nameof(IScoped.OrgPath);
            builder.Entity(type.ClrType).HasQueryFilter(ScopeFilter(type.ClrType, pathProperty));
        }
    }

    private LambdaExpression ScopeFilter(Type clrType, string pathProperty)
    {
        // row => row.<path> >= this.ScopeStart && row.<path> < this.ScopeEnd: the subtree as a range, which both
        // databases answer from the path index (a LIKE with a parameter cannot use it).
        var row = Expression.Parameter(clrType, "row");
        var self = Expression.Constant(this);
        var path = Expression.Property(row, pathProperty);
        return Expression.Lambda(OrgPaths.InRange(path, Expression.Property(self, nameof(ScopeStart)), Expression.Property(self, nameof(ScopeEnd))), row);
    }
}

public sealed class DataProtectionKeyRow : INotAudited
{
    public int Id { get; set; }
    public string? FriendlyName { get; set; }
    public string Xml { get; set; } = "";
}

/// <summary>Keeps the Data Protection key ring in the database, so cookies work across several app nodes.</summary>
public sealed class DbXmlRepository(IServiceScopeFactory scopes) : IXmlRepository
{
    public IReadOnlyCollection<XElement> GetAllElements()
    {
        using var scope = scopes.CreateScope();
        var db = scope.ServiceProvider.GetRequiredService<AppDb>();
        return db.DataProtectionKeys.AsNoTracking().Select(k => k.Xml).ToList().Select(XElement.Parse).ToList();
    }

    public void StoreElement(XElement element, string friendlyName)
    {
        using var scope = scopes.CreateScope();
        var db = scope.ServiceProvider.GetRequiredService<AppDb>();
        db.DataProtectionKeys.Add(new DataProtectionKeyRow { FriendlyName = friendlyName, Xml = element.ToString(SaveOptions.DisableFormatting) });
        db.SaveChanges();
    }
}

/// <summary>
/// Encrypts each Data Protection key with SM4 under a key derived from the audit key (kept outside the database),
/// so reading the key table is not enough to forge a sign-in cookie.
/// </summary>
public sealed class Sm4XmlEncryptor(ICryptoProvider crypto, AuditChain chain) : IXmlEncryptor
{
    public EncryptedXmlInfo Encrypt(XElement plaintextElement)
    {
        var sealedData = crypto.Sm4Encrypt(chain.DeriveKey("data-protection", 16), Encoding.UTF8.GetBytes(plaintextElement.ToString(SaveOptions.DisableFormatting)));
        return new EncryptedXmlInfo(new XElement("sm4", Convert.ToBase64String(sealedData)), typeof(Sm4XmlDecryptor));
    }
}

public sealed class Sm4XmlDecryptor(IServiceProvider services) : IXmlDecryptor
{
    public XElement Decrypt(XElement encryptedElement)
    {
        var crypto = services.GetRequiredService<ICryptoProvider>();
        var chain = services.GetRequiredService<AuditChain>();
        var plain = crypto.Sm4Decrypt(chain.DeriveKey("data-protection", 16), Convert.FromBase64String(encryptedElement.Value));
        return XElement.Parse(Encoding.UTF8.GetString(plain));
    }
}
