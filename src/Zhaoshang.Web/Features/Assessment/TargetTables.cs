using System.Globalization;
using System.Text.RegularExpressions;
using Zhaoshang.Web.Shared;

namespace Zhaoshang.Web.Features.Assessment;


public sealed record TableColumn(string? Indicator, string Header);

public sealed record TableRow(int SheetRow, int? Seq, string Unit, IReadOnlyDictionary<string, decimal?> Values);

/// <summary>A decomposition table as written: title, columns, one row per unit, and the stated total row.</summary>
public sealed record TargetTable(string Sheet, string Title, string TotalLabel, IReadOnlyList<TableColumn> Columns, IReadOnlyList<TableRow> Rows,
    IReadOnlyDictionary<string, decimal?> StatedTotals, IReadOnlyDictionary<string, string> Notes)
{
    /// <summary>Read with errors (named in the import's error list): checked further, never written.</summary>
    public bool Failed { get; init; }
}

/// <summary>
/// Decomposition tables laid out as seed 002 prints them: an optional title row "(省级开发区)", a header row starting
/// 序号, 责任单位, then one column per indicator (a second header row may split a column: 项目签约金额 → 总金额, 工业项目金额),
/// one row per unit, and a stated total row (合计, 全市目标任务). Several tables may follow each other on a sheet.
/// Values are read as written: "23%" is 23 (a percentage), "-" is no target; nothing is corrected.
/// </summary>
public static partial class TargetTables
{
    private static readonly HashSet<string> TotalLabels = ["合计", "全市目标任务", "总计", "全市合计"];
    private static readonly HashSet<string> NoteHeaders = ["加分指标", "备注", "说明"];
    private static readonly HashSet<string> NoValue = ["-", "_", "—", "–", "/", "－", "＿", "——"];

    private static readonly Dictionary<string, string> Units = new()
    {
        ["个数"] = "个", ["个"] = "个", ["次"] = "次", ["家"] = "家", ["亿元"] = "亿元", ["万元"] = "万元", ["%"] = "%",
        ["万平方米"] = "万㎡", ["万㎡"] = "万㎡",
    };

    [GeneratedRegex(@"\(([^()]*)\)$")]
    private static partial Regex TrailingGroup();

    /// <summary>A header or name compared without spaces, with half-width brackets of one style.</summary>
    public static string Key(string? text) => ChineseText.NameKey(text);

    /// <summary>The header without its trailing unit in brackets, and that unit ("领导赴省外招商(次)" → 领导赴省外招商, 次).</summary>
    private static (string Name, string? Unit) SplitUnit(string header)
    {
        var key = Key(header);
        var match = TrailingGroup().Match(key);
        return match.Success && Units.ContainsKey(match.Groups[1].Value) ? (key[..match.Index], Units[match.Groups[1].Value])
            : match.Success && match.Groups[1].Value is "%" ? (key[..match.Index], "%") : (key, null);
    }

    public static List<TargetTable> Read(IReadOnlyList<Sheet> sheets, IReadOnlyList<Indicator> indicators, List<SheetError> errors)
    {
        var byHeader = new Dictionary<string, Indicator>();
        foreach (var indicator in indicators)
        {
            foreach (var header in indicator.Headers)
            {
                byHeader[Key(header)] = indicator;
            }
        }
        var tables = new List<TargetTable>();
        foreach (var sheet in sheets)
        {
            var start = 0;
            while (FindHeader(sheet, start) is { } header)
            {
                tables.Add(ReadTable(sheet, start, header, byHeader, errors, out var end));
                start = end + 1;
            }
        }
        if (tables.Count == 0 && errors.Count == 0)
        {
            errors.Add(new SheetError(sheets.FirstOrDefault()?.Name ?? "", null, null, "没有找到目标任务分解表：表头应有“序号”“责任单位”两列，随后每列一个指标。"));
        }
        return tables;
    }

    private static int? FindHeader(Sheet sheet, int from)
    {
        for (var r = from; r < sheet.Rows.Count; r++)
        {
            var keys = sheet.Rows[r].Select(Key).ToList();
            if (keys.Contains("序号") && keys.Contains("责任单位"))
            {
                return r;
            }
        }
        return null;
    }

    private static string Cell(Sheet sheet, int row, int column) =>
        row < sheet.Rows.Count && column < sheet.Rows[row].Length ? sheet.Rows[row][column] ?? "" : "";

