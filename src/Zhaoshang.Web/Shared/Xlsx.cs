using System.Globalization;
using System.IO.Compression;
using System.Security;
using System.Text;
using System.Text.Json.Serialization;
using System.Xml;
using ExcelDataReader;
using Microsoft.Extensions.Localization;

namespace Zhaoshang.Web.Shared;

/// <summary>
/// A problem in an uploaded workbook, located by sheet, row (1-based, as Excel shows it) and column (the header as
/// written in the file). <see cref="Message"/> is its text in Chinese; <see cref="In"/> gives it in the reader's language.
/// </summary>
public sealed record SheetError(string Sheet, int? Row, string? Column, [property: JsonIgnore] Phrase Text)
{
    public SheetError(string sheet, int? row, string? column, string template, params object?[] args) : this(sheet, row, column, new Phrase(template, args))
    {
    }

    public string Message { get; init; } = Text.ToString();

    /// <summary>The same error with its message in the reader's language.</summary>
    public SheetError In(IStringLocalizer localizer) => this with { Message = Text.Localize(localizer) };

    /// <summary>Where and what, in one line: 工作表“项目”第 3 行“责任单位”列：…</summary>
    public string Describe(IStringLocalizer localizer) => (Row, Column) switch
    {
        ({ } row, { } column) => localizer["工作表“{0}”第 {1} 行“{2}”列：{3}", Sheet, row, column, Text.Localize(localizer)],
        ({ } row, null) => localizer["工作表“{0}”第 {1} 行：{2}", Sheet, row, Text.Localize(localizer)],
        (null, { } column) => localizer["工作表“{0}”“{1}”列：{2}", Sheet, column, Text.Localize(localizer)],
        _ => localizer["工作表“{0}”：{1}", Sheet, Text.Localize(localizer)],
    };
}

/// <summary>A workbook that cannot be read as the import expects; the reason is a template with its values.</summary>
public sealed class XlsxException(string template, params object?[] args) : DomainException(DomainErrorKind.Validation, template, args);

public sealed record Sheet(string Name, IReadOnlyList<string?[]> Rows)
{
    internal HashSet<(int Row, int Column)> NumberCells { get; init; } = [];
    internal HashSet<(int Row, int Column)> PercentCells { get; init; } = [];

    /// <summary>Merged ranges, 0-based and inclusive; a merged range's value is in its first cell only.</summary>
    public IReadOnlyList<(int FromRow, int FromColumn, int ToRow, int ToColumn)> Merged { get; init; } = [];

    /// <summary>Whether a number cell is formatted as a percentage (Excel stores 23 % as 0.23).</summary>
    public bool IsPercent(int row, int column) => PercentCells.Contains((row, column));

    /// <summary>Whether Excel stored the cell (0-based row and column) as a number rather than text.</summary>
    public bool IsNumber(int row, int column) => NumberCells.Contains((row, column));
}

/// <summary>
/// Reads .xlsx uploads defensively (the bytes, not the file name, decide; encrypted, truncated and zip-bomb files
/// are refused with a reason) and writes .xlsx with the streaming writer.
/// </summary>
public static class Xlsx
{
    /// <summary>A column's letters as Excel names it: 0 → A, 25 → Z, 26 → AA.</summary>
    public static string ColumnName(int column)
    {
        var name = "";
        for (var c = column + 1; c > 0; c = (c - 1) / 26)
        {
            name = (char)('A' + (c - 1) % 26) + name;
        }
        return name;
    }

    public const string ContentType = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";
    private const long MaxUncompressedBytes = 256L * 1024 * 1024;
    private const int MaxCompressionRatio = 200;

    /// <summary>A workbook of a few sheets has a few dozen parts; thousands are a zip made to exhaust the reader.</summary>
    public const int MaxEntries = 1000;

    /// <summary>
    /// Columns read per row unless the caller says fewer: every import template is far narrower. A cell far to the right
    /// (column XFD) would otherwise size every row of the sheet: 10,000 such rows took 1.2 GB.
    /// </summary>
    public const int DefaultMaxColumns = 256;

