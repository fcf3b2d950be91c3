using Microsoft.Extensions.Localization;
namespace Zhaoshang.Web.Shared;

/// <summary>The outcome of an all-or-nothing import: when there is any error, nothing was written.</summary>
public sealed record ImportReport(int Rows, int Created, int Updated, int Unchanged, IReadOnlyList<SheetError> Warnings, IReadOnlyList<SheetError> Errors)
{
    public bool Ok => Errors.Count == 0;
    public int Accepted => Ok ? Created + Updated + Unchanged : 0;

    public static ImportReport Failed(int rows, IReadOnlyList<SheetError> warnings, IReadOnlyList<SheetError> errors) => new(rows, 0, 0, 0, warnings, errors);

    /// <summary>The same report with its messages in the reader's language.</summary>
    public ImportReport In(IStringLocalizer localizer) => this with { Warnings = [.. Warnings.Select(w => w.In(localizer))], Errors = [.. Errors.Select(e => e.In(localizer))] };
}

/// <summary>
/// One sheet of an import, read by its Chinese column headers (order free, required ones checked, unknown ones
/// reported so that a renamed column is not silently ignored), with per-cell errors located by row and column.
/// </summary>
public sealed class ImportSheet
{
    private readonly Sheet _sheet;
    private readonly Dictionary<string, int> _columns = [];

    public List<SheetError> Errors { get; } = [];
    public List<SheetError> Warnings { get; } = [];
    public string Name => _sheet.Name;
    public int RowCount => _sheet.Rows.Count;

    private ImportSheet(Sheet sheet) => _sheet = sheet;

    /// <summary>
    /// Opens the named sheet of an upload, or answers the report that refuses it (not a workbook, the sheet or a required
    /// column missing …), the reason named against the sheet.
    /// </summary>
    public static ImportSheet? TryOpen(Stream input, string sheetName, IReadOnlyList<string> required, IReadOnlyList<string> optional, int maxRows,
        out ImportReport refused)
    {
        try
        {
            refused = ImportReport.Failed(0, [], []);
            return Open(input, sheetName, required, optional, maxRows);
        }
        catch (XlsxException e)
        {
            refused = ImportReport.Failed(0, [], [new SheetError(sheetName, null, null, e.Phrase)]);
            return null;
        }
    }

    /// <summary>Opens the named sheet and checks its header row; throws <see cref="XlsxException"/> with the reason.</summary>
    public static ImportSheet Open(Stream input, string sheetName, IReadOnlyList<string> required, IReadOnlyList<string> optional, int maxRows)
    {
        var sheets = Xlsx.Read(input, maxRows);
        var sheet = sheets.FirstOrDefault(s => s.Name == sheetName) ?? (sheets.Count == 1 ? sheets[0] : null)
            ?? throw new XlsxException("工作簿中没有名为“{0}”的工作表：请使用下载的模板。", sheetName);
        if (sheet.Rows.Count == 0)
        {
            throw new XlsxException("工作表“{0}”是空的：第 1 行应为表头。", sheet.Name);
        }
        var result = new ImportSheet(sheet);
        var header = sheet.Rows[0];
        var unknown = new List<string>();
        for (var i = 0; i < header.Length; i++)
        {
            if (header[i] is not { } h)
            {
                continue;
            }
            var name = ChineseText.ToHalfWidth(h).Replace(" ", "", StringComparison.Ordinal).Replace("*", "", StringComparison.Ordinal)
                .Replace("(", "（", StringComparison.Ordinal).Replace(")", "）", StringComparison.Ordinal);
            if (required.Contains(name) || optional.Contains(name))
            {
                if (!result._columns.TryAdd(name, i))
                {
                    throw new XlsxException("工作表“{0}”的列“{1}”出现了两次。", sheet.Name, name);
                }
            }
            else
            {
                unknown.Add(h);
            }
        }
        var missing = required.Where(r => !result._columns.ContainsKey(r)).ToList();
        if (missing.Count > 0)
        {
            throw unknown.Count > 0
                ? new XlsxException("工作表“{0}”缺少必填列：{1}（无法识别的列：{2}，是否改了列名？）。请使用下载的模板。", sheet.Name, string.Join("、", missing), string.Join("、", unknown))
                : new XlsxException("工作表“{0}”缺少必填列：{1}。请使用下载的模板。", sheet.Name, string.Join("、", missing));
        }
        if (unknown.Count > 0)
        {
            result.Warnings.Add(new SheetError(sheet.Name, 1, null, "无法识别的列已忽略：{0}。", string.Join("、", unknown)));
        }
        if (!result.DataRows().Any())
        {
            throw new XlsxException("工作表“{0}”只有表头，没有数据行：请从第 2 行起填写后再导入。", sheet.Name);
        }
        return result;
    }

    public bool Has(string column) => _columns.ContainsKey(column);

    /// <summary>The data rows with their Excel row numbers (2 onwards), skipping empty rows.</summary>
    public IEnumerable<(int Line, int Index)> DataRows()
    {
        for (var r = 1; r < _sheet.Rows.Count; r++)
        {
            if (!_sheet.Rows[r].All(string.IsNullOrWhiteSpace))
            {
                yield return (r + 1, r);
            }
        }
    }