    private static TargetTable ReadTable(Sheet sheet, int from, int header, Dictionary<string, Indicator> byHeader, List<SheetError> errors, out int end)
    {
        var head = sheet.Rows[header];
        var seqColumn = Array.FindIndex(head, c => Key(c) == "序号");
        var unitColumn = Array.FindIndex(head, c => Key(c) == "责任单位");
        var width = sheet.Rows.Skip(header).Take(3).Max(r => r.Length);

        // The title: the last one-cell row above the header, since the previous table.
        var title = sheet.Name;
        for (var r = header - 1; r >= from; r--)
        {
            var filled = sheet.Rows[r].Where(c => !string.IsNullOrWhiteSpace(c)).ToList();
            if (filled.Count == 1)
            {
                title = filled[0]!.Trim();
                if (title.Length > 2 && title[0] is '(' or '（' && title[^1] is ')' or '）')
                {
                    title = title[1..^1].Trim(); // the printed title's outer brackets only
                }
                break;
            }
        }

        // A second header row: nothing under 序号 and 责任单位, something under an indicator.
        var sub = header + 1;
        var twoRows = sub < sheet.Rows.Count && Cell(sheet, sub, seqColumn).Length == 0 && Cell(sheet, sub, unitColumn).Length == 0
            && Enumerable.Range(0, width).Any(c => c != seqColumn && c != unitColumn && Cell(sheet, sub, c).Length > 0);
        var columns = new List<(int Index, TableColumn Column, Indicator? Indicator, string? Unit)>();
        var failed = false;
        for (var c = 0; c < width; c++)
        {
            if (c == seqColumn || c == unitColumn)
            {
                continue;
            }
            var own = Cell(sheet, header, c);
            var child = twoRows ? Cell(sheet, sub, c) : "";
            var parent = own;
            for (var k = c; parent.Length == 0 && child.Length > 0 && k > unitColumn; k--)
            {
                parent = Cell(sheet, header, k - 1);
            }
            if (parent.Length == 0)
            {
                continue;
            }
            var (parentName, parentUnit) = SplitUnit(parent);
            var (childName, childUnit) = child.Length > 0 ? SplitUnit(child) : ("", null);
            var written = child.Length > 0 ? $"{parent.Trim()}/{child.Trim()}" : parent.Trim();
            if (NoteHeaders.Contains(parentName))
            {
                columns.Add((c, new TableColumn(null, written), null, null));
                continue;
            }
            var name = child.Length > 0 ? $"{parentName}/{childName}" : parentName;
            if (!byHeader.TryGetValue(name, out var indicator))
            {
                errors.Add(new SheetError(sheet.Name, header + 1, Xlsx.ColumnName(c), "“{0}”不是已定义的考核指标（表头应与指标名称一致，单位写在括号中）。", written));
                failed = true;
                continue;
            }
            var unit = childUnit ?? parentUnit;
            if (unit is not null && unit != indicator.Unit)
            {
                errors.Add(new SheetError(sheet.Name, header + 1, Xlsx.ColumnName(c), "“{0}”的单位是{1}，指标“{2}”的单位是{3}。", written, new Word(unit), indicator.Name, new Word(indicator.Unit)));
                failed = true;
                continue;
            }
            if (columns.Any(x => x.Indicator?.Code == indicator.Code))
            {
                errors.Add(new SheetError(sheet.Name, header + 1, Xlsx.ColumnName(c), "指标“{0}”在同一张表中出现了两次。", indicator.Name));
                failed = true;
                continue;
            }
            columns.Add((c, new TableColumn(indicator.Code, written), indicator, unit));
        }

        var rows = new List<TableRow>();
        var notes = new Dictionary<string, string>();
        Dictionary<string, decimal?>? stated = null;
        var totalLabel = "合计";
        end = sheet.Rows.Count - 1;
        for (var r = header + (twoRows ? 2 : 1); r < sheet.Rows.Count; r++)
        {
            var unitName = Cell(sheet, r, unitColumn).Trim();
            var seqText = Cell(sheet, r, seqColumn).Trim();
            if (TotalLabels.Contains(Key(unitName)) || TotalLabels.Contains(Key(seqText)))
            {
                totalLabel = TotalLabels.Contains(Key(unitName)) ? unitName : seqText;
                stated = Values(sheet, r, columns, notes, errors, ref failed);
                end = r;
                break;
            }
            if (unitName.Length == 0 && seqText.Length == 0)
            {
                if (sheet.Rows[r].All(string.IsNullOrWhiteSpace) || FindHeader(sheet, r) == r)
                {
                    end = r - 1;
                    break;
                }
                continue; // the rest of a merged note
            }
            if (unitName.Length == 0)
            {
                errors.Add(new SheetError(sheet.Name, r + 1, Xlsx.ColumnName(unitColumn), "缺少责任单位。"));
                failed = true;
                continue;
            }
            int? seq = int.TryParse(ChineseText.ToHalfWidth(seqText), NumberStyles.None, CultureInfo.InvariantCulture, out var n) ? n : null;
            rows.Add(new TableRow(r + 1, seq, unitName, Values(sheet, r, columns, notes, errors, ref failed)));
        }
        if (stated is null)
        {
            errors.Add(new SheetError(sheet.Name, end + 2, null, "表“{0}”没有合计行（责任单位写“合计”或“全市目标任务”）：无法核对分解数与目标总数。", title));
            failed = true;
        }
        // A table with errors is still returned, so that its units are checked too and every problem is named at once;
        // the errors keep it from being written.
        return new TargetTable(sheet.Name, title, totalLabel, columns.Select(c => c.Column).ToList(), rows, stated ?? new Dictionary<string, decimal?>(), notes)
        {
            Failed = failed,
        };
    }

