using System.Globalization;
using System.IO.Compression;
using DocumentFormat.OpenXml;
using DocumentFormat.OpenXml.Packaging;
using DocumentFormat.OpenXml.Spreadsheet;
using ExcelDataReader;

namespace Zhaoshang.Web.Shared;

/// <summary>A problem in an uploaded workbook, located by sheet, row (1-based, as Excel shows it) and column.</summary>
public sealed record SheetError(string Sheet, int? Row, string? Column, string Message)
{
    public override string ToString() =>
        $"工作表“{Sheet}”" + (Row is null ? "" : $" 第 {Row} 行") + (Column is null ? "" : $" “{Column}”列") + $"：{Message}";
}

public sealed class XlsxException(string message) : DomainException(DomainErrorKind.Validation, message);

public sealed record Sheet(string Name, IReadOnlyList<string?[]> Rows)
{
    internal HashSet<(int Row, int Column)> NumberCells { get; init; } = [];

    /// <summary>Whether Excel stored the cell (0-based row and column) as a number rather than text.</summary>
    public bool IsNumber(int row, int column) => NumberCells.Contains((row, column));
}

/// <summary>
/// Reads .xlsx uploads defensively (the bytes, not the file name, decide; encrypted, truncated and zip-bomb files
/// are refused with a reason) and writes .xlsx with the streaming writer.
/// </summary>
public static class Xlsx
{
    public const string ContentType = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";
    private const long MaxUncompressedBytes = 256L * 1024 * 1024;
    private const int MaxCompressionRatio = 200;

    static Xlsx() => System.Text.Encoding.RegisterProvider(System.Text.CodePagesEncodingProvider.Instance);

    public static List<Sheet> Read(Stream input, int maxRows)
    {
        using var buffer = new MemoryStream();
        input.CopyTo(buffer);
        var bytes = buffer.ToArray();
        if (bytes.Length >= 8 && bytes[0] == 0xD0 && bytes[1] == 0xCF && bytes[2] == 0x11 && bytes[3] == 0xE0)
        {
            throw new XlsxException("文件已加密或是旧版 .xls 格式：请在 Excel 中取消密码保护，并另存为 .xlsx 后再导入。");
        }
        if (bytes.Length < 4 || bytes[0] != (byte)'P' || bytes[1] != (byte)'K' || bytes[2] != 3 || bytes[3] != 4)
        {
            throw new XlsxException("文件不是 .xlsx 工作簿（无论扩展名是什么）：请上传用 Excel 保存的 .xlsx 文件。");
        }
        CheckArchive(bytes);
        try
        {
            using var reader = ExcelReaderFactory.CreateOpenXmlReader(new MemoryStream(bytes));
            var sheets = new List<Sheet>();
            do
            {
                var rows = new List<string?[]>();
                var numbers = new HashSet<(int, int)>();
                while (reader.Read())
                {
                    if (rows.Count >= maxRows + 1)
                    {
                        throw new XlsxException($"工作表“{reader.Name}”超过 {maxRows:N0} 行的导入上限，请分批导入。");
                    }
                    var row = new string?[reader.FieldCount];
                    for (var i = 0; i < row.Length; i++)
                    {
                        var value = reader.GetValue(i);
                        if (value is double)
                        {
                            numbers.Add((rows.Count, i));
                        }
                        row[i] = Text(value);
                    }
                    rows.Add(row);
                }
                sheets.Add(new Sheet(reader.Name, rows) { NumberCells = numbers });
            } while (reader.NextResult());
            return sheets;
        }
        catch (XlsxException)
        {
            throw;
        }
        catch (Exception e) when (e is InvalidDataException or IOException or System.Xml.XmlException or ExcelDataReader.Exceptions.ExcelReaderException or InvalidOperationException or ArgumentException or NotSupportedException)
        {
            throw new XlsxException("工作簿已损坏或内容不完整，无法读取：请在 Excel 中打开并重新保存后再导入。");
        }
    }

    private static void CheckArchive(byte[] bytes)
    {
        try
        {
            using var zip = new ZipArchive(new MemoryStream(bytes), ZipArchiveMode.Read);
            long total = 0;
            foreach (var entry in zip.Entries)
            {
                total += entry.Length;
                if (entry.CompressedLength > 0 && entry.Length / entry.CompressedLength > MaxCompressionRatio && entry.Length > 1024 * 1024)
                {
                    throw new XlsxException("工作簿的压缩比异常（疑似压缩炸弹），已拒绝导入。");
                }
            }
            if (total > MaxUncompressedBytes)
            {
                throw new XlsxException($"工作簿解压后超过 {MaxUncompressedBytes / 1024 / 1024} MB，已拒绝导入。");
            }
            if (zip.GetEntry("EncryptedPackage") is not null)
            {
                throw new XlsxException("文件已加密：请在 Excel 中取消密码保护后再导入。");
            }
            if (zip.GetEntry("[Content_Types].xml") is null || !zip.Entries.Any(e => e.FullName.StartsWith("xl/", StringComparison.Ordinal)))
            {
                throw new XlsxException("压缩包不是 Excel 工作簿：请上传 .xlsx 文件。");
            }
        }
        catch (InvalidDataException)
        {
            throw new XlsxException("工作簿已截断或损坏，无法读取：请重新保存或重新下载后再导入。");
        }
    }

