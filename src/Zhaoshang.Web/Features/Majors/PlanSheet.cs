using System.Text.RegularExpressions;
using Zhaoshang.Web.Shared;

namespace Zhaoshang.Web.Features.Majors;

/// <summary>
/// A plan as a workbook (计划表): one row a node, by its name, with its planned and actual dates; the export is the import's
/// template. Read back, a node is matched by its name (a new name is a new node); each bad cell is named by row and column.
/// </summary>
public static partial class PlanSheet
{
    public const string SheetName = "计划表";
    public static readonly string[] Required = ["节点", "计划日期"];
    public static readonly string[] Optional = ["序号", "实际日期", "逾期天数"];

    public static void Write(Stream output, IEnumerable<MilestoneRow> nodes) =>
        Xlsx.Write(output, SheetName, ["序号", "节点", "计划日期", "实际日期", "逾期天数"],
            nodes.Select((n, i) => new object?[] { i + 1, n.Name, n.PlannedDate, n.ActualDate, n.OverdueDays }));

    /// <summary>
    /// The nodes of a workbook, codes kept for the names the plan has and made (n1, n2 …) for new ones; null with the
    /// sheet's errors when a row is bad (a name missing or repeated, a date that does not read).
    /// </summary>
    public static List<(PlanNode Node, int Line)>? Read(ImportSheet sheet, IReadOnlyList<MilestoneRow> current)
    {
        var byName = current.ToDictionary(n => n.Name, n => n.Code);
        var next = current.Select(n => NewCode().Match(n.Code)).Where(m => m.Success).Select(m => int.Parse(m.Groups[1].Value, System.Globalization.CultureInfo.InvariantCulture))
            .DefaultIfEmpty(0).Max();
        var nodes = new List<(PlanNode, int)>();
        var names = new HashSet<string>();
        foreach (var (line, row) in sheet.DataRows())
        {
            var name = sheet.Text(row, "节点");
            var planned = sheet.Date(line, row, "计划日期");
            var actual = sheet.Date(line, row, "实际日期");
            if (name is null)
            {
                sheet.Error(line, "节点", "必填。");
                continue;
            }
            if (!names.Add(name))
            {
                sheet.Error(line, "节点", "节点“{0}”在表中出现了两次。", name);
                continue;
            }
            var code = byName.GetValueOrDefault(name) ?? "n" + (++next).ToString(System.Globalization.CultureInfo.InvariantCulture);
            nodes.Add((new PlanNode(code, name, planned, actual), line));
        }
        return sheet.Errors.Count == 0 ? nodes : null;
    }

    /// <summary>The column of a plan field, for an error the plan's own rules find in a row of the workbook.</summary>
    public static string ColumnOf(string field) => field switch
    {
        "plannedDate" => "计划日期",
        "actualDate" => "实际日期",
        _ => "节点",
    };

    [GeneratedRegex("^n([0-9]{1,6})$")]
    private static partial Regex NewCode();
}
