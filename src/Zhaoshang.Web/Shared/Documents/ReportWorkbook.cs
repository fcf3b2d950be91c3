using System.Globalization;
using DocumentFormat.OpenXml;
using DocumentFormat.OpenXml.Packaging;
using X = DocumentFormat.OpenXml.Spreadsheet;

namespace Zhaoshang.Web.Shared.Documents;

/// <summary>
/// A report workbook as a bureau prints it: per sheet a title and a note, a bordered header (a group row over its
/// columns where there is one) frozen with the first column, numbers in their format (two decimals, thousands, 0.00%),
/// column widths, borders, and an A4 landscape print setup fitted to the page width with the header rows repeated.
/// The companion of <see cref="OfficialDocument"/>: every report's spreadsheet is written through it. (Exports of
/// whole lists, which stream up to 100,000 rows, use <see cref="XlsxWriter"/>.)
/// </summary>
public sealed class ReportWorkbook
{
    public enum Format { Text, Number, Integer, Percent }

    /// <summary>A column: header, width in characters, number format.</summary>
    public sealed record Column(string Header, double Width, Format Format = Format.Text);

    /// <summary>A header spanning several columns (an indicator over its target, actual, rate…).</summary>
    public sealed record Group(string Header, int Span);

    /// <summary>A cell's value and an optional fill (RRGGBB), which the row's words repeat.</summary>
    public sealed record Cell(object? Value, string? Fill = null);

    public sealed class Sheet
    {
        internal Sheet(string name, string title, string? note, IReadOnlyList<Column> columns, IReadOnlyList<Group>? groups)
        {
            Name = name;
            Title = title;
            Note = note;
            Columns = columns;
            Groups = groups;
        }

        internal string Name { get; }
        internal string Title { get; }
        internal string? Note { get; }
        internal IReadOnlyList<Column> Columns { get; }
        internal IReadOnlyList<Group>? Groups { get; }
        internal List<IReadOnlyList<Cell>> Rows { get; } = [];
        internal List<string> Notes { get; } = [];

        public void Row(params Cell[] cells) => Rows.Add(cells);

        public void Row(IReadOnlyList<Cell> cells) => Rows.Add(cells);

        /// <summary>A line of text under the table (a source, a remark).</summary>
        public void Footnote(string text) => Notes.Add(text);
    }

    private readonly List<Sheet> _sheets = [];

    public Sheet AddSheet(string name, string title, string? note, IReadOnlyList<Column> columns, IReadOnlyList<Group>? groups = null)
    {
        var clean = new string(name.Where(c => c is not ('[' or ']' or ':' or '*' or '?' or '/' or '\\')).ToArray());
        clean = clean[..Math.Min(clean.Length, 31)];
        var unique = clean;
        for (var i = 2; _sheets.Any(s => s.Name == unique); i++)
        {
            unique = $"{clean[..Math.Min(clean.Length, 28)]}({i})";
        }
        var sheet = new Sheet(unique, title, note, columns, groups);
        _sheets.Add(sheet);
        return sheet;
    }

    // Fonts: 0 plain, 1 bold (headers), 2 the title.
    private const uint Plain = 0, Bold = 1, TitleFont = 2;

    // Cell formats (cellXfs) are built on demand: (number format, font, fill, border, horizontal alignment, wrap).
    private readonly List<(uint NumFmt, uint Font, string? Fill, bool Border, X.HorizontalAlignmentValues? Align, bool Wrap)> _formats = [(0, Plain, null, false, null, false)];

    private uint Style(uint numFmt, uint font, string? fill, bool border, X.HorizontalAlignmentValues? align, bool wrap)
    {
        var key = (numFmt, font, fill, border, align, wrap);
        var index = _formats.IndexOf(key);
        if (index < 0)
        {
            _formats.Add(key);
            index = _formats.Count - 1;
        }
        return (uint)index;
    }

    // Built-in number formats: 4 is #,##0.00, 3 is #,##0, 10 is 0.00%.
    private static uint NumFmt(Format format) => format switch
    {
        Format.Number => 4,
        Format.Integer => 3,
        Format.Percent => 10,
        _ => 0,
    };

