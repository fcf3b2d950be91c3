using System.Globalization;
using DocumentFormat.OpenXml;
using DocumentFormat.OpenXml.Packaging;
using W = DocumentFormat.OpenXml.Wordprocessing;

namespace Zhaoshang.Web.Shared.Documents;

/// <summary>
/// A document a bureau sends (通报, 报告), laid out as GB/T 9704-2012 has it: A4 (landscape here, for wide tables), the
/// issuing unit in red with the document number and a red rule under them, the title in 2号 小标宋, the body in 3号 仿宋
/// (level-1 headings 黑体, level-2 楷体), tables with their grid and a header row repeated on every page, numbers
/// right-aligned, the issuing unit and the date in Chinese form at the end, and page numbers as "— 1 —". Fonts carry
/// their usual fallbacks, since the reader's machine decides. Every report of the product is written through this
/// builder (and <see cref="ReportWorkbook"/> for spreadsheets).
/// </summary>
public sealed class OfficialDocument
{
    /// <summary>A table column: its header, its width in centimetres, and whether it holds numbers (right-aligned).</summary>
    public sealed record Column(string Header, double WidthCm, bool Number = false);

    /// <summary>A table cell: its text and an optional shading (RRGGBB) that its words repeat (never colour alone).</summary>
    public sealed record Cell(string Text, string? Fill = null);

    private const string Red = "C00000";
    private const string SongTitle = "方正小标宋简体", FangSong = "仿宋_GB2312", HeiTi = "黑体", KaiTi = "楷体_GB2312", SongTi = "宋体";
    // Half-points: 2号 22 pt, 3号 16 pt, 4号 14 pt, 五号 10.5 pt (tables).
    private const string Size2 = "44", Size3 = "32", Size4 = "28", SizeTable = "21";

    private readonly W.Body _body = new();
    private readonly string _issuer;
    private readonly DateOnly _date;
    // A4 landscape, margins 25 mm top and bottom, 28 mm left, 26 mm right: the text block is 243 mm wide.
    public const double TextWidthCm = 24.3;

    public OfficialDocument(DocumentHeading heading, string title)
    {
        _issuer = heading.Issuer;
        _date = heading.Date;
        _body.Append(Line(heading.Issuer, SongTitle, Size2, W.JustificationValues.Center, color: Red, bold: true));
        var numberLine = Line(string.IsNullOrWhiteSpace(heading.Number) ? " " : heading.Number, FangSong, Size3, W.JustificationValues.Center);
        // The red rule under the document number (版头中的分隔线).
        numberLine.ParagraphProperties!.Append(new W.ParagraphBorders(new W.BottomBorder { Val = W.BorderValues.Single, Size = 12, Color = Red, Space = 4 }));
        _body.Append(numberLine);
        _body.Append(Line(" ", FangSong, Size3, W.JustificationValues.Center));
        _body.Append(Line(title, SongTitle, Size2, W.JustificationValues.Center));
        _body.Append(Line(" ", FangSong, Size3, W.JustificationValues.Center));
    }

    /// <summary>一、… in 黑体.</summary>
    public void Heading1(string text) => _body.Append(Line(text, HeiTi, Size3, W.JustificationValues.Left, indent: true, keepNext: true));

    /// <summary>（一）… in 楷体.</summary>
    public void Heading2(string text) => _body.Append(Line(text, KaiTi, Size3, W.JustificationValues.Left, indent: true, keepNext: true));

    /// <summary>A body paragraph in 仿宋, first line indented two characters.</summary>
    public void Paragraph(string text) => _body.Append(Line(text, FangSong, Size3, W.JustificationValues.Both, indent: true));

