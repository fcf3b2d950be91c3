using System.Globalization;
using DocumentFormat.OpenXml;
using DocumentFormat.OpenXml.Packaging;
using Zhaoshang.Web.Shared;
using X = DocumentFormat.OpenXml.Spreadsheet;

namespace Zhaoshang.Web.Features.Assessment;

/// <summary>The decomposition tables written back in the layout they are imported in (what the export gives).</summary>
public static class TargetTablesWriter
{
    /// <summary>
    /// The tables in the layout they are imported in: a sheet per table with its title, the header rows (a split
    /// column's parent merged across its children), the units' rows and the stated total row. Percentages are
    /// numbers formatted as percentages.
    /// </summary>
    public static void Write(Stream output, IReadOnlyList<TargetTable> tables, IReadOnlyDictionary<string, Indicator> indicators)
    {
        using var document = SpreadsheetDocument.Create(output, SpreadsheetDocumentType.Workbook);
        var workbook = document.AddWorkbookPart();
        workbook.Workbook = new X.Workbook();
        var styles = workbook.AddNewPart<WorkbookStylesPart>();
        styles.Stylesheet = new X.Stylesheet(
            new X.Fonts(new X.Font(), new X.Font(new X.Bold())),
            new X.Fills(new X.Fill(new X.PatternFill { PatternType = X.PatternValues.None }), new X.Fill(new X.PatternFill { PatternType = X.PatternValues.Gray125 })),
            new X.Borders(new X.Border()),
            new X.CellFormats(
                new X.CellFormat(),
                new X.CellFormat { FontId = 1, ApplyFont = true, Alignment = new X.Alignment { Horizontal = X.HorizontalAlignmentValues.Center, Vertical = X.VerticalAlignmentValues.Center, WrapText = true } },
                new X.CellFormat { NumberFormatId = 9, ApplyNumberFormat = true },
                new X.CellFormat { Alignment = new X.Alignment { WrapText = true, Vertical = X.VerticalAlignmentValues.Top }, ApplyAlignment = true }));
        var sheets = workbook.Workbook.AppendChild(new X.Sheets());
        var names = new HashSet<string>();
        for (var t = 0; t < tables.Count; t++)
        {
            var table = tables[t];
            var part = workbook.AddNewPart<WorksheetPart>();
            var data = new X.SheetData();
            var merges = new X.MergeCells();
            var twoRows = table.Columns.Any(c => c.Header.Contains('/', StringComparison.Ordinal));
            var headerRow = 2;
            var firstData = headerRow + (twoRows ? 2 : 1);
            var width = table.Columns.Count + 2;

            AddRow(data, 1, [$"（{table.Title}）"], 0);
            var top = new List<object?> { "序号", "责任单位" };
            var bottom = new List<object?> { null, null };
            for (var i = 0; i < table.Columns.Count; i++)
            {
                var parts = table.Columns[i].Header.Split('/', 2);
                var parent = parts[0];
                var sameParent = i > 0 && parts.Length == 2 && table.Columns[i - 1].Header.Split('/', 2) is [var before, _] && before == parent;
                top.Add(sameParent ? null : parent);
                bottom.Add(parts.Length == 2 ? parts[1] : null);
            }
            AddRow(data, headerRow, top, 1);
            if (twoRows)
            {
                AddRow(data, headerRow + 1, bottom, 1);
                merges.Append(Merge(0, headerRow, 0, headerRow + 1), Merge(1, headerRow, 1, headerRow + 1));
                for (var i = 0; i < table.Columns.Count; i++)
                {
                    var parts = table.Columns[i].Header.Split('/', 2);
                    if (parts.Length == 1)
                    {
                        merges.Append(Merge(i + 2, headerRow, i + 2, headerRow + 1));
                        continue;
                    }
                    var last = i;
                    while (last + 1 < table.Columns.Count && table.Columns[last + 1].Header.Split('/', 2) is [var next, _] && next == parts[0])
                    {
                        last++;
                    }
                    if (last > i)
                    {
                        merges.Append(Merge(i + 2, headerRow, last + 2, headerRow));
                    }
                    i = last;
                }
            }
            // A note column, or an indicator column holding only a note (the rule beside the 标房 column): the note, merged down.
            bool NoteOnly(TableColumn c) => c.Indicator is null
                || (table.Notes.ContainsKey(c.Header) && table.Rows.All(row => row.Values.GetValueOrDefault(c.Indicator) is null));
            var r = firstData;
            foreach (var row in table.Rows)
            {
                var cells = new List<object?> { row.Seq, row.Unit };
                cells.AddRange(table.Columns.Select(c => NoteOnly(c) ? (r == firstData ? table.Notes.GetValueOrDefault(c.Header) : null)
                    : Value(row.Values.GetValueOrDefault(c.Indicator!), indicators[c.Indicator!])));
                AddRow(data, r++, cells, 0);
            }
            foreach (var (c, column) in table.Columns.Select((column, i) => (i + 2, column)))
            {
                if (NoteOnly(column) && table.Rows.Count > 1)
                {
                    merges.Append(Merge(c, firstData, c, r - 1));
                }
            }
            var total = new List<object?> { null, table.TotalLabel };
            total.AddRange(table.Columns.Select(c => c.Indicator is null ? null
                : table.StatedTotals.TryGetValue(c.Indicator, out var v) ? Value(v, indicators[c.Indicator]) : null));
            AddRow(data, r, total, 0);

            var columns = new X.Columns(new X.Column { Min = 1, Max = 1, Width = 6, CustomWidth = true },
                new X.Column { Min = 2, Max = 2, Width = 28, CustomWidth = true },
                new X.Column { Min = 3, Max = (uint)width, Width = 14, CustomWidth = true });
            part.Worksheet = new X.Worksheet(columns, data);
            if (merges.HasChildren)
            {
                part.Worksheet.Append(merges);
            }
            var name = SheetName(table.Title, t, names);
            sheets.Append(new X.Sheet { Id = workbook.GetIdOfPart(part), SheetId = (uint)(t + 1), Name = name });
        }
        workbook.Workbook.Save();
    }