    static Xlsx() => System.Text.Encoding.RegisterProvider(System.Text.CodePagesEncodingProvider.Instance);

    public static List<Sheet> Read(Stream input, int maxRows, int maxColumns = DefaultMaxColumns)
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
                var percents = new HashSet<(int, int)>();
                while (reader.Read())
                {
                    if (rows.Count >= maxRows + 1)
                    {
                        throw new XlsxException("工作表“{0}”超过 {1:N0} 行的导入上限，请分批导入。", reader.Name, maxRows);
                    }
                    // Only the columns a template can have, and only up to the row's last value.
                    var width = Math.Min(reader.FieldCount, maxColumns);
                    var last = -1;
                    var values = new string?[width];
                    for (var i = 0; i < width; i++)
                    {
                        var value = reader.GetValue(i);
                        if (value is double)
                        {
                            numbers.Add((rows.Count, i));
                            if (reader.GetNumberFormatString(i)?.Contains('%', StringComparison.Ordinal) == true)
                            {
                                percents.Add((rows.Count, i));
                            }
                        }
                        values[i] = Text(value);
                        if (values[i] is not null)
                        {
                            last = i;
                        }
                    }
                    rows.Add(last + 1 == width ? values : values[..(last + 1)]);
                }
                var merged = (reader.MergeCells ?? []).Select(m => (m.FromRow, m.FromColumn, m.ToRow, m.ToColumn)).ToList();
                sheets.Add(new Sheet(reader.Name, rows) { NumberCells = numbers, PercentCells = percents, Merged = merged });
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
            if (zip.Entries.Count > MaxEntries)
            {
                throw new XlsxException("工作簿包含 {0:N0} 个部件（正常的工作簿不超过 {1:N0} 个），已拒绝导入。", zip.Entries.Count, MaxEntries);
            }
            // Macro-enabled content (.xlsm, .xlsb with a VBA project) is refused whatever the file is called.
            if (zip.Entries.Any(e => e.FullName.EndsWith("vbaProject.bin", StringComparison.OrdinalIgnoreCase))
                || (zip.GetEntry("[Content_Types].xml") is { } types && ReadSmall(types).Contains("macroEnabled", StringComparison.OrdinalIgnoreCase)))
            {
                throw new XlsxException("工作簿含有宏（.xlsm 等启用宏的格式），已拒绝导入：请另存为普通的 .xlsx 工作簿后再导入。");
            }
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
                throw new XlsxException("工作簿解压后超过 {0} MB，已拒绝导入。", MaxUncompressedBytes / 1024 / 1024);
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

    /// <summary>A small part's text (the content types: a few kB), read up to 1 MB.</summary>
    private static string ReadSmall(ZipArchiveEntry entry)
    {
        using var stream = entry.Open();
        var buffer = new byte[Math.Min(entry.Length, 1024 * 1024)];
        var read = 0;
        while (read < buffer.Length && stream.Read(buffer, read, buffer.Length - read) is var n and > 0)
        {
            read += n;
        }
        return Encoding.UTF8.GetString(buffer, 0, read);
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
        IReadOnlyCollection<int>? textColumns = null, XlsxNotes? notes = null)
    {
        using var writer = new XlsxWriter(output, sheetName, headers, textColumns, notes);
        foreach (var row in rows)
        {
            writer.Row(row);
        }
    }
}

/// <summary>
/// A second sheet after the data (a template's instructions and example row): an importer reads only the data sheet by
/// its name, so an example here can never be imported by mistake.
/// </summary>
public sealed record XlsxNotes(string SheetName, IReadOnlyList<object?[]> Rows);

/// <summary>
/// One sheet written row by row straight into the zip (SpreadsheetML by hand, deflated as it goes), so an export of
/// 100,000 rows is fed in chunks from the database and memory stays flat. Strings are inline text; text that looks
/// like a formula gets Excel's quote prefix, so it stays text even when a user edits the cell.
/// </summary>
public sealed class XlsxWriter : IDisposable
{
    private const string Main = "http://schemas.openxmlformats.org/spreadsheetml/2006/main";
    private const string Relationships = "http://schemas.openxmlformats.org/officeDocument/2006/relationships";
    private const string PackageRelationships = "http://schemas.openxmlformats.org/package/2006/relationships";