    /// <summary>A table with its grid; its header row repeats on every page; no row breaks across pages.</summary>
    public void Table(IReadOnlyList<Column> columns, IEnumerable<IReadOnlyList<Cell>> rows)
    {
        var widths = columns.Select(c => Twips(c.WidthCm)).ToList();
        var table = new W.Table(new W.TableProperties(
            new W.TableWidth { Width = widths.Sum().ToString(CultureInfo.InvariantCulture), Type = W.TableWidthUnitValues.Dxa },
            new W.TableJustification { Val = W.TableRowAlignmentValues.Center },
            new W.TableBorders(
                new W.TopBorder { Val = W.BorderValues.Single, Size = 4 }, new W.BottomBorder { Val = W.BorderValues.Single, Size = 4 },
                new W.LeftBorder { Val = W.BorderValues.Single, Size = 4 }, new W.RightBorder { Val = W.BorderValues.Single, Size = 4 },
                new W.InsideHorizontalBorder { Val = W.BorderValues.Single, Size = 4 }, new W.InsideVerticalBorder { Val = W.BorderValues.Single, Size = 4 }),
            new W.TableLayout { Type = W.TableLayoutValues.Fixed },
            new W.TableCellMarginDefault(new W.TopMargin { Width = "30", Type = W.TableWidthUnitValues.Dxa },
                new W.TableCellLeftMargin { Width = 60, Type = W.TableWidthValues.Dxa }, new W.BottomMargin { Width = "30", Type = W.TableWidthUnitValues.Dxa },
                new W.TableCellRightMargin { Width = 60, Type = W.TableWidthValues.Dxa })));
        table.Append(new W.TableGrid(widths.Select(w => new W.GridColumn { Width = w.ToString(CultureInfo.InvariantCulture) })));
        var header = new W.TableRow(new W.TableRowProperties(new W.TableHeader(), new W.CantSplit()));
        for (var i = 0; i < columns.Count; i++)
        {
            header.Append(TableCell(columns[i].Header, widths[i], W.JustificationValues.Center, "F1F4F8", bold: true));
        }
        table.Append(header);
        foreach (var row in rows)
        {
            var tr = new W.TableRow(new W.TableRowProperties(new W.CantSplit()));
            for (var i = 0; i < columns.Count; i++)
            {
                var cell = i < row.Count ? row[i] : new Cell("");
                tr.Append(TableCell(cell.Text, widths[i], columns[i].Number ? W.JustificationValues.Right : W.JustificationValues.Left, cell.Fill, bold: false));
            }
            table.Append(tr);
        }
        _body.Append(table);
        _body.Append(Line(" ", FangSong, SizeTable, W.JustificationValues.Left));
    }

    /// <summary>Writes the document; the issuing unit and the date (2023年12月31日, Arabic numerals as GB/T 9704-2012 has them) close it.</summary>
    public void Save(Stream output)
    {
        _body.Append(Line(" ", FangSong, Size3, W.JustificationValues.Right));
        _body.Append(Line(_issuer, FangSong, Size3, W.JustificationValues.Right, rightIndentChars: 4));
        _body.Append(Line($"{_date.Year}年{_date.Month}月{_date.Day}日", FangSong, Size3, W.JustificationValues.Right, rightIndentChars: 4));
        using var document = WordprocessingDocument.Create(output, WordprocessingDocumentType.Document);
        var main = document.AddMainDocumentPart();
        var styles = main.AddNewPart<StyleDefinitionsPart>();
        styles.Styles = new W.Styles(new W.DocDefaults(
            new W.RunPropertiesDefault(new W.RunPropertiesBaseStyle(Fonts(FangSong), new W.FontSize { Val = Size3 }, new W.Languages { Val = "en-US", EastAsia = "zh-CN" })),
            new W.ParagraphPropertiesDefault(new W.ParagraphPropertiesBaseStyle(new W.SpacingBetweenLines { After = "0", Line = "240", LineRule = W.LineSpacingRuleValues.Auto }))));
        var fonts = main.AddNewPart<FontTablePart>();
        fonts.Fonts = new W.Fonts(
            Font(SongTitle, "华文中宋", W.FontFamilyValues.Roman), Font(FangSong, "仿宋", W.FontFamilyValues.Roman), Font(HeiTi, "SimHei", W.FontFamilyValues.Swiss),
            Font(KaiTi, "楷体", W.FontFamilyValues.Roman), Font(SongTi, "SimSun", W.FontFamilyValues.Roman));
        var footer = main.AddNewPart<FooterPart>();
        footer.Footer = new W.Footer(new W.Paragraph(
            new W.ParagraphProperties(new W.Justification { Val = W.JustificationValues.Center }),
            new W.Run(new W.RunProperties(Fonts(SongTi), new W.FontSize { Val = Size4 }), new W.Text("— ") { Space = SpaceProcessingModeValues.Preserve }),
            new W.SimpleField(new W.Run(new W.RunProperties(Fonts(SongTi), new W.FontSize { Val = Size4 }), new W.Text("1"))) { Instruction = " PAGE " },
            new W.Run(new W.RunProperties(Fonts(SongTi), new W.FontSize { Val = Size4 }), new W.Text(" —") { Space = SpaceProcessingModeValues.Preserve })));
        _body.Append(new W.SectionProperties(
            new W.FooterReference { Type = W.HeaderFooterValues.Default, Id = main.GetIdOfPart(footer) },
            new W.PageSize { Width = 16838, Height = 11906, Orient = W.PageOrientationValues.Landscape },
            new W.PageMargin { Top = 1417, Bottom = 1417, Left = 1588, Right = 1474, Header = 851, Footer = 851, Gutter = 0 }));
        main.Document = new W.Document(_body);
        main.Document.Save();
    }

