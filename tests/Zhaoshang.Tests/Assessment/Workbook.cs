using System.Globalization;
using DocumentFormat.OpenXml;
using DocumentFormat.OpenXml.Packaging;
using X = DocumentFormat.OpenXml.Spreadsheet;

namespace Zhaoshang.Tests.Assessment;

/// <summary>
/// Types tables into a real .xlsx the way a person does in Excel: numbers as numbers, "23%" as a percentage-formatted
/// number, other text as text, merged ranges where the printed table merges cells. Independent of the app's writer.
/// </summary>
public static class Workbook
{
    public sealed record Sheet(string Name, string?[][] Rows, params string[] Merges);

    public static byte[] Build(params Sheet[] sheets)
    {
        using var stream = new MemoryStream();
        using (var document = SpreadsheetDocument.Create(stream, SpreadsheetDocumentType.Workbook))
        {
            var workbook = document.AddWorkbookPart();
            workbook.Workbook = new X.Workbook();
            workbook.AddNewPart<WorkbookStylesPart>().Stylesheet = new X.Stylesheet(
                new X.Fonts(new X.Font()),
                new X.Fills(new X.Fill(new X.PatternFill { PatternType = X.PatternValues.None }), new X.Fill(new X.PatternFill { PatternType = X.PatternValues.Gray125 })),
                new X.Borders(new X.Border()),
                new X.CellFormats(new X.CellFormat(), new X.CellFormat { NumberFormatId = 9, ApplyNumberFormat = true }));
            var list = workbook.Workbook.AppendChild(new X.Sheets());
            uint id = 1;
            foreach (var sheet in sheets)
            {
                var part = workbook.AddNewPart<WorksheetPart>();
                var data = new X.SheetData();
                for (var r = 0; r < sheet.Rows.Length; r++)
                {
                    var row = new X.Row { RowIndex = (uint)(r + 1) };
                    for (var c = 0; c < sheet.Rows[r].Length; c++)
                    {
                        if (sheet.Rows[r][c] is { } text)
                        {
                            row.Append(Cell($"{(char)('A' + c)}{r + 1}", text));
                        }
                    }
                    data.Append(row);
                }
                part.Worksheet = new X.Worksheet(data);
                if (sheet.Merges.Length > 0)
                {
                    part.Worksheet.Append(new X.MergeCells(sheet.Merges.Select(m => new X.MergeCell { Reference = m })));
                }
                list.Append(new X.Sheet { Id = workbook.GetIdOfPart(part), SheetId = id++, Name = sheet.Name });
            }
            workbook.Workbook.Save();
        }
        return stream.ToArray();
    }

    private static X.Cell Cell(string reference, string text)
    {
        if (text.EndsWith('%') && decimal.TryParse(text[..^1], NumberStyles.Number, CultureInfo.InvariantCulture, out var percent))
        {
            return new X.Cell { CellReference = reference, DataType = X.CellValues.Number, StyleIndex = 1, CellValue = new X.CellValue((percent / 100).ToString(CultureInfo.InvariantCulture)) };
        }
        if (decimal.TryParse(text, NumberStyles.Number, CultureInfo.InvariantCulture, out var number))
        {
            return new X.Cell { CellReference = reference, DataType = X.CellValues.Number, CellValue = new X.CellValue(number.ToString(CultureInfo.InvariantCulture)) };
        }
        return new X.Cell { CellReference = reference, DataType = X.CellValues.InlineString, InlineString = new X.InlineString(new X.Text(text)) };
    }
}