    public string? Text(int row, string column)
    {
        if (!_columns.TryGetValue(column, out var c) || c >= _sheet.Rows[row].Length)
        {
            return null;
        }
        var text = _sheet.Rows[row][c]?.Trim();
        if (string.IsNullOrEmpty(text))
        {
            return null;
        }
        // A line break typed in a cell (Alt+Enter) is layout, not content; other control and direction characters are refused.
        text = string.Join(' ', text.Split(['\r', '\n', '\t'], StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries));
        if (TextGuard.Forbidden(text, singleLine: true) is { } bad && _flagged.Add((row, column)))
        {
            Error(row + 1, column, "含有不可见的控制字符或文字方向控制符（{0}），请删除后再导入。", TextGuard.Describe(bad));
        }
        return text;
    }

    private readonly HashSet<(int, string)> _flagged = [];

    public bool IsNumber(int row, string column) => _columns.TryGetValue(column, out var c) && _sheet.IsNumber(row, c);

    /// <summary>A cell's error: the message is a template (the resource key) with its values.</summary>
    public void Error(int line, string? column, string template, params object?[] args) => Errors.Add(new SheetError(Name, line, column, template, args));

    public void Error(int line, string? column, Phrase problem) => Errors.Add(new SheetError(Name, line, column, problem));

    public void Warn(int line, string? column, string template, params object?[] args) => Warnings.Add(new SheetError(Name, line, column, template, args));

    /// <summary>An amount in yuan; a bare number is in <paramref name="unit"/> (the header says 万元).</summary>
    public long? Amount(int line, int row, string column, long unit, bool required = false)
    {
        var text = Text(row, column);
        if (text is null)
        {
            if (required)
            {
                Error(line, column, "必填。");
            }
            return null;
        }
        if (ChineseText.TryParseAmount(text, unit, out var yuan) is { } reason)
        {
            Error(line, column, reason);
            return null;
        }
        if (yuan < 0)
        {
            Error(line, column, "金额不能为负数。");
            return null;
        }
        return yuan;
    }

    public DateOnly? Date(int line, int row, string column)
    {
        var text = Text(row, column);
        if (text is null)
        {
            return null;
        }
        if (ChineseText.TryParseDate(text, out var date) is { } reason)
        {
            Error(line, column, reason);
            return null;
        }
        return date;
    }

    public decimal? Number(int line, int row, string column)
    {
        var text = Text(row, column);
        if (text is null)
        {
            return null;
        }
        var s = ChineseText.ToHalfWidth(text).Replace(",", "", StringComparison.Ordinal);
        if (!decimal.TryParse(s, System.Globalization.NumberStyles.Number, System.Globalization.CultureInfo.InvariantCulture, out var value) || value < 0)
        {
            Error(line, column, "“{0}”不是有效的非负数。", text);
            return null;
        }
        return value;
    }

    /// <summary>是/否 (also Y/N, 1/0, TRUE/FALSE); empty is no.</summary>
    public bool Flag(int line, int row, string column)
    {
        var text = Text(row, column);
        switch (text is null ? "" : ChineseText.ToHalfWidth(text).ToUpperInvariant())
        {
            case "" or "否" or "N" or "0" or "FALSE":
                return false;
            case "是" or "Y" or "1" or "TRUE" or "√":
                return true;
            default:
                Error(line, column, "“{0}”无效，只能填“是”或“否”。", text);
                return false;
        }
    }
}

/// <summary>The two endpoints every import has: its template and the upload (multipart "file") → the report.</summary>
public static class ImportEndpoints
{
    public const int DefaultMaxRows = 50_000;

    /// <summary>The row cap of one import file: <c>Ledger:ImportMaxRows</c>, 50,000 by default.</summary>
    public static int MaxRows(IConfiguration config) => config.GetValue("Ledger:ImportMaxRows", DefaultMaxRows);

    /// <summary>GET /api/imports/{kind}/template, and POST /api/imports/{kind} → 200 with the report, or 422 when nothing was written.</summary>
    public static void MapImport<TService>(this IEndpointRouteBuilder app, string kind, string tag, string what, string templateName, Action<Stream> writeTemplate,
        Func<TService, Stream, int, CancellationToken, Task<ImportReport>> import) where TService : notnull
    {
        var group = app.MapGroup("/api/imports/" + kind).WithTags(tag);
        group.MapGet("/template", () =>
        {
            var stream = new MemoryStream();
            writeTemplate(stream);
            stream.Position = 0;
            return TypedResults.File(stream, Xlsx.ContentType, templateName);
        }).WithName($"get{tag}ImportTemplate").WithSummary($"{what}导入模板（.xlsx）").Downloads(Xlsx.ContentType);
        group.MapPost("/", async Task<Microsoft.AspNetCore.Http.HttpResults.Results<Microsoft.AspNetCore.Http.HttpResults.Ok<ImportReport>, Microsoft.AspNetCore.Http.HttpResults.UnprocessableEntity<ImportReport>>>
            (IFormFile file, HttpContext http, IConfiguration config, CancellationToken ct) =>
        {
            await using var stream = file.OpenReadStream();
            var report = (await import(http.RequestServices.GetRequiredService<TService>(), stream, MaxRows(config), ct))
                .In(http.RequestServices.GetRequiredService<IStringLocalizer<SharedResource>>());
            return report.Ok ? TypedResults.Ok(report) : TypedResults.UnprocessableEntity(report);
        }).DisableAntiforgery().WithName($"import{tag}").WithSummary($"导入{what}（.xlsx，全部成功或全部不写入；报告列出每个错误的工作表、行、列）");
    }
}