    private static int Twips(double cm) => (int)Math.Round(cm / 2.54 * 1440);

    private static W.RunFonts Fonts(string eastAsia) => new() { Ascii = "Times New Roman", HighAnsi = "Times New Roman", EastAsia = eastAsia, ComplexScript = "Times New Roman" };

    private static W.Font Font(string name, string alternate, W.FontFamilyValues family) =>
        new(new W.AltName { Val = alternate }, new W.FontCharSet { Val = "86" }, new W.FontFamily { Val = family }) { Name = name };

    private static W.Paragraph Line(string text, string font, string size, W.JustificationValues justification, string? color = null, bool bold = false,
        bool indent = false, bool keepNext = false, int rightIndentChars = 0)
    {
        var properties = new W.ParagraphProperties();
        if (keepNext)
        {
            properties.Append(new W.KeepNext());
        }
        properties.Append(new W.SpacingBetweenLines { Before = "0", After = "0" });
        if (indent || rightIndentChars > 0)
        {
            // A character of 3号 is 16 pt = 320 twips.
            properties.Append(new W.Indentation { FirstLine = indent ? "640" : null, Right = rightIndentChars > 0 ? (rightIndentChars * 320).ToString(CultureInfo.InvariantCulture) : null });
        }
        properties.Append(new W.Justification { Val = justification });
        var run = new W.RunProperties(Fonts(font));
        if (bold)
        {
            run.Append(new W.Bold());
        }
        if (color is not null)
        {
            run.Append(new W.Color { Val = color });
        }
        run.Append(new W.FontSize { Val = size }, new W.FontSizeComplexScript { Val = size });
        return new W.Paragraph(properties, new W.Run(run, new W.Text(text) { Space = SpaceProcessingModeValues.Preserve }));
    }

    private static W.TableCell TableCell(string text, int width, W.JustificationValues justification, string? fill, bool bold)
    {
        var properties = new W.TableCellProperties(new W.TableCellWidth { Width = width.ToString(CultureInfo.InvariantCulture), Type = W.TableWidthUnitValues.Dxa });
        if (fill is not null)
        {
            properties.Append(new W.Shading { Val = W.ShadingPatternValues.Clear, Color = "auto", Fill = fill });
        }
        properties.Append(new W.TableCellVerticalAlignment { Val = W.TableVerticalAlignmentValues.Center });
        var run = new W.RunProperties(Fonts(bold ? HeiTi : FangSong));
        run.Append(new W.FontSize { Val = SizeTable }, new W.FontSizeComplexScript { Val = SizeTable });
        return new W.TableCell(properties, new W.Paragraph(
            new W.ParagraphProperties(new W.SpacingBetweenLines { Before = "0", After = "0" }, new W.Justification { Val = justification }),
            new W.Run(run, new W.Text(text) { Space = SpaceProcessingModeValues.Preserve })));
    }
}