    // Cell styles (cellXfs): 0 plain, 1 bold header, 2 date, 3 quote prefix, 4 text column.
    private const string Styles = $"""
        <?xml version="1.0" encoding="UTF-8" standalone="yes"?>
        <styleSheet xmlns="{Main}"><fonts count="2"><font/><font><b/></font></fonts>
        <fills count="2"><fill><patternFill patternType="none"/></fill><fill><patternFill patternType="gray125"/></fill></fills>
        <borders count="1"><border/></borders><cellStyleXfs count="1"><xf/></cellStyleXfs>
        <cellXfs count="5"><xf/><xf fontId="1" applyFont="1"/><xf numFmtId="14" applyNumberFormat="1"/><xf quotePrefix="1"/><xf numFmtId="49" applyNumberFormat="1"/></cellXfs>
        </styleSheet>
        """;

    private readonly ZipArchive _zip;
    private readonly XlsxNotes? _notes;
    private Stream _sheet;
    private XmlWriter _xml;
    private int _row;

    public XlsxWriter(Stream output, string sheetName, IReadOnlyList<string> headers, IReadOnlyCollection<int>? textColumns = null,
        XlsxNotes? notes = null)
    {
        _zip = new ZipArchive(output, ZipArchiveMode.Create, leaveOpen: true);
        _notes = notes;
        var sheet2Type = notes is null ? "" : """<Override PartName="/xl/worksheets/sheet2.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/>""";
        var sheet2Rel = notes is null ? "" : $"""<Relationship Id="rId3" Type="{Relationships}/worksheet" Target="worksheets/sheet2.xml"/>""";
        var sheet2 = notes is null ? "" : $"""<sheet name="{SecurityElement.Escape(Clean(notes.SheetName))}" sheetId="2" r:id="rId3"/>""";
        Entry("[Content_Types].xml", $"""
            <?xml version="1.0" encoding="UTF-8" standalone="yes"?>
            <Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">
            <Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/>
            <Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/>
            <Override PartName="/xl/worksheets/sheet1.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/>{sheet2Type}
            <Override PartName="/xl/styles.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.styles+xml"/>
            </Types>
            """);
        Entry("_rels/.rels", $"""
            <?xml version="1.0" encoding="UTF-8" standalone="yes"?>
            <Relationships xmlns="{PackageRelationships}"><Relationship Id="rId1" Type="{Relationships}/officeDocument" Target="xl/workbook.xml"/></Relationships>
            """);
        Entry("xl/_rels/workbook.xml.rels", $"""
            <?xml version="1.0" encoding="UTF-8" standalone="yes"?>
            <Relationships xmlns="{PackageRelationships}"><Relationship Id="rId1" Type="{Relationships}/worksheet" Target="worksheets/sheet1.xml"/><Relationship Id="rId2" Type="{Relationships}/styles" Target="styles.xml"/>{sheet2Rel}</Relationships>
            """);
        Entry("xl/workbook.xml", $"""
            <?xml version="1.0" encoding="UTF-8" standalone="yes"?>
            <workbook xmlns="{Main}" xmlns:r="{Relationships}"><sheets><sheet name="{SecurityElement.Escape(Clean(sheetName))}" sheetId="1" r:id="rId1"/>{sheet2}</sheets></workbook>
            """);
        Entry("xl/styles.xml", Styles);

        (_sheet, _xml) = StartSheet("xl/worksheets/sheet1.xml");
        _xml.WriteStartElement("cols", Main);
        for (var i = 0; i < headers.Count; i++)
        {
            _xml.WriteStartElement("col", Main);
            _xml.WriteAttributeString("min", (i + 1).ToString(CultureInfo.InvariantCulture));
            _xml.WriteAttributeString("max", (i + 1).ToString(CultureInfo.InvariantCulture));
            _xml.WriteAttributeString("width", Math.Clamp(headers[i].Length * 2.2 + 4, 10, 40).ToString(CultureInfo.InvariantCulture));
            _xml.WriteAttributeString("customWidth", "1");
            if (textColumns?.Contains(i) == true)
            {
                _xml.WriteAttributeString("style", "4");
            }
            _xml.WriteEndElement();
        }
        _xml.WriteEndElement();
        _xml.WriteStartElement("sheetData", Main);
        Write(headers.Cast<object?>().ToArray(), bold: true);
    }

