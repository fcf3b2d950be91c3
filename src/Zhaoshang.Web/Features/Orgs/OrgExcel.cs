using Microsoft.EntityFrameworkCore;
using Zhaoshang.Web.Data;
using Zhaoshang.Web.Features.Audit;
using Zhaoshang.Web.Shared;

namespace Zhaoshang.Web.Features.Orgs;

public sealed record OrgImportReport(int Rows, int Created, int Updated, int Unchanged, IReadOnlyList<SheetError> Errors)
{
    /// <summary>The same report with its messages in the reader's language.</summary>
    public OrgImportReport In(Microsoft.Extensions.Localization.IStringLocalizer localizer) => this with { Errors = [.. Errors.Select(e => e.In(localizer))] };

    public bool Ok => Errors.Count == 0;
}

/// <summary>
/// The org list as a workbook: export what the caller sees; import the same layout all-or-nothing (new codes are
/// created, known codes renamed or (de)activated; a file imported twice changes nothing the second time).
/// </summary>
public sealed class OrgExcel(AppDb db, CurrentUser currentUser, AuditLog audit, TimeProvider time)
{
    public const string SheetName = "单位";
    public const int MaxRows = 50_000;
    public static readonly string[] Headers = ["编码", "名称", "英文名称", "类型", "上级编码", "状态", "排序"];

    /// <summary>Optional on import (files exported before it existed still import): whether the unit coordinates its level.</summary>
    public const string CoordinatesHeader = "协调本级";

    public async Task<int> ExportAsync(Stream output, CancellationToken ct = default)
    {
        currentUser.Require(Accounts.Roles.SysAdmin);
        var orgs = await db.Orgs.AsNoTracking().OrderBy(o => o.Path).ToListAsync(ct);
        var codes = await db.Orgs.IgnoreQueryFilters().AsNoTracking().Select(o => new { o.Id, o.Code }).ToDictionaryAsync(o => o.Id, o => o.Code, ct);
        Xlsx.Write(output, SheetName, [.. Headers, CoordinatesHeader], orgs.Select(o => new object?[]
        {
            o.Code, o.Name, o.NameEn, o.Kind.ChineseName(), o.ParentId is { } p ? codes[p] : null, o.IsActive ? "启用" : "停用", o.SortOrder,
            o.Coordinates ? "是" : "否",
        }));
        await audit.WriteAsync("export", AuditResults.Success, "Org", null, new { rows = orgs.Count, scope = currentUser.ScopeAll ? "/" : currentUser.ScopePath }, ct: ct);
        return orgs.Count;
    }

    public async Task<OrgImportReport> ImportAsync(Stream input, CancellationToken ct = default)
    {
        currentUser.Require(Accounts.Roles.SysAdmin);
        var errors = new List<SheetError>();
        var parsed = new List<(int Row, OrgInput Input, string? ParentCode, bool Active, bool? Coordinates)>();
        try
        {
            var sheet = Xlsx.Read(input, MaxRows).FirstOrDefault(s => s.Name == SheetName)
                ?? throw new XlsxException("工作簿中没有名为“{0}”的工作表：请使用导出的模板。", SheetName);
            Parse(sheet, parsed, errors);
        }
        catch (XlsxException e)
        {
            errors.Add(new SheetError(SheetName, null, null, e.Phrase));
        }

        var created = 0;
        var updated = 0;
        var unchanged = 0;
        if (errors.Count == 0)
        {
            (created, updated, unchanged) = await ApplyAsync(parsed, errors, ct);
        }
        var report = new OrgImportReport(parsed.Count, created, updated, unchanged, errors);
        await audit.WriteAsync("import", report.Ok ? AuditResults.Success : AuditResults.Failure, "Org", null,
            new { rows = parsed.Count, created, updated, unchanged, errors = errors.Count, scope = currentUser.ScopeAll ? "/" : currentUser.ScopePath }, ct: ct);
        return report;
    }