    private static object? Value(decimal? value, Indicator indicator) => value is null ? "-" : indicator.IsRatio ? new Percent(value.Value) : value.Value;

    private sealed record Percent(decimal Value);

    private static string SheetName(string title, int index, HashSet<string> taken)
    {
        var name = new string(title.Where(c => c is not ('[' or ']' or ':' or '*' or '?' or '/' or '\\')).ToArray());
        name = name.Length == 0 ? $"表{index + 1}" : name[..Math.Min(name.Length, 28)];
        while (!taken.Add(name))
        {
            name = $"{name[..Math.Min(name.Length, 26)]}{index + 1}";
        }
        return name;
    }

    private static X.MergeCell Merge(int fromColumn, int fromRow, int toColumn, int toRow) =>
        new() { Reference = $"{Xlsx.ColumnName(fromColumn)}{fromRow}:{Xlsx.ColumnName(toColumn)}{toRow}" };

    private static void AddRow(X.SheetData data, int row, IReadOnlyList<object?> values, uint style)
    {
        var xmlRow = new X.Row { RowIndex = (uint)row };
        for (var c = 0; c < values.Count; c++)
        {
            var cell = new X.Cell { CellReference = $"{Xlsx.ColumnName(c)}{row}" };
            switch (values[c])
            {
                case null:
                    if (style != 0)
                    {
                        cell.StyleIndex = style;
                    }
                    break;
                case Percent p:
                    cell.DataType = X.CellValues.Number;
                    cell.CellValue = new X.CellValue((p.Value / 100m).ToString(CultureInfo.InvariantCulture));
                    cell.StyleIndex = 2;
                    break;
                case int or decimal:
                    cell.DataType = X.CellValues.Number;
                    cell.CellValue = new X.CellValue(Convert.ToString(values[c], CultureInfo.InvariantCulture)!);
                    break;
                default:
                    var text = Convert.ToString(values[c], CultureInfo.InvariantCulture)!;
                    cell.DataType = X.CellValues.InlineString;
                    cell.InlineString = new X.InlineString(new X.Text(text) { Space = SpaceProcessingModeValues.Preserve });
                    cell.StyleIndex = style != 0 ? style : text.Contains('\n', StringComparison.Ordinal) ? 3u : 0u;
                    break;
            }
            xmlRow.Append(cell);
        }
        data.Append(xmlRow);
    }
}