    public void Row(object?[] values) => Write(values, bold: false);

    private void Write(object?[] values, bool bold)
    {
        _xml.WriteStartElement("row", Main);
        _xml.WriteAttributeString("r", (++_row).ToString(CultureInfo.InvariantCulture));
        foreach (var value in values)
        {
            _xml.WriteStartElement("c", Main);
            switch (value)
            {
                case null:
                    break;
                case int or long or double or decimal:
                    Style(bold ? "1" : null);
                    _xml.WriteElementString("v", Main, Convert.ToString(value, CultureInfo.InvariantCulture));
                    break;
                case DateOnly d:
                    Style(bold ? "1" : "2");
                    _xml.WriteElementString("v", Main, d.ToDateTime(TimeOnly.MinValue).ToOADate().ToString(CultureInfo.InvariantCulture));
                    break;
                default:
                    var text = Clean(Convert.ToString(value, CultureInfo.InvariantCulture) ?? "");
                    _xml.WriteAttributeString("t", "inlineStr");
                    Style(bold ? "1" : text.Length > 0 && text[0] is '=' or '+' or '-' or '@' or '\t' or '\r' ? "3" : null);
                    _xml.WriteStartElement("is", Main);
                    _xml.WriteStartElement("t", Main);
                    _xml.WriteAttributeString("xml", "space", null, "preserve");
                    _xml.WriteString(text);
                    _xml.WriteEndElement();
                    _xml.WriteEndElement();
                    break;
            }
            _xml.WriteEndElement();
        }
        _xml.WriteEndElement();
    }

    private void Style(string? index)
    {
        if (index is not null)
        {
            _xml.WriteAttributeString("s", index);
        }
    }

    /// <summary>XML 1.0 cannot carry most control characters: they are dropped (tab, line feed and return stay).</summary>
    private static string Clean(string text) =>
        text.Any(c => c < ' ' && c is not ('\t' or '\n' or '\r') || c is '\uFFFE' or '\uFFFF')
            ? new string(text.Where(c => !(c < ' ' && c is not ('\t' or '\n' or '\r')) && c is not ('\uFFFE' or '\uFFFF')).ToArray())
            : text;

    private void Entry(string name, string content)
    {
        using var writer = new StreamWriter(_zip.CreateEntry(name, CompressionLevel.Fastest).Open(), new UTF8Encoding(false));
        writer.Write(content);
    }

    private (Stream, XmlWriter) StartSheet(string entry)
    {
        var stream = _zip.CreateEntry(entry, CompressionLevel.Fastest).Open();
        var xml = XmlWriter.Create(stream, new XmlWriterSettings { Encoding = new UTF8Encoding(false) });
        xml.WriteStartDocument(standalone: true);
        xml.WriteStartElement("worksheet", Main);
        return (stream, xml);
    }

    private void EndSheet()
    {
        _xml.WriteEndElement();
        _xml.WriteEndElement();
        _xml.WriteEndDocument();
        _xml.Dispose();
        _sheet.Dispose();
    }

    public void Dispose()
    {
        EndSheet();
        if (_notes is not null)
        {
            (_sheet, _xml) = StartSheet("xl/worksheets/sheet2.xml");
            _xml.WriteStartElement("cols", Main);
            _xml.WriteStartElement("col", Main);
            _xml.WriteAttributeString("min", "1");
            _xml.WriteAttributeString("max", "30");
            _xml.WriteAttributeString("width", "24");
            _xml.WriteAttributeString("customWidth", "1");
            _xml.WriteEndElement();
            _xml.WriteEndElement();
            _xml.WriteStartElement("sheetData", Main);
            _row = 0;
            foreach (var row in _notes.Rows)
            {
                Write(row, bold: _row == 0);
            }
            EndSheet();
        }
        _zip.Dispose();
    }
}