    private static void Parse(Sheet sheet, List<(int, OrgInput, string?, bool, bool?)> parsed, List<SheetError> errors)
    {
        if (sheet.Rows.Count == 0)
        {
            throw new XlsxException("工作表是空的。");
        }
        var header = sheet.Rows[0];
        var index = new Dictionary<string, int>();
        for (var i = 0; i < header.Length; i++)
        {
            if (header[i] is { } h)
            {
                index[h.Trim()] = i;
            }
        }
        var missing = Headers.Where(h => !index.ContainsKey(h)).ToList();
        if (missing.Count > 0)
        {
            throw new XlsxException("缺少列：{0}。表头须为：{1}。", string.Join("、", missing), string.Join("、", Headers));
        }
        string? Cell(string?[] row, string column) => index.TryGetValue(column, out var i) && i < row.Length ? row[i]?.Trim() : null;

        var seen = new Dictionary<string, int>(StringComparer.OrdinalIgnoreCase);
        for (var r = 1; r < sheet.Rows.Count; r++)
        {
            var row = sheet.Rows[r];
            var line = r + 1;
            if (row.All(string.IsNullOrWhiteSpace))
            {
                continue;
            }
            var code = Cell(row, "编码") ?? "";
            var name = Cell(row, "名称") ?? "";
            var before = errors.Count;
            if (!OrgKinds.TryParse(Cell(row, "类型"), out var kind))
            {
                errors.Add(new SheetError(sheet.Name, line, "类型", "“{0}”不是有效的单位类型，可选：{1}。", Cell(row, "类型"), string.Join("、", Enum.GetValues<OrgKind>().Select(k => k.ChineseName()))));
            }
            var status = Cell(row, "状态") ?? "启用";
            if (status is not ("启用" or "停用"))
            {
                errors.Add(new SheetError(sheet.Name, line, "状态", "“{0}”无效，只能填“启用”或“停用”。", status));
            }
            var coordinatesText = Cell(row, CoordinatesHeader);
            bool? coordinates = coordinatesText switch { null or "" => null, "是" => true, "否" => false, _ => null };
            if (coordinatesText is { Length: > 0 } && coordinates is null)
            {
                errors.Add(new SheetError(sheet.Name, line, CoordinatesHeader, "“{0}”无效，只能填“是”或“否”。", coordinatesText));
            }
            var sortText = Cell(row, "排序");
            var sort = 0;
            if (sortText is not null && !int.TryParse(sortText, System.Globalization.NumberStyles.Integer, System.Globalization.CultureInfo.InvariantCulture, out sort))
            {
                errors.Add(new SheetError(sheet.Name, line, "排序", "“{0}”不是整数。", sortText));
            }
            try
            {
                OrgService.Validate(new OrgInput(code, name, null, kind, null));
            }
            catch (DomainException e)
            {
                errors.Add(new SheetError(sheet.Name, line, e.Errors.ContainsKey("code") ? "编码" : "名称", e.Phrase));
            }
            if (code.Length > 0 && !seen.TryAdd(code, line))
            {
                errors.Add(new SheetError(sheet.Name, line, "编码", "编码“{0}”与第 {1} 行重复。", code, seen[code]));
            }
            if (errors.Count == before)
            {
                parsed.Add((line, new OrgInput(code, name, Cell(row, "英文名称"), kind, null, sort), Cell(row, "上级编码"), status == "启用", coordinates));
            }
        }
    }