    private static string? Text(object? value) => value switch
    {
        null => null,
        string s => s.Trim().Length == 0 ? null : s.Trim(),
        double d => d.ToString("R", CultureInfo.InvariantCulture),
        DateTime dt => dt.ToString(dt.TimeOfDay == TimeSpan.Zero ? "yyyy-MM-dd" : "yyyy-MM-dd HH:mm:ss", CultureInfo.InvariantCulture),
        bool b => b ? "TRUE" : "FALSE",
        IFormattable f => f.ToString(null, CultureInfo.InvariantCulture),
        _ => value.ToString(),
    };

    /// <summary>Writes one sheet: a bold header row, then rows of strings, numbers or dates.</summary>
    public static void Write(Stream output, string sheetName, IReadOnlyList<string> headers, IEnumerable<object?[]> rows,
        IReadOnlyCollection<int>? textColumns = null)
    {
        using var writer = new XlsxWriter(output, sheetName, headers, textColumns);
        foreach (var row in rows)
        {
            writer.Row(row);
        }
    }

    /// <summary>Text that looks like a formula (=, +, -, @, or a leading tab/CR) is written with Excel's quote prefix,
    /// so it stays text even when a user edits the cell; the stored value itself is never altered.</summary>
    internal static Cell TextCell(string text)
    {
        var cell = new Cell { DataType = CellValues.InlineString, InlineString = new InlineString(new Text(text) { Space = SpaceProcessingModeValues.Preserve }) };
        if (text.Length > 0 && text[0] is '=' or '+' or '-' or '@' or '\t' or '\r')
        {
            cell.StyleIndex = 3;
        }
        return cell;
    }

    internal static void WriteRow(OpenXmlWriter writer, object?[] values, bool bold)
    {
        writer.WriteStartElement(new Row());
        foreach (var value in values)
        {
            Cell cell = value switch
            {
                null => new Cell(),
                int or long or double or decimal => new Cell { DataType = CellValues.Number, CellValue = new CellValue(Convert.ToString(value, CultureInfo.InvariantCulture)!) },
                DateOnly d => new Cell { StyleIndex = 2, CellValue = new CellValue(d.ToDateTime(TimeOnly.MinValue).ToOADate().ToString(CultureInfo.InvariantCulture)) },
                _ => TextCell(Convert.ToString(value, CultureInfo.InvariantCulture) ?? ""),
            };
            if (bold)
            {
                cell.StyleIndex = 1;
            }
            writer.WriteElement(cell);
        }
        writer.WriteEndElement();
    }
}

/// <summary>
/// One sheet written row by row with the streaming writer, so an export of 100,000 rows can be fed in chunks from the
/// database without holding them. Strings are inline text; formula-looking text gets Excel's quote prefix.
/// </summary>
public sealed class XlsxWriter : IDisposable
{
    private readonly SpreadsheetDocument _document;
    private readonly WorkbookPart _workbook;
    private readonly WorksheetPart _sheetPart;
    private readonly OpenXmlWriter _writer;
    private readonly string _sheetName;

    public XlsxWriter(Stream output, string sheetName, IReadOnlyList<string> headers, IReadOnlyCollection<int>? textColumns = null)
    {
        _sheetName = sheetName;
        _document = SpreadsheetDocument.Create(output, SpreadsheetDocumentType.Workbook);
        _workbook = _document.AddWorkbookPart();
        var styles = _workbook.AddNewPart<WorkbookStylesPart>();
        styles.Stylesheet = new Stylesheet(
            new Fonts(new Font(), new Font(new Bold())),
            new Fills(new Fill(new PatternFill { PatternType = PatternValues.None }), new Fill(new PatternFill { PatternType = PatternValues.Gray125 })),
            new Borders(new Border()),
            new CellFormats(new CellFormat(), new CellFormat { FontId = 1, ApplyFont = true }, new CellFormat { NumberFormatId = 14, ApplyNumberFormat = true },
                // 3: text that Excel must never evaluate (quote prefix); 4: a column typed as text (credit codes keep 18 digits).
                new CellFormat { QuotePrefix = true },
                new CellFormat { NumberFormatId = 49, ApplyNumberFormat = true }));
        _sheetPart = _workbook.AddNewPart<WorksheetPart>();
        _writer = OpenXmlWriter.Create(_sheetPart);
        _writer.WriteStartElement(new Worksheet());
        _writer.WriteStartElement(new Columns());
        for (var i = 0; i < headers.Count; i++)
        {
            _writer.WriteElement(new Column
            {
                Min = (uint)i + 1, Max = (uint)i + 1, Width = Math.Clamp(headers[i].Length * 2.2 + 4, 10, 40), CustomWidth = true,
                Style = textColumns?.Contains(i) == true ? 4u : null,
            });
        }
        _writer.WriteEndElement();
        _writer.WriteStartElement(new SheetData());
        Xlsx.WriteRow(_writer, headers.Cast<object?>().ToArray(), bold: true);
    }

    public void Row(object?[] values) => Xlsx.WriteRow(_writer, values, bold: false);

    public void Dispose()
    {
        _writer.WriteEndElement();
        _writer.WriteEndElement();
        _writer.Dispose();
        _workbook.Workbook = new Workbook(new Sheets(new DocumentFormat.OpenXml.Spreadsheet.Sheet
        {
            Id = _workbook.GetIdOfPart(_sheetPart),
            SheetId = 1,
            Name = _sheetName,
        }));
        _document.Dispose();
    }
}
