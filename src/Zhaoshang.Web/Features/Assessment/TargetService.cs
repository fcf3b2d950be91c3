using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Zhaoshang.Web.Data;
using Zhaoshang.Web.Features.Accounts;
using Zhaoshang.Web.Shared;

namespace Zhaoshang.Web.Features.Assessment;

/// <summary>A stated total that is not what the rows add up to (for a ratio: the ratio of the rows' sums).</summary>
public sealed record TotalMismatch(string Table, string Indicator, string Name, decimal Sum, decimal StatedTotal, string? NameEn = null);

public sealed record TargetImportReport(int Units, int Indicators, IReadOnlyList<string> Tables, IReadOnlyList<TotalMismatch> Warnings,
    IReadOnlyList<SheetError> Errors)
{
    public bool Ok => Errors.Count == 0;

    /// <summary>The same report with its messages in the reader's language.</summary>
    public TargetImportReport In(Microsoft.Extensions.Localization.IStringLocalizer localizer) => this with { Errors = [.. Errors.Select(e => e.In(localizer))] };
}

public sealed record TargetRowView(Guid OrgId, string OrgName, int? Seq, IReadOnlyDictionary<string, decimal?> Values);

public sealed record TargetColumnView(string? Indicator, string Header, string? Unit);

public sealed record TargetSheetView(string Title, string TotalLabel, IReadOnlyList<TargetColumnView> Columns, IReadOnlyList<TargetRowView> Rows,
    IReadOnlyDictionary<string, decimal?> StatedTotals, IReadOnlyDictionary<string, string> Notes);

/// <summary>A year's decomposition as the caller may see it (their units' rows; every table's stated totals).</summary>
public sealed record TargetYearView(int Year, long Version, IReadOnlyList<TargetSheetView> Sheets, IReadOnlyList<TotalMismatch> Warnings);

/// <summary>
/// The yearly decomposition tables: imported from and exported to .xlsx in seed 002's layout, read and replaced
/// through the API. Rows that do not add up to the stated total are reported, never corrected: both are kept as written.
/// </summary>
public sealed class TargetService(AppDb db, CurrentUser currentUser, TimeProvider time)
{

    public async Task<IReadOnlyList<Indicator>> IndicatorsAsync(CancellationToken ct = default)
    {
        currentUser.Require(Roles.Staff);
        return await db.Indicators.AsNoTracking().Where(i => i.IsActive).OrderBy(i => i.SortOrder).ToListAsync(ct);
    }

    /// <summary>The years that have decomposition tables, latest first.</summary>
    public async Task<IReadOnlyList<int>> YearsAsync(CancellationToken ct = default)
    {
        currentUser.Require(Roles.Staff);
        return await db.TargetYears.AsNoTracking().OrderByDescending(y => y.Year).Select(y => y.Year).ToListAsync(ct);
    }

    private async Task<Dictionary<string, Indicator>> IndicatorMapAsync(CancellationToken ct) =>
        await db.Indicators.AsNoTracking().ToDictionaryAsync(i => i.Code, ct);

    public async Task<TargetYearView> GetAsync(int year, CancellationToken ct = default)
    {
        currentUser.Require(Roles.Staff);
        var indicators = await IndicatorMapAsync(ct);
        var version = await db.TargetYears.Where(y => y.Year == year).Select(y => (long?)y.Version).FirstOrDefaultAsync(ct) ?? 0;
        var sheets = await db.TargetSheets.AsNoTracking().Where(s => s.Year == year).OrderBy(s => s.Position).ToListAsync(ct);
        var targets = await db.Targets.AsNoTracking().Where(t => t.Year == year).ToListAsync(ct);
        var orgIds = targets.Select(t => t.OrgId).Distinct().ToList();
        var names = await db.Orgs.AsNoTracking().Where(o => orgIds.Contains(o.Id)).ToDictionaryAsync(o => o.Id, o => o.Name, ct);
        var views = new List<TargetSheetView>();
        var warnings = new List<TotalMismatch>();
        foreach (var sheet in sheets)
        {
            var rows = Rows(sheet, targets.Where(t => t.SheetId == sheet.Id), names);
            var table = Table(sheet, rows.Select(r => r.Row));
            views.Add(new TargetSheetView(table.Title, table.TotalLabel,
                table.Columns.Select(c => new TargetColumnView(c.Indicator, c.Header, c.Indicator is null ? null : indicators.GetValueOrDefault(c.Indicator)?.Unit)).ToList(),
                rows.Select(r => new TargetRowView(r.OrgId, r.Row.Unit, r.Row.Seq, r.Row.Values)).ToList(), table.StatedTotals, table.Notes));
            // Totals are checked over every row, also those outside the caller's scope: the stated total is the whole table's.
            if (currentUser.ScopeAll || await WholeTableVisibleAsync(sheet.Id, targets, ct))
            {
                warnings.AddRange(Mismatches(table, indicators));
            }
        }
        return new TargetYearView(year, version, views, warnings);
    }

