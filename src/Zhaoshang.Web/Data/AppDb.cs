using System.Linq.Expressions;
using System.Text;
using System.Xml.Linq;
using Microsoft.AspNetCore.DataProtection.Repositories;
using Microsoft.AspNetCore.DataProtection.XmlEncryption;
using Microsoft.EntityFrameworkCore;
using Zhaoshang.Web.Shared;

namespace Zhaoshang.Web.Data;

/// <summary>
/// The database. Contexts are pooled (their options and internal services are built once, not per request); each
/// lease is bound to its scope's <see cref="CurrentUser"/> by <see cref="DataSetup.AddData"/>, and forgets it on return.
/// This part knows no feature: each feature declares its tables in its own part of this class (<c>Features/X/XDb.cs</c>:
/// its <c>DbSet</c> shortcuts) and configures them beside its entities (<c>IEntityTypeConfiguration</c>); the accounts'
/// part makes it an Identity context. The scope filter applies to every <see cref="IScoped"/> entity.
/// </summary>
public sealed partial class AppDb
{
    public DbSet<DataProtectionKeyRow> DataProtectionKeys => Set<DataProtectionKeyRow>();

    private CurrentUser? _currentUser;

    /// <summary>Who acts through this context; a context not taken from a scope has none and refuses to query.</summary>
    public CurrentUser CurrentUser
    {
        get => _currentUser ?? throw new InvalidOperationException("This AppDb is not bound to a user: take it from a scope's services.");
        internal set => _currentUser = value;
    }

    /// <summary>Set when this context wrote a table whose changes are signalled (<see cref="ChangeSignal"/>), until it commits.</summary>
    internal bool ChangesToSignal { get; set; }

    /// <summary>What a feature keeps on a context lets go of it here, when the context is returned to the pool.</summary>
    partial void OnReturning();

    public override void Dispose()
    {
        OnReturning();
        _currentUser = null;
        ChangesToSignal = false;
        base.Dispose();
    }

    public override ValueTask DisposeAsync()
    {
        OnReturning();
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
            builder.Entity(type.ClrType).HasQueryFilter(ScopeFilter(type.ClrType, ScopeColumnAttribute.Of(type.ClrType)));
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

public sealed class DataProtectionKeyRow : INotAudited, ISystemWritten
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
/// Encrypts each Data Protection key with SM4 under a key of the key ring (derived from the master key, kept outside the database),
/// so reading the key table is not enough to forge a sign-in cookie.
/// </summary>
public sealed class Sm4XmlEncryptor(ICryptoProvider crypto, IKeyRing keys) : IXmlEncryptor
{
    public EncryptedXmlInfo Encrypt(XElement plaintextElement)
    {
        var sealedData = crypto.Sm4Encrypt(keys.DeriveKey("data-protection", 16), Encoding.UTF8.GetBytes(plaintextElement.ToString(SaveOptions.DisableFormatting)));
        return new EncryptedXmlInfo(new XElement("sm4", Convert.ToBase64String(sealedData)), typeof(Sm4XmlDecryptor));
    }
}

public sealed class Sm4XmlDecryptor(IServiceProvider services) : IXmlDecryptor
{
    public XElement Decrypt(XElement encryptedElement)
    {
        var crypto = services.GetRequiredService<ICryptoProvider>();
        var keys = services.GetRequiredService<IKeyRing>();
        var plain = crypto.Sm4Decrypt(keys.DeriveKey("data-protection", 16), Convert.FromBase64String(encryptedElement.Value));
        return XElement.Parse(Encoding.UTF8.GetString(plain));
    }
}