    private async Task<(int, int, int)> ApplyAsync(List<(int Row, OrgInput Input, string? ParentCode, bool Active, bool? Coordinates)> rows, List<SheetError> errors,
        CancellationToken ct)
    {
        var all = await db.Orgs.IgnoreQueryFilters().ToDictionaryAsync(o => o.Code, StringComparer.OrdinalIgnoreCase, ct);
        var inFile = rows.ToDictionary(r => r.Input.Code, StringComparer.OrdinalIgnoreCase);
        var created = 0;
        var updated = 0;
        var unchanged = 0;
        var now = time.GetUtcNow().UtcDateTime;
        var pending = new Queue<(int Row, OrgInput Input, string? ParentCode, bool Active, bool? Coordinates)>(rows);
        var stalled = 0;
        // Parents may come after their children in the file: keep cycling until every row is placed or none can be.
        while (pending.Count > 0 && stalled <= pending.Count)
        {
            var row = pending.Dequeue();
            Org? parent = null;
            if (row.ParentCode is not null && !all.TryGetValue(row.ParentCode, out parent))
            {
                if (inFile.ContainsKey(row.ParentCode))
                {
                    pending.Enqueue(row);
                    stalled++;
                    continue;
                }
                errors.Add(new SheetError(SheetName, row.Row, "上级编码", "上级单位“{0}”不存在。", row.ParentCode));
                stalled = 0;
                continue;
            }
            stalled = 0;
            var input = row.Input;
            if (row.Coordinates == true && !Org.CanCoordinate(input.Kind, parent?.Kind))
            {
                errors.Add(new SheetError(SheetName, row.Row, CoordinatesHeader, "只有省、市、区县直属的投资促进局（部门）或领导小组办公室才能协调本级。"));
                continue;
            }
            if (all.TryGetValue(input.Code, out var existing) && db.Entry(existing).State != EntityState.Added)
            {
                if (!currentUser.CanSee(existing.Path))
                {
                    errors.Add(new SheetError(SheetName, row.Row, "编码", "单位“{0}”不在您的数据范围内。", input.Code));
                    continue;
                }
                if (existing.Kind != input.Kind || existing.ParentId != parent?.Id)
                {
                    errors.Add(new SheetError(SheetName, row.Row, existing.Kind != input.Kind ? "类型" : "上级编码",
                        "已有单位的类型和上级不能通过导入修改：请在单位管理页面移动单位。"));
                    continue;
                }
                var nameEn = string.IsNullOrWhiteSpace(input.NameEn) ? null : input.NameEn.Trim();
                var coordinates = row.Coordinates ?? existing.Coordinates;
                if (existing.Name == input.Name.Trim() && existing.NameEn == nameEn && existing.IsActive == row.Active && existing.SortOrder == input.SortOrder
                    && existing.Coordinates == coordinates)
                {
                    unchanged++;
                    continue;
                }
                existing.Coordinates = coordinates;
                existing.Name = input.Name.Trim();
                existing.NameEn = nameEn;
                existing.IsActive = row.Active;
                existing.SortOrder = input.SortOrder;
                updated++;
                continue;
            }
            try
            {
                OrgService.CheckPlacement(input.Kind, parent);
            }
            catch (DomainException e)
            {
                errors.Add(new SheetError(SheetName, row.Row, "上级编码", e.Phrase));
                continue;
            }
            if (!currentUser.CanSee(Org.ChildPath(parent?.Path, input.Code)))
            {
                errors.Add(new SheetError(SheetName, row.Row, "上级编码", "上级单位不在您的数据范围内。"));
                continue;
            }
            var org = Org.Create(input.Code, input.Name, input.NameEn, input.Kind, parent, input.SortOrder, now);
            org.IsActive = row.Active;
            org.Coordinates = row.Coordinates ?? false;
            db.Orgs.Add(org);
            all[org.Code] = org;
            created++;
        }
        foreach (var row in pending)
        {
            errors.Add(new SheetError(SheetName, row.Row, "上级编码", "上级单位“{0}”形成循环或无法确定。", row.ParentCode));
        }
        // The tree rules hold for the result as a whole: no active unit under an inactive one.
        var rowOf = rows.ToDictionary(r => r.Input.Code, r => r.Row, StringComparer.OrdinalIgnoreCase);
        var byId = all.Values.ToDictionary(o => o.Id);
        foreach (var org in all.Values.Where(o => o.IsActive && o.ParentId is { } p && byId.TryGetValue(p, out var parent) && !parent.IsActive))
        {
            var parent = byId[org.ParentId!.Value];
            var line = rowOf.TryGetValue(parent.Code, out var r) ? r : rowOf.GetValueOrDefault(org.Code);
            errors.Add(new SheetError(SheetName, line, "状态", "单位“{0}”启用而其上级“{1}”停用：请先停用下级单位，或启用上级单位。", org.Code, parent.Code));
        }
        if (errors.Count > 0)
        {
            db.ChangeTracker.Clear();
            return (0, 0, 0);
        }
        await db.SaveChangesAsync(ct);
        return (created, updated, unchanged);
    }
}