    private async Task<bool> WholeTableVisibleAsync(Guid sheetId, List<Target> visible, CancellationToken ct)
    {
        using var _ = currentUser.AsSystem();
        var all = await db.Targets.CountAsync(t => t.SheetId == sheetId, ct);
        return all == visible.Count(t => t.SheetId == sheetId);
    }

    private static List<TableColumn> Columns(TargetSheet sheet) => JsonSerializer.Deserialize<List<TableColumn>>(sheet.ColumnsJson, AppJson.Options)!;

    /// <summary>A table's rows in the order it lists them, each unit's values in the order of its columns.</summary>
    private static List<(Guid OrgId, TableRow Row)> Rows(TargetSheet sheet, IEnumerable<Target> targets, IReadOnlyDictionary<Guid, string> names)
    {
        var codes = Columns(sheet).Select(c => c.Indicator).OfType<string>().ToList();
        return targets.GroupBy(t => t.OrgId).OrderBy(g => g.Min(t => t.Row)).ThenBy(g => names.GetValueOrDefault(g.Key, ""), StringComparer.Ordinal)
            .Select(g =>
            {
                var byCode = g.ToDictionary(t => t.IndicatorCode);
                var values = codes.Where(byCode.ContainsKey).ToDictionary(c => c, c => Numbers.Normal(byCode[c].Value));
                var seq = g.Min(t => t.Row);
                return (g.Key, new TableRow(0, seq == 0 ? null : seq, names.GetValueOrDefault(g.Key, ""), values));
            }).ToList();
    }

    private static TargetTable Table(TargetSheet sheet, IEnumerable<TableRow> rows) =>
        new(sheet.Title, sheet.Title, sheet.TotalLabel, Columns(sheet), rows.ToList(),
            JsonSerializer.Deserialize<Dictionary<string, decimal?>>(sheet.StatedTotalsJson, AppJson.Options)!,
            JsonSerializer.Deserialize<Dictionary<string, string>>(sheet.NotesJson, AppJson.Options)!);

    /// <summary>
    /// Each indicator whose rows do not add up to the stated total. A ratio is checked as a ratio: the sum of its
    /// numerator's column over the sum of its denominator's, rounded as the stated total is written (55 % against
    /// 900 / 1,650 = 54.5… % agrees).
    /// </summary>
    public static List<TotalMismatch> Mismatches(TargetTable table, IReadOnlyDictionary<string, Indicator> indicators)
    {
        var result = new List<TotalMismatch>();
        decimal Sum(string code) => table.Rows.Sum(r => r.Values.GetValueOrDefault(code) ?? 0);
        foreach (var column in table.Columns.Where(c => c.Indicator is not null))
        {
            var indicator = indicators[column.Indicator!];
            if (table.StatedTotals.GetValueOrDefault(indicator.Code) is not { } stated)
            {
                continue;
            }
            if (indicator.IsRatio)
            {
                var definition = indicator.Definition;
                if (definition.Numerator is not { } numerator || definition.Denominator is not { } denominator
                    || !table.Columns.Any(c => c.Indicator == numerator) || !table.Columns.Any(c => c.Indicator == denominator) || Sum(denominator) == 0)
                {
                    continue; // nothing in the table to check the ratio against
                }
                var ratio = Sum(numerator) / Sum(denominator) * 100;
                var decimals = Math.Min((int)stated.Scale, 10);
                if (Math.Round(ratio, decimals, MidpointRounding.AwayFromZero) != stated)
                {
                    result.Add(new TotalMismatch(table.Title, indicator.Code, indicator.Name, Math.Round(ratio, 2, MidpointRounding.AwayFromZero), stated, indicator.NameEn));
                }
                continue;
            }
            var sum = Sum(indicator.Code);
            if (sum != stated)
            {
                result.Add(new TotalMismatch(table.Title, indicator.Code, indicator.Name, sum, stated, indicator.NameEn));
            }
        }
        return result;
    }

