namespace Zhaoshang.Web.Data;

/// <summary>A row that belongs to an org: the scope filter and the write check read its path.</summary>
public interface IScoped
{
    string OrgPath { get; }
}

/// <summary>An editable row with an app-managed concurrency token, incremented on every update.</summary>
public interface IVersioned
{
    long Version { get; set; }
}

/// <summary>Rows whose changes are not written to the audit trail (they are bookkeeping, audited as events).</summary>
public interface INotAudited;

/// <summary>Properties never copied into an audit record (secrets and noise).</summary>
[AttributeUsage(AttributeTargets.Property)]
public sealed class NotAuditedAttribute : Attribute;

/// <summary>
/// On a scoped entity whose path is not its <see cref="IScoped.OrgPath"/> column (an org's own <c>Path</c>): the
/// property the scope filter, the write check and a subtree's move read.
/// </summary>
[AttributeUsage(AttributeTargets.Class)]
public sealed class ScopeColumnAttribute(string property) : Attribute
{
    public string Property { get; } = property;

    /// <summary>The property holding an entity type's org path.</summary>
    public static string Of(Type type) =>
        System.Reflection.CustomAttributeExtensions.GetCustomAttribute<ScopeColumnAttribute>(type)?.Property ?? nameof(IScoped.OrgPath);
}

/// <summary>Rows the system writes, not people (keys, sessions, outgoing messages): their text is not checked as typed input is.</summary>
public interface ISystemWritten;
