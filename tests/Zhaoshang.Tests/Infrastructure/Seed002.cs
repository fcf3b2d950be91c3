using System.Text.RegularExpressions;

namespace Zhaoshang.Tests.Infrastructure;

/// <summary>
/// The responsible units named in seed 002's decomposition tables: read from ../shared/seeds when the checkout has
/// it beside it (as CI does), else from the verbatim copy committed with the tests.
/// </summary>
public static partial class Seed002
{
    public static string[] Units()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            var seed = Path.Combine(dir.FullName, "shared", "seeds", "002_3b95df0a7e3cd293.txt");
            if (File.Exists(seed))
            {
                var text = File.ReadAllText(seed);
                var tables = text[text.IndexOf("2023 年贵阳贵安产业大招商目标任务分解表", StringComparison.Ordinal)..];
                return tables.Split('\n').Select(l => l.TrimEnd('\r').Split('\t'))
                    .Where(cells => cells.Length > 2 && RowNumber().IsMatch(cells[0].Trim()))
                    .Select(cells => cells[1]).ToArray();
            }
        }
        return File.ReadAllLines(Path.Combine(AppContext.BaseDirectory, "seed002-units.txt")).Where(l => l.Length > 0).ToArray();
    }

    [GeneratedRegex(@"^\d+$")]
    private static partial Regex RowNumber();
}
