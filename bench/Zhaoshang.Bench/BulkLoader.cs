using System.Collections.Concurrent;
using System.Diagnostics;
using Microsoft.EntityFrameworkCore;
using Zhaoshang.Web.Features.Orgs;
using Zhaoshang.Web.Features.Projects;

namespace Zhaoshang.Bench;

/// <summary>
/// Fills a dataset: the real app creates the schema and seeds the demo org tree and accounts; the first generated
/// projects go through EF (so their rows show how EF stores each type), the rest through ADO.NET — SQLite prepared
/// INSERTs in big transactions, PostgreSQL binary COPY — with the secondary indexes dropped during the load and
/// rebuilt after it from their stored definitions.
/// </summary>
public static class BulkLoader
{
    public static async Task<DatasetInfo> LoadAsync(Dataset dataset)
    {
        var total = Stopwatch.StartNew();
        var rows = Table.All.ToDictionary(t => t.Name, _ => 0L);
        var efWritten = new List<GeneratedProject>();
        IEnumerator<GeneratedProject> stream;
        await using (var app = new BenchApp(dataset))
        {
            var orgs = await app.WithDbAsync(db => db.Orgs.AsNoTracking().Where(o => o.IsActive).ToListAsync());
            var generator = new LedgerGenerator(orgs, orgs.Where(o => o.Kind == OrgKind.ResidentOffice), Dataset.FirstYear, Dataset.LastYear, dataset.Seed);
            stream = generator.Generate(dataset.Projects).GetEnumerator();
            // Through EF until every type has appeared with a value: a signed project at capacity, a correction, an office part.
            while (stream.MoveNext())
            {
                efWritten.Add(stream.Current);
                if (efWritten.Any(g => g.Project.Stage == ProjectStage.AtCapacity && g.Project.LandMu is not null)
                    && efWritten.Any(g => g.Funds.Any(f => f.CorrectsId is not null)) && efWritten.Any(g => g.Offices.Count > 0))
                {
                    break;
                }
            }
            await app.WithDbAsync(async db =>
            {
                foreach (var g in efWritten)
                {
                    db.AddRange(Table.All.SelectMany(t => t.Rows(g)));
                }
                return await db.SaveChangesAsync();
            });
        }
        foreach (var t in Table.All)
        {
            rows[t.Name] += efWritten.Sum(g => t.Rows(g).Count());
        }
        var schemaSeconds = total.Elapsed.TotalSeconds;
        Console.WriteLine($"  schema, seed and {efWritten.Count} projects through EF: {schemaSeconds:F1} s");

        IRowSink sink = dataset.Provider == Provider.Sqlite ? new SqliteSink(dataset.ConnectionString) : new PostgresSink(dataset.ConnectionString);
        await using (sink)
        {
            await sink.CheckAsync(efWritten);
            var indexes = await sink.DropIndexesAsync();
            var load = Stopwatch.StartNew();
            // Generation on one core, inserting on the other.
            using var queue = new BlockingCollection<GeneratedProject>(boundedCapacity: 4096);
            var producer = Task.Run(() =>
            {
                try
                {
                    while (stream.MoveNext())
                    {
                        queue.Add(stream.Current);
                    }
                }
                finally
                {
                    queue.CompleteAdding();
                }
            });
            var done = efWritten.Count;
            foreach (var g in queue.GetConsumingEnumerable())
            {
                foreach (var t in Table.All)
                {
                    foreach (var row in t.Rows(g))
                    {
                        sink.Write(t, row);
                        rows[t.Name]++;
                    }
                }
                if (++done % 50_000 == 0)
                {
                    await sink.CommitAsync();
                    Console.WriteLine($"  {done:N0} projects, {load.Elapsed.TotalSeconds:F0} s");
                }
            }
            await producer;
            await sink.CommitAsync();
            var loadSeconds = load.Elapsed.TotalSeconds;
            Console.WriteLine($"  rows loaded in {loadSeconds:F1} s; rebuilding {indexes.Count} indexes…");
            var index = Stopwatch.StartNew();
            await sink.FinishAsync(indexes);
            return new DatasetInfo(dataset.Projects, dataset.Seed, Dataset.FirstYear, Dataset.LastYear, rows, schemaSeconds, loadSeconds,
                index.Elapsed.TotalSeconds, total.Elapsed.TotalSeconds, TimeProvider.System.GetUtcNow().ToString("yyyy-MM-dd HH:mm 'UTC'", System.Globalization.CultureInfo.InvariantCulture));
        }
    }
}

/// <summary>Where generated rows go: one implementation a provider.</summary>
public interface IRowSink : IAsyncDisposable
{
    /// <summary>Fails unless the rows EF wrote read back exactly as this sink would write them.</summary>
    Task CheckAsync(IReadOnlyList<GeneratedProject> efWritten);

    /// <summary>Drops the secondary indexes of the loaded tables and returns their definitions.</summary>
    Task<List<string>> DropIndexesAsync();

    void Write(Table table, object row);

    Task CommitAsync();

    /// <summary>Recreates the indexes and leaves the database as the app expects it.</summary>
    Task FinishAsync(List<string> indexes);
}
