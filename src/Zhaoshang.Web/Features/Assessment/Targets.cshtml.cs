using System.Globalization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.Extensions.Localization;
using Zhaoshang.Web.Shared;

namespace Zhaoshang.Web.Features.Assessment;

/// <summary>
/// The year's decomposition tables as a grid: the leading-group office edits any target or stated total and saves the
/// year as one version, imports an .xlsx in seed 002's layout (result: units, indicators, mismatches, errors) or
/// exports one. A save over someone else's lists both values of every cell that differs; saving again keeps one's own.
/// </summary>
public sealed class TargetsModel(TargetService targets, IConfiguration config, TimeProvider time, IStringLocalizer<SharedResource> L) : PageModel
{
    [BindProperty(SupportsGet = true)] public int Year { get; set; }

    public TargetYearView View { get; private set; } = null!;
    public IReadOnlyList<int> Years { get; private set; } = [];
    public TargetImportReport? Report { get; private set; }
    public string? Saved { get; private set; }
    public string? Error { get; private set; }

    /// <summary>After a conflict: the cells where the saved tables differ from the user's (table, unit, indicator, theirs, yours).</summary>
    public IReadOnlyList<(string Table, string Unit, string Indicator, decimal? Theirs, decimal? Yours)> Conflicts { get; private set; } = [];

    /// <summary>What the user typed, kept in the grid after a refusal ("t|sheet|code" and "v|sheet|org|code" keys).</summary>
    public IReadOnlyDictionary<string, string> Posted { get; private set; } = new Dictionary<string, string>();

    public bool CanEdit => User.IsInRole(Accounts.Roles.Assessor);

    public async Task OnGetAsync(CancellationToken ct)
    {
        if (Year == 0)
        {
            Years = await targets.YearsAsync(ct);
            Year = Years.Count > 0 ? Years[0] : time.Today().Year;
        }
        await LoadAsync(ct);
    }

    public async Task<IActionResult> OnPostSaveAsync(long version, CancellationToken ct)
    {
        var current = await targets.GetAsync(Year, ct);
        Posted = Request.Form.Keys.Where(k => k.StartsWith("v|", StringComparison.Ordinal) || k.StartsWith("t|", StringComparison.Ordinal))
            .ToDictionary(k => k, k => Request.Form[k].ToString().Trim());
        var errors = new List<string>();
        var sheets = Apply(current, errors);
        if (errors.Count > 0)
        {
            Error = string.Join(" ", errors);
            View = current with { Version = version };
            Years = await targets.YearsAsync(ct);
            return Page();
        }
        try
        {
            Report = await targets.PutAsync(Year, version, sheets, ct);
            if (Report.Ok)
            {
                Saved = L["已保存 {0}年目标任务。", Year];
                Posted = new Dictionary<string, string>();
            }
            await LoadAsync(ct);
        }
        catch (ConflictException)
        {
            View = await targets.GetAsync(Year, ct); // the grid keeps the user's values over the new version: saving again keeps them
            Years = await targets.YearsAsync(ct);
            Conflicts = Differences(sheets, View);
            Error = L["该年度的目标任务已被他人修改。下表列出双方不同的单元格：再次保存将以您的数值为准；放弃则重新载入最新内容。"];
        }
        return Page();
    }

    public async Task<IActionResult> OnPostImportAsync(IFormFile? file, CancellationToken ct)
    {
        if (file is null || file.Length == 0)
        {
            Report = new TargetImportReport(0, 0, [], [], [new SheetError("—", null, null, "请选择要导入的 .xlsx 文件。")]);
        }
        else
        {
            await using var stream = file.OpenReadStream();
            Report = await targets.ImportAsync(Year, stream, ImportEndpoints.MaxRows(config), ct);
        }
        await LoadAsync(ct);
        return Page();
    }

    private async Task LoadAsync(CancellationToken ct)
    {
        View = await targets.GetAsync(Year, ct);
        if (Years.Count == 0)
        {
            Years = await targets.YearsAsync(ct);
        }
    }

    /// <summary>The value a cell shows: what the user typed if the page is shown again after a refusal, else the stored one.</summary>
    public string Cell(string key, decimal? stored) => Posted.TryGetValue(key, out var typed) ? typed : stored?.ToString("0.####", CultureInfo.InvariantCulture) ?? "";

    private List<TargetSheetView> Apply(TargetYearView current, List<string> errors)
    {
        decimal? Parse(string key, string table, string what)
        {
            var text = (Posted.GetValueOrDefault(key) ?? "").Replace(",", "", StringComparison.Ordinal).TrimEnd('%');
            if (text is "" or "-" or "—" or "_")
            {
                return null;
            }
            if (decimal.TryParse(text, NumberStyles.Number, CultureInfo.InvariantCulture, out var value) && value >= 0)
            {
                return value;
            }
            errors.Add(L["“{0}”{1}：“{2}”不是有效的数值。", table, what, Posted[key]]);
            return null;
        }
        return current.Sheets.Select((sheet, s) =>
        {
            var codes = sheet.Columns.Where(c => c.Indicator is not null).Select(c => c.Indicator!).ToList();
            string Header(string code) => sheet.Columns.First(c => c.Indicator == code).Header;
            var totals = codes.ToDictionary(code => code, code => Posted.ContainsKey($"t|{s}|{code}") ? Parse($"t|{s}|{code}", sheet.Title, $"{sheet.TotalLabel}·{Header(code)}") : sheet.StatedTotals.GetValueOrDefault(code));
            var rows = sheet.Rows.Select(row => row with
            {
                Values = row.Values.ToDictionary(kv => kv.Key, kv => Posted.ContainsKey($"v|{s}|{row.OrgId}|{kv.Key}")
                    ? Parse($"v|{s}|{row.OrgId}|{kv.Key}", sheet.Title, $"{row.OrgName}·{Header(kv.Key)}") : kv.Value),
            }).ToList();
            return sheet with { Rows = rows, StatedTotals = totals };
        }).ToList();
    }

    private static List<(string, string, string, decimal?, decimal?)> Differences(List<TargetSheetView> mine, TargetYearView theirs)
    {
        var result = new List<(string, string, string, decimal?, decimal?)>();
        foreach (var sheet in mine)
        {
            var other = theirs.Sheets.FirstOrDefault(x => x.Title == sheet.Title);
            foreach (var row in sheet.Rows)
            {
                var otherRow = other?.Rows.FirstOrDefault(r => r.OrgId == row.OrgId);
                foreach (var (code, value) in row.Values)
                {
                    var theirValue = otherRow?.Values.GetValueOrDefault(code);
                    if (theirValue != value)
                    {
                        result.Add((sheet.Title, row.OrgName, sheet.Columns.First(c => c.Indicator == code).Header, theirValue, value));
                    }
                }
            }
            foreach (var (code, value) in sheet.StatedTotals)
            {
                var theirValue = other?.StatedTotals.GetValueOrDefault(code);
                if (theirValue != value)
                {
                    result.Add((sheet.Title, sheet.TotalLabel, sheet.Columns.First(c => c.Indicator == code).Header, theirValue, value));
                }
            }
        }
        return result;
    }
}
