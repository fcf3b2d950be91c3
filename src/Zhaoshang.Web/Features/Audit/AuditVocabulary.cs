using Zhaoshang.Web.Data;

namespace Zhaoshang.Web.Features.Audit;

/// <summary>How a changed value reads: as it is, as an amount, a date, yes/no, a unit's name, a number, or words.</summary>
public enum AuditValue
{
    Text,
    Yuan,
    Date,
    Bool,
    Org,
    Number,
    /// <summary>A coded value (a stage, a state, a set of classes): <see cref="AuditField.Words"/> says it in Chinese.</summary>
    Words,
}

/// <summary>A field as its form names it, how its value reads, and for a coded value its words (untranslated: the log translates them).</summary>
public sealed record AuditField(string Label, AuditValue Kind, Func<int, IEnumerable<string>>? Words = null);

/// <summary>
/// What a feature above the audit tells it about its records, so that the log reads in words without knowing the
/// feature: its fields as its forms call them (by "Type.Property"), and the names of its objects. Each feature registers
/// its own; <see cref="ReadableChanges"/> reads them all.
/// </summary>
public interface IAuditVocabulary
{
    IReadOnlyDictionary<string, AuditField> Fields { get; }

    /// <summary>The object types it names, each with what a record about one of them calls it.</summary>
    IReadOnlyCollection<string> Named { get; }

    /// <summary>The names of its objects of one type, by id.</summary>
    Task<Dictionary<Guid, string>> NamesAsync(AppDb db, string objectType, IReadOnlyCollection<Guid> ids, CancellationToken ct);
}