    private static Dictionary<string, decimal?> Values(Sheet sheet, int r, List<(int Index, TableColumn Column, Indicator? Indicator, string? Unit)> columns,
        Dictionary<string, string> notes, List<SheetError> errors, ref bool failed)
    {
        var values = new Dictionary<string, decimal?>();
        foreach (var (c, column, indicator, _) in columns)
        {
            var raw = Cell(sheet, r, c).Trim();
            if (indicator is null)
            {
                if (raw.Length > 0)
                {
                    notes[column.Header] = notes.TryGetValue(column.Header, out var before) ? before + "\n" + raw : raw;
                }
                continue;
            }
            if (raw.Length == 0 || NoValue.Contains(raw))
            {
                values[indicator.Code] = null;
                continue;
            }
            var value = Number(sheet, r, c, raw, indicator, out var problem);
            if (value is null && sheet.Merged.Any(m => m.FromRow == r && m.FromColumn == c && m.ToRow > m.FromRow))
            {
                // Text merged down the column (the scoring rule beside the provincial zones' 标房 column): a note.
                notes[column.Header] = raw;
                values[indicator.Code] = null;
                continue;
            }
            if (value is null)
            {
                errors.Add(new SheetError(sheet.Name, r + 1, Xlsx.ColumnName(c), problem!));
                failed = true;
                continue;
            }
            values[indicator.Code] = value;
        }
        return values;
    }

    private static decimal? Number(Sheet sheet, int r, int c, string raw, Indicator indicator, out Phrase? problem)
    {
        problem = null;
        if (sheet.IsNumber(r, c) && decimal.TryParse(raw, NumberStyles.Float, CultureInfo.InvariantCulture, out var number))
        {
            if (sheet.IsPercent(r, c) && !indicator.IsRatio)
            {
                problem = new Phrase("“{0}”是百分数，指标“{1}”的单位是{2}。", $"{Numbers.Normal(number * 100)}%", indicator.Name, new Word(indicator.Unit));
                return null;
            }
            number = Numbers.Normal(sheet.IsPercent(r, c) ? Math.Round(number * 100, 8) : number);
            problem = OutOfRange(number, indicator);
            return problem is null ? number : null;
        }
        var text = ChineseText.ToHalfWidth(raw).Replace(",", "", StringComparison.Ordinal).Trim();
        var percent = text.EndsWith('%');
        if (percent && !indicator.IsRatio)
        {
            problem = new Phrase("“{0}”是百分数，指标“{1}”的单位是{2}。", raw, indicator.Name, new Word(indicator.Unit));
            return null;
        }
        if (decimal.TryParse(percent ? text[..^1] : text, NumberStyles.Number, CultureInfo.InvariantCulture, out number))
        {
            problem = OutOfRange(number, indicator);
            return problem is null ? Numbers.Normal(number) : null;
        }
        problem = new Phrase("“{0}”不是数值（指标“{1}”，单位{2}；没有目标写“-”）。", raw, indicator.Name, new Word(indicator.Unit));
        return null;
    }

    /// <summary>The largest target a cell may hold (in the indicator's unit: 亿元, 个, %…); far above any real one.</summary>
    public const decimal MaxTarget = 1_000_000_000m;

    /// <summary>Why a target value cannot be, or null: a target is not negative, and not absurdly large.</summary>
    public static Phrase? OutOfRange(decimal value, Indicator indicator) =>
        value < 0 ? new Phrase("目标值“{0}”不能为负数（指标“{1}”）。", Numbers.Normal(value), indicator.Name)
        : value > MaxTarget ? new Phrase("目标值“{0}”超出合理范围（指标“{1}”，单位{2}，不超过 {3:N0}）。", Numbers.Normal(value), indicator.Name, new Word(indicator.Unit), MaxTarget)
        : null;
}