    public void Save(Stream output)
    {
        using var document = SpreadsheetDocument.Create(output, SpreadsheetDocumentType.Workbook);
        var workbook = document.AddWorkbookPart();
        workbook.Workbook = new X.Workbook();
        var sheets = workbook.Workbook.AppendChild(new X.Sheets());
        var names = new X.DefinedNames();
        uint id = 1;
        foreach (var sheet in _sheets)
        {
            var part = workbook.AddNewPart<WorksheetPart>();
            part.Worksheet = Build(sheet, out var headerRows);
            sheets.Append(new X.Sheet { Id = workbook.GetIdOfPart(part), SheetId = id, Name = sheet.Name });
            names.Append(new X.DefinedName($"'{sheet.Name.Replace("'", "''", StringComparison.Ordinal)}'!$1:${headerRows}") { Name = "_xlnm.Print_Titles", LocalSheetId = id - 1 });
            id++;
        }
        workbook.Workbook.Append(names);
        var fills = _formats.Select(f => f.Fill).Where(f => f is not null).Distinct().ToList();
        workbook.AddNewPart<WorkbookStylesPart>().Stylesheet = new X.Stylesheet(
            new X.Fonts(Font(false, 11), Font(true, 11), Font(true, 14)),
            new X.Fills(new[] { new X.Fill(new X.PatternFill { PatternType = X.PatternValues.None }), new X.Fill(new X.PatternFill { PatternType = X.PatternValues.Gray125 }) }
                .Concat(fills.Select(f => new X.Fill(new X.PatternFill(new X.ForegroundColor { Rgb = "FF" + f }) { PatternType = X.PatternValues.Solid })))),
            new X.Borders(new X.Border(), new X.Border(
                new X.LeftBorder(new X.Color { Rgb = "FF8C96A5" }) { Style = X.BorderStyleValues.Thin }, new X.RightBorder(new X.Color { Rgb = "FF8C96A5" }) { Style = X.BorderStyleValues.Thin },
                new X.TopBorder(new X.Color { Rgb = "FF8C96A5" }) { Style = X.BorderStyleValues.Thin }, new X.BottomBorder(new X.Color { Rgb = "FF8C96A5" }) { Style = X.BorderStyleValues.Thin },
                new X.DiagonalBorder())),
            new X.CellFormats(_formats.Select((f, i) => new X.CellFormat(f.Align is null && !f.Wrap ? [] : new OpenXmlElement[] { new X.Alignment { Horizontal = f.Align, Vertical = X.VerticalAlignmentValues.Center, WrapText = f.Wrap } })
            {
                NumberFormatId = f.NumFmt, FontId = f.Font, FillId = f.Fill is null ? 0u : (uint)(fills.IndexOf(f.Fill) + 2),
                BorderId = f.Border ? 1u : 0u, ApplyNumberFormat = f.NumFmt != 0, ApplyFont = f.Font != Plain, ApplyFill = f.Fill is not null, ApplyBorder = f.Border,
                ApplyAlignment = f.Align is not null || f.Wrap,
            })));
        workbook.Workbook.Save();
    }

    private static X.Font Font(bool bold, double size)
    {
        var font = new X.Font();
        if (bold)
        {
            font.Append(new X.Bold());
        }
        font.Append(new X.FontSize { Val = size }, new X.FontName { Val = "宋体" });
        return font;
    }

    private X.Worksheet Build(Sheet sheet, out int headerRows)
    {
        var data = new X.SheetData();
        var merges = new X.MergeCells();
        var r = 0;
        var last = Xlsx.ColumnName(sheet.Columns.Count - 1);
        void Put(X.Row row, int column, object? value, uint style)
        {
            var cell = new X.Cell { CellReference = $"{Xlsx.ColumnName(column)}{r}", StyleIndex = style };
            switch (value)
            {
                case null:
                    break;
                case int or long or decimal or double:
                    cell.DataType = X.CellValues.Number;
                    cell.CellValue = new X.CellValue(Convert.ToDecimal(value, CultureInfo.InvariantCulture).ToString(CultureInfo.InvariantCulture));
                    break;
                default:
                    cell.DataType = X.CellValues.InlineString;
                    cell.InlineString = new X.InlineString(new X.Text(Convert.ToString(value, CultureInfo.InvariantCulture)!) { Space = SpaceProcessingModeValues.Preserve });
                    break;
            }
            row.Append(cell);
        }
        r++;
        var title = new X.Row { RowIndex = (uint)r, Height = 24, CustomHeight = true };
        Put(title, 0, sheet.Title, Style(0, TitleFont, null, false, X.HorizontalAlignmentValues.Center, false));
        data.Append(title);
        merges.Append(new X.MergeCell { Reference = $"A{r}:{last}{r}" });
        if (sheet.Note is not null)
        {
            r++;
            var note = new X.Row { RowIndex = (uint)r };
            Put(note, 0, sheet.Note, Style(0, Plain, null, false, X.HorizontalAlignmentValues.Left, false));
            data.Append(note);
            merges.Append(new X.MergeCell { Reference = $"A{r}:{last}{r}" });
        }
        var header = Style(0, Bold, "F1F4F8", true, X.HorizontalAlignmentValues.Center, true);
        var firstHeader = r + 1;
        if (sheet.Groups is { } groups)
        {
            r++;
            var row = new X.Row { RowIndex = (uint)r };
            var c = 0;
            foreach (var g in groups)
            {
                for (var i = 0; i < g.Span; i++)
                {
                    Put(row, c + i, i == 0 ? g.Header : null, header);
                }
                if (g.Span > 1)
                {
                    merges.Append(new X.MergeCell { Reference = $"{Xlsx.ColumnName(c)}{r}:{Xlsx.ColumnName(c + g.Span - 1)}{r}" });
                }
                c += g.Span;
            }
            data.Append(row);
        }
        r++;
        var columnsRow = new X.Row { RowIndex = (uint)r };
        for (var i = 0; i < sheet.Columns.Count; i++)
        {
            Put(columnsRow, i, sheet.Columns[i].Header, header);
        }
        data.Append(columnsRow);
        // A group header over a single column reads as that column's header: the two header cells are one.
        if (sheet.Groups is { } spans)
        {
            var c = 0;
            foreach (var g in spans)
            {
                if (g.Span == 1 && g.Header == sheet.Columns[c].Header)
                {
                    merges.Append(new X.MergeCell { Reference = $"{Xlsx.ColumnName(c)}{firstHeader}:{Xlsx.ColumnName(c)}{r}" });
                }
                c += g.Span;
            }
        }
        headerRows = r;
        foreach (var cells in sheet.Rows)
        {
            r++;
            var row = new X.Row { RowIndex = (uint)r };
            for (var i = 0; i < sheet.Columns.Count; i++)
            {
                var cell = i < cells.Count ? cells[i] : new Cell(null);
                var format = sheet.Columns[i].Format;
                // A number column keeps its format on an empty cell too (a value typed there later reads right).
                var number = format != Format.Text;
                Put(row, i, cell.Value, Style(NumFmt(format), Plain, cell.Fill, true,
                    number ? X.HorizontalAlignmentValues.Right : i == 0 ? X.HorizontalAlignmentValues.Left : X.HorizontalAlignmentValues.Center, false));
            }
            data.Append(row);
        }
        foreach (var text in sheet.Notes)
        {
            r++;
            var row = new X.Row { RowIndex = (uint)r };
            Put(row, 0, text, Style(0, Plain, null, false, X.HorizontalAlignmentValues.Left, false));
            data.Append(row);
            merges.Append(new X.MergeCell { Reference = $"A{r}:{last}{r}" });
        }
        var worksheet = new X.Worksheet(
            new X.SheetProperties(new X.PageSetupProperties { FitToPage = true }),
            new X.SheetViews(new X.SheetView(new X.Pane
            {
                HorizontalSplit = 1, VerticalSplit = headerRows, TopLeftCell = $"B{headerRows + 1}", ActivePane = X.PaneValues.BottomRight, State = X.PaneStateValues.Frozen,
            }) { WorkbookViewId = 0 }),
            new X.Columns(sheet.Columns.Select((c, i) => new X.Column { Min = (uint)(i + 1), Max = (uint)(i + 1), Width = c.Width, CustomWidth = true })),
            data);
        if (merges.HasChildren)
        {
            worksheet.Append(merges);
        }
        worksheet.Append(new X.PageMargins { Left = 0.5, Right = 0.5, Top = 0.6, Bottom = 0.6, Header = 0.3, Footer = 0.3 },
            new X.PageSetup { PaperSize = 9, Orientation = X.OrientationValues.Landscape, FitToWidth = 1, FitToHeight = 0 });
        return worksheet;
    }
}
