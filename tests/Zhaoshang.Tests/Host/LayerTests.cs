using System.Text.RegularExpressions;
using Zhaoshang.Tests.Infrastructure;

namespace Zhaoshang.Tests.Host;

/// <summary>
/// The features form layers (docs/architecture.md): Shared ← Data ← Orgs, Accounts, Audit ← Enterprises, Projects,
/// Activities ← Tickets, Assessment, Notifications, Users ← Majors ← Home. A folder may use its own layer and the ones below;
/// a reference upwards is a back edge. The ones that exist today are listed as debt (issue 18 removes them): a new back
/// edge fails, and so does a listed one that is gone, so the list only shrinks.
/// </summary>
public sealed class LayerTests
{
    private static readonly string[][] Layers =
    [
        ["Shared"],
        ["Data"],
        ["Orgs", "Accounts", "Account", "Audit"],
        ["Enterprises", "Projects", "Activities"],
        ["Tickets", "Assessment", "Notifications", "Users"],
        ["Majors"],
        ["Home"],
    ];

    /// <summary>The one back edge the architecture keeps: the project page links its problems (tickets).</summary>
    private static readonly HashSet<string> Known =
    [
        "Projects → Tickets",
    ];

    [Fact]
    public void Features_reference_only_their_layer_and_the_ones_below()
    {
        var web = Repo.WebProject;
        var layer = Layers.SelectMany((names, i) => names.Select(n => (n, i))).ToDictionary(x => x.n, x => x.i);
        var features = Layers.SelectMany(l => l).Where(n => n is not ("Shared" or "Data")).ToList();
        var edges = new HashSet<string>();
        foreach (var file in Directory.EnumerateFiles(web, "*.*", SearchOption.AllDirectories)
                     .Where(f => f.EndsWith(".cs", StringComparison.Ordinal) || f.EndsWith(".cshtml", StringComparison.Ordinal)))
        {
            var parts = Path.GetRelativePath(web, file).Split(Path.DirectorySeparatorChar);
            var from = parts[0] == "Features" && parts.Length > 2 ? parts[1] : parts[0];
            if (!layer.ContainsKey(from) || parts.Contains("Migrations"))
            {
                continue; // Program.cs wires every feature; migrations are history
            }
            var code = File.ReadAllText(file);
            foreach (var to in features.Where(f => f != from && Reference(f).IsMatch(code)))
            {
                edges.Add($"{from} → {to}");
            }
        }
        Assert.Contains("Enterprises → Orgs", edges); // the scan sees references at all
        var back = edges.Where(e => e.Split(" → ") is var p && layer[p[1]] > layer[p[0]]).ToHashSet();
        var added = back.Except(Known).Order().ToList();
        Assert.True(added.Count == 0, "A feature reaches up a layer (move the shared part down, or invert the call): " + string.Join(", ", added));
        var gone = Known.Except(back).Order().ToList();
        Assert.True(gone.Count == 0, "Back edges removed: take them off the known list: " + string.Join(", ", gone));
    }

    /// <summary>A reference to a feature: its namespace, or a name qualified by it (Orgs.OrgKind).</summary>
    private static Regex Reference(string feature) => new($@"Features\.{feature}\b|(?<![\w.""/]){feature}\.[A-Z]\w*");
}