    /// <summary>
    /// Imports the tables of a workbook into a year: all or nothing. A table replaces the year's table of the same
    /// title; the others are kept. Every unit must exist (by name) and be in the caller's scope.
    /// </summary>
    public async Task<TargetImportReport> ImportAsync(int year, Stream input, int maxRows, CancellationToken ct = default)
    {
        currentUser.Require(Roles.Assessor);
        CheckYear(year);
        var indicators = await IndicatorMapAsync(ct);
        var errors = new List<SheetError>();
        List<Sheet> sheets;
        try
        {
            sheets = Xlsx.Read(input, maxRows);
        }
        catch (XlsxException e)
        {
            return new TargetImportReport(0, 0, [], [], [new SheetError("", null, null, e.Phrase)]);
        }
        var tables = TargetTables.Read(sheets, indicators.Values.ToList(), errors);
        return await SaveAsync(year, tables, null, indicators, errors, ct);
    }

    /// <summary>Replaces the year's tables given, as the API sends them (the shape <see cref="GetAsync"/> returns).</summary>
    public async Task<TargetImportReport> PutAsync(int year, long version, IReadOnlyList<TargetSheetView> sheets, CancellationToken ct = default)
    {
        currentUser.Require(Roles.Assessor);
        CheckYear(year);
        var indicators = await IndicatorMapAsync(ct);
        var errors = new List<SheetError>();
        var names = await db.Orgs.AsNoTracking().ToDictionaryAsync(o => o.Id, o => o.Name, ct);
        var tables = new List<TargetTable>();
        foreach (var sheet in sheets)
        {
            foreach (var column in sheet.Columns.Where(c => c.Indicator is not null && !indicators.ContainsKey(c.Indicator)))
            {
                errors.Add(new SheetError(sheet.Title, null, column.Header, "“{0}”不是已定义的考核指标。", column.Indicator));
            }
            var rows = new List<TableRow>();
            foreach (var row in sheet.Rows)
            {
                if (!names.TryGetValue(row.OrgId, out var name))
                {
                    errors.Add(new SheetError(sheet.Title, null, "责任单位", "单位 {0} 不存在或不在您的数据范围内。", row.OrgId));
                    continue;
                }
                foreach (var (code, value) in row.Values)
                {
                    if (value is { } v && indicators.TryGetValue(code, out var indicator) && TargetTables.OutOfRange(v, indicator) is { } problem)
                    {
                        errors.Add(new SheetError(sheet.Title, null, name, problem));
                    }
                }
                rows.Add(new TableRow(0, row.Seq, name, row.Values));
            }
            foreach (var (code, value) in sheet.StatedTotals ?? new Dictionary<string, decimal?>())
            {
                if (value is { } v && indicators.TryGetValue(code, out var indicator) && TargetTables.OutOfRange(v, indicator) is { } problem)
                {
                    errors.Add(new SheetError(sheet.Title, null, sheet.TotalLabel ?? "合计", problem));
                }
            }
            tables.Add(FromView(sheet, rows));
        }
        return await SaveAsync(year, tables, version, indicators, errors, ct);
    }

    private static void CheckYear(int year)
    {
        if (year is < 2000 or > 2100)
        {
            throw DomainException.Invalid("year", "年份应在 2000–2100 之间。");
        }
    }

