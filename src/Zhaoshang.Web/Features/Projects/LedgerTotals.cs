using System.Collections.Concurrent;
using Zhaoshang.Web.Data;

namespace Zhaoshang.Web.Features.Projects;

/// <summary>
/// The ledger list's totals, kept per scope and filter until a project changes. Counting read every project of the
/// filter a second time (the page itself needs only its fifty): on PostgreSQL, a third of the database's work for a
/// unit's list. A total is used only while <see cref="ChangeSignal"/> is reliable and no project has changed since it
/// was counted, and never inside a transaction (which may hold uncommitted changes of its own); a change empties the
/// whole store.
/// </summary>
public sealed class LedgerTotals(ChangeSignal signal)
{
    private const int Capacity = 10_000;

    internal sealed record Generation(long Version, ConcurrentDictionary<string, int> Totals);

    private Generation _current = new(long.MinValue, new(StringComparer.Ordinal));

    /// <summary>Where a total is kept, and the total if it is known; default when totals cannot be kept now.</summary>
    public readonly struct Slot
    {
        private readonly Generation? _generation;
        private readonly string? _key;

        internal Slot(Generation generation, string key, int? total)
        {
            _generation = generation;
            _key = key;
            Total = total;
        }

        public int? Total { get; }

        /// <summary>Keeps a total counted after this slot was taken (in the version it was taken at: stale if a change came between).</summary>
        public void Keep(int total)
        {
            if (_generation is { } generation && generation.Totals.Count < Capacity)
            {
                generation.Totals[_key!] = total;
            }
        }
    }

    /// <summary>Take the slot before the query runs, so that a change during the query makes what it counts stale.</summary>
    public Slot Find(AppDb db, string key)
    {
        if (!signal.Reliable || db.Database.CurrentTransaction is not null)
        {
            return default;
        }
        var version = signal.Version;
        var generation = Volatile.Read(ref _current);
        if (generation.Version < version)
        {
            var fresh = new Generation(version, new(StringComparer.Ordinal));
            var seen = Interlocked.CompareExchange(ref _current, fresh, generation);
            generation = ReferenceEquals(seen, generation) ? fresh : seen;
        }
        if (generation.Version != version)
        {
            return default;
        }
        return new Slot(generation, key, generation.Totals.TryGetValue(key, out var total) ? total : null);
    }
}
