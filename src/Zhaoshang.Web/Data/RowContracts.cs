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