    private async Task<TargetImportReport> SaveAsync(int year, List<TargetTable> tables, long? expectedVersion, Dictionary<string, Indicator> indicators,
        List<SheetError> errors, CancellationToken ct)
    {
        // Units by name as the tables write them (spaces do not count), within the caller's scope.
        var orgs = await db.Orgs.AsNoTracking().Select(o => new { o.Id, o.Name, o.Path }).ToListAsync(ct);
        var byName = orgs.GroupBy(o => TargetTables.Key(o.Name)).ToDictionary(g => g.Key, g => g.ToList());
        // A table may qualify a unit's name ("贵安新区 (贵安综保区)" for 贵安新区): without its bracket, if that names one unit.
        string UnitKey(string unit) => TargetTables.Key(unit) is var key && !byName.ContainsKey(key)
            && ChineseText.WithoutQualifier(key) is { } plain && byName.ContainsKey(plain) ? plain : key;
        var placed = new Dictionary<(Guid, string), string>();
        foreach (var table in tables)
        {
            foreach (var row in table.Rows)
            {
                if (!byName.TryGetValue(UnitKey(row.Unit), out var found))
                {
                    errors.Add(new SheetError(table.Sheet, row.SheetRow == 0 ? null : row.SheetRow, "责任单位",
                        "未知的责任单位“{0}”：须与单位管理中的名称一致，且在您的数据范围内。", row.Unit));
                    continue;
                }
                if (found.Count > 1)
                {
                    errors.Add(new SheetError(table.Sheet, row.SheetRow == 0 ? null : row.SheetRow, "责任单位", "“{0}”对应多个单位，请在单位管理中区分名称。", row.Unit));
                    continue;
                }
                foreach (var code in row.Values.Keys)
                {
                    if (!placed.TryAdd((found[0].Id, code), table.Title))
                    {
                        errors.Add(new SheetError(table.Sheet, row.SheetRow == 0 ? null : row.SheetRow, "责任单位",
                            "“{0}”的指标“{1}”在表“{2}”中已有目标。", row.Unit, indicators[code].Name, placed[(found[0].Id, code)]));
                    }
                }
            }
        }
        foreach (var duplicate in tables.GroupBy(t => t.Title).Where(g => g.Count() > 1))
        {
            errors.Add(new SheetError(duplicate.First().Sheet, null, null, "表“{0}”出现了两次。", duplicate.Key));
        }
        // A unit's indicator already set in another of the year's tables (one not replaced by this import) is a real clash.
        var titlesIn = tables.Select(t => t.Title).ToList();
        var held = (await (from t in db.Targets.AsNoTracking()
                           join s in db.TargetSheets.AsNoTracking() on t.SheetId equals s.Id
                           where t.Year == year && !titlesIn.Contains(s.Title)
                           select new { t.OrgId, t.IndicatorCode, s.Title }).ToListAsync(ct))
            .ToDictionary(x => (x.OrgId, x.IndicatorCode), x => x.Title);
        foreach (var table in tables)
        {
            foreach (var row in table.Rows)
            {
                if (!byName.TryGetValue(UnitKey(row.Unit), out var found) || found.Count != 1)
                {
                    continue;
                }
                foreach (var code in row.Values.Keys.Where(code => held.ContainsKey((found[0].Id, code))))
                {
                    errors.Add(new SheetError(table.Sheet, row.SheetRow == 0 ? null : row.SheetRow, "责任单位",
                        "“{0}”的指标“{1}”在表“{2}”中已有目标。", row.Unit, indicators[code].Name, held[(found[0].Id, code)]));
                }
            }
        }
        var warnings = tables.Where(t => !t.Failed).SelectMany(t => Mismatches(t, indicators)).ToList();
        var units = tables.Sum(t => t.Rows.Count);
        var indicatorCount = tables.SelectMany(t => t.Columns).Select(c => c.Indicator).OfType<string>().Distinct().Count();
        var titles = tables.Select(t => t.Title).ToList();
        if (errors.Count > 0)
        {
            return new TargetImportReport(units, indicatorCount, titles, warnings, errors);
        }

        await using var transaction = await db.Database.BeginTransactionAsync(ct);
        var anchor = await db.TargetYears.FirstOrDefaultAsync(y => y.Year == year, ct);
        if (expectedVersion is { } expected && (anchor?.Version ?? 0) != expected)
        {
            throw new ConflictException("该年度的目标任务已被他人修改，请查看最新内容后再保存。", await GetAsync(year, ct));
        }
        var now = time.GetUtcNow().UtcDateTime;
        if (anchor is null)
        {
            anchor = new TargetYear { Year = year, Version = 1, UpdatedAt = now };
            db.TargetYears.Add(anchor);
        }
        else
        {
            anchor.Version++;
            anchor.UpdatedAt = now;
        }
        var replaced = await db.TargetSheets.Where(s => s.Year == year && titles.Contains(s.Title)).ToListAsync(ct);
        var replacedIds = replaced.Select(s => s.Id).ToList();
        var callerSeesAll = currentUser.ScopeAll;
        var scope = currentUser.ScopePath;
        using (currentUser.AsSystem())
        {
            // A table is replaced whole: its rows outside the caller's scope cannot stay behind.
            var paths = await db.Targets.Where(t => replacedIds.Contains(t.SheetId)).Select(t => t.OrgPath).ToListAsync(ct);
            if (!callerSeesAll && paths.Any(p => !p.StartsWith(scope, StringComparison.Ordinal)))
            {
                throw DomainException.Forbidden("要替换的表中有不在您数据范围内的单位。");
            }
        }
        db.Targets.RemoveRange(await db.Targets.Where(t => replacedIds.Contains(t.SheetId)).ToListAsync(ct));
        db.TargetSheets.RemoveRange(replaced);
        var position = await db.TargetSheets.Where(s => s.Year == year && !titles.Contains(s.Title)).Select(s => (int?)s.Position).MaxAsync(ct) ?? 0;
        foreach (var table in tables)
        {
            var sheet = new TargetSheet
            {
                Id = Guid.CreateVersion7(), Year = year, Title = table.Title, TotalLabel = table.TotalLabel,
                Position = replaced.FirstOrDefault(s => s.Title == table.Title)?.Position ?? ++position,
                ColumnsJson = JsonSerializer.Serialize(table.Columns, AppJson.Options),
                StatedTotalsJson = JsonSerializer.Serialize(table.StatedTotals, AppJson.Options),
                NotesJson = JsonSerializer.Serialize(table.Notes, AppJson.Options),
            };
            db.TargetSheets.Add(sheet);
            foreach (var row in table.Rows)
            {
                var org = byName[UnitKey(row.Unit)][0];
                foreach (var (code, value) in row.Values)
                {
                    db.Targets.Add(new Target
                    {
                        Id = Guid.CreateVersion7(), Year = year, SheetId = sheet.Id, Row = row.Seq ?? 0, OrgId = org.Id, OrgPath = org.Path,
                        IndicatorCode = code, Value = value,
                    });
                }
            }
        }
        await db.SaveChangesAsync(ct);
        await transaction.CommitAsync(ct);
        return new TargetImportReport(units, indicatorCount, titles, warnings, []);
    }

    /// <summary>The year's tables in the import layout, one sheet each.</summary>
    public async Task ExportAsync(int year, Stream output, CancellationToken ct = default)
    {
        currentUser.Require(Roles.Staff);
        var indicators = await IndicatorMapAsync(ct);
        var view = await GetAsync(year, ct);
        var tables = view.Sheets.Select(s => FromView(s, s.Rows.Select(r => new TableRow(0, r.Seq, r.OrgName, r.Values)).ToList())).ToList();
        TargetTablesWriter.Write(output, tables, indicators);
    }

    private static TargetTable FromView(TargetSheetView sheet, List<TableRow> rows) =>
        new(sheet.Title, sheet.Title, sheet.TotalLabel, sheet.Columns.Select(c => new TableColumn(c.Indicator, c.Header)).ToList(), rows,
            sheet.StatedTotals ?? new Dictionary<string, decimal?>(), sheet.Notes ?? new Dictionary<string, string>());
}
