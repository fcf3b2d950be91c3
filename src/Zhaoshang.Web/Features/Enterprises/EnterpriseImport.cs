using Microsoft.EntityFrameworkCore;
using Zhaoshang.Web.Data;
using Zhaoshang.Web.Features.Accounts;
using Zhaoshang.Web.Features.Audit;
using Zhaoshang.Web.Shared;

namespace Zhaoshang.Web.Features.Enterprises;

/// <summary>
/// Enterprises from .xlsx, all or nothing. The credit code is the identity: a code already registered is the same
/// enterprise (updated when the importer may edit it, unchanged when equal), so the same file twice changes nothing.
/// </summary>
public sealed class EnterpriseImport(AppDb db, CurrentUser currentUser, AuditLog audit, TimeProvider time)
{
    public const string SheetName = "企业";
    public static readonly string[] Required = ["企业名称"];
    public static readonly string[] Optional = ["统一社会信用代码", "企业性质", "企业类别", "专精特新", "总部所在地", "所属行业"];

    private static readonly Dictionary<string, Ownership> Ownerships = new()
    {
        ["央企"] = Ownership.CentralSoe, ["中央企业"] = Ownership.CentralSoe, ["地方国企"] = Ownership.LocalSoe, ["国企"] = Ownership.LocalSoe,
        ["民企"] = Ownership.Private, ["民营企业"] = Ownership.Private, ["外企"] = Ownership.Foreign, ["外资企业"] = Ownership.Foreign,
    };

    private static readonly Dictionary<string, EnterpriseClass> Classes = new()
    {
        ["世界500强"] = EnterpriseClass.Global500, ["中国500强"] = EnterpriseClass.China500, ["民营500强"] = EnterpriseClass.Private500,
        ["上市"] = EnterpriseClass.Listed, ["上市公司"] = EnterpriseClass.Listed, ["独角兽"] = EnterpriseClass.Unicorn,
        ["高新技术企业"] = EnterpriseClass.HighTech, ["高新"] = EnterpriseClass.HighTech, ["小巨人"] = EnterpriseClass.LittleGiant,
        ["专精特新小巨人"] = EnterpriseClass.LittleGiant,
    };

    private static readonly Dictionary<string, SpecializedLevel> Levels = new()
    {
        ["无"] = SpecializedLevel.None, ["省级"] = SpecializedLevel.Provincial, ["国家级"] = SpecializedLevel.National,
    };

    /// <summary>
    /// The template: the data sheet holds only its header row; the example and the allowed values are on a second
    /// sheet ("填写说明"), which the import never reads.
    /// </summary>
    public static void WriteTemplate(Stream output) =>
        Xlsx.Write(output, SheetName, [.. Required, .. Optional], [], textColumns: [1], notes: new XlsxNotes("填写说明",
        [
            [.. Required, .. Optional],
            ["贵州某某新材料有限公司", "91520100MA6DKXXXXX", "民企", "高新技术企业、上市", "省级", "贵州贵阳", "基础材料"],
            [],
            ["说明：在“企业”工作表中从第 2 行起填写，一行一家企业；本工作表只是示例，不会被导入。"],
            ["企业名称必填；统一社会信用代码 18 位，请把该列设为文本，已登记的代码即同一企业（更新而非新增）。"],
            ["企业性质可填：" + string.Join("、", Ownerships.Keys)],
            ["企业类别可填（多个用、分隔）：" + string.Join("、", Classes.Keys)],
            ["专精特新可填：" + string.Join("、", Levels.Keys)],
        ]));

    public async Task<ImportReport> ImportAsync(Stream input, int maxRows = ImportEndpoints.DefaultMaxRows, CancellationToken ct = default)
    {
        currentUser.Require(Roles.Officer);
        if (ImportSheet.TryOpen(input, SheetName, Required, Optional, maxRows, out var refused) is not { } sheet)
        {
            return await audit.ImportedAsync("Enterprise", refused, ct);
        }
        var rows = Parse(sheet);
        if (sheet.Errors.Count > 0)
        {
            return await audit.ImportedAsync("Enterprise", ImportReport.Failed(rows.Count, sheet.Warnings, sheet.Errors), ct);
        }

        var codes = rows.Where(r => r.Code is not null).Select(r => r.Code!).ToList();
        var names = rows.Where(r => r.Code is null).Select(r => r.Name).ToList();
        var byCode = new Dictionary<string, Enterprise>();
        foreach (var chunk in codes.Chunk(1000))
        {
            foreach (var e in await db.Enterprises.Where(e => EF.Parameter(chunk).Contains(e.CreditCode!)).ToListAsync(ct))
            {
                byCode[e.CreditCode!] = e;
            }
        }
        var byName = new Dictionary<string, Enterprise>();
        foreach (var chunk in names.Chunk(1000))
        {
            foreach (var e in await db.Enterprises.Where(e => EF.Parameter(chunk).Contains(e.Name)).OrderBy(e => e.CreatedAt).ToListAsync(ct))
            {
                byName.TryAdd(e.Name, e);
            }
        }
        var keys = rows.Select(r => Enterprise.KeyOf(r.Name)).Distinct().ToList();
        var similar = new Dictionary<string, string>();
        foreach (var chunk in keys.Chunk(1000))
        {
            foreach (var (key, name) in await db.Enterprises.AsNoTracking().Where(e => EF.Parameter(chunk).Contains(e.NameKey)).Select(e => new ValueTuple<string, string>(e.NameKey, e.Name)).ToListAsync(ct))
            {
                similar.TryAdd(key, name);
            }
        }

        var org = await db.Orgs.AsNoTracking().FirstAsync(o => o.Id == currentUser.OrgId, ct);
        var now = time.GetUtcNow().UtcDateTime;
        int created = 0, updated = 0, unchanged = 0;
        foreach (var row in rows)
        {
            var existing = row.Code is not null ? byCode.GetValueOrDefault(row.Code) : byName.GetValueOrDefault(row.Name);
            if (existing is null)
            {
                if (similar.TryGetValue(Enterprise.KeyOf(row.Name), out var like) && like != row.Name)
                {
                    sheet.Warn(row.Line, "企业名称", "与已登记的“{0}”名称相近，可能是同一企业：导入后请核对，需要时手工合并。", like);
                }
                var enterprise = new Enterprise { Id = Guid.CreateVersion7(), Name = row.Name, OrgId = org.Id, OrgPath = org.Path, CreatedAt = now };
                EnterpriseService.Apply(enterprise, row.Input, row.Name, row.Code);
                db.Enterprises.Add(enterprise);
                created++;
                continue;
            }
            var probe = new Enterprise { Name = existing.Name };
            EnterpriseService.Apply(probe, row.Input, row.Name, row.Code ?? existing.CreditCode);
            if (Same(existing, probe))
            {
                unchanged++;
            }
            else if (!currentUser.CanWrite(existing.OrgPath))
            {
                sheet.Warn(row.Line, "企业名称", "“{0}”由其他单位登记，本次导入不修改它的资料。", existing.Name);
                unchanged++;
            }
            else
            {
                EnterpriseService.Apply(existing, row.Input, row.Name, row.Code ?? existing.CreditCode);
                updated++;
            }
        }
        await db.SaveChangesAsync(ct);
        return await audit.ImportedAsync("Enterprise", new ImportReport(rows.Count, created, updated, unchanged, sheet.Warnings, []), ct);
    }

    private sealed record Row(int Line, string Name, string? Code, EnterpriseInput Input);

    private static List<Row> Parse(ImportSheet sheet)
    {
        var rows = new List<Row>();
        var seenCodes = new Dictionary<string, int>();
        var seenNames = new Dictionary<string, int>();
        foreach (var (line, r) in sheet.DataRows())
        {
            var before = sheet.Errors.Count;
            var name = sheet.Text(r, "企业名称") ?? "";
            string? code = null;
            var codeText = sheet.Text(r, "统一社会信用代码");
            if (codeText is not null && sheet.IsNumber(r, "统一社会信用代码"))
            {
                sheet.Error(line, "统一社会信用代码", "单元格是数字格式：Excel 只保留 15 位有效数字，18 位代码已被改坏（显示为“{0}”）。请把该列设为文本格式，重新录入代码后再导入。",
                    codeText);
            }
            else if (codeText is not null)
            {
                if (CreditCode.Problem(codeText, out var normalized) is { } reason)
                {
                    sheet.Error(line, "统一社会信用代码", reason);
                }
                else
                {
                    code = normalized;
                }
            }
            var ownership = Lookup(sheet, line, r, "企业性质", Ownerships, Ownership.Unknown);
            var specialized = Lookup(sheet, line, r, "专精特新", Levels, SpecializedLevel.None);
            var classes = EnterpriseClass.None;
            foreach (var part in Split(sheet.Text(r, "企业类别")))
            {
                if (Classes.TryGetValue(part.Replace("“", "", StringComparison.Ordinal).Replace("”", "", StringComparison.Ordinal).Replace("\"", "", StringComparison.Ordinal), out var c))
                {
                    classes |= c;
                }
                else
                {
                    sheet.Error(line, "企业类别", "“{0}”不是有效的企业类别，可选：{1}。", part, string.Join("、", Classes.Keys));
                }
            }
            var input = new EnterpriseInput(name, code, ownership, classes, specialized, sheet.Text(r, "总部所在地"), sheet.Text(r, "所属行业"));
            try
            {
                EnterpriseService.Validate(input with { CreditCode = null });
            }
            catch (DomainException e)
            {
                foreach (var (field, problems) in e.Fields)
                {
                    foreach (var problem in problems)
                    {
                        sheet.Error(line, field switch { "name" => "企业名称", "industry" => "所属行业", _ => "总部所在地" }, problem);
                    }
                }
            }
            if (code is not null && !seenCodes.TryAdd(code, line))
            {
                sheet.Error(line, "统一社会信用代码", "与第 {0} 行的代码重复：同一代码即同一企业，请合并为一行。", seenCodes[code]);
            }
            if (code is null && name.Length > 0 && !seenNames.TryAdd(name.Trim(), line))
            {
                sheet.Error(line, "企业名称", "与第 {0} 行重复。", seenNames[name.Trim()]);
            }
            if (sheet.Errors.Count == before)
            {
                rows.Add(new Row(line, name.Trim(), code, input));
            }
        }
        return rows;
    }

    private static T Lookup<T>(ImportSheet sheet, int line, int row, string column, Dictionary<string, T> values, T empty)
    {
        var text = sheet.Text(row, column);
        if (text is null)
        {
            return empty;
        }
        if (values.TryGetValue(text, out var value))
        {
            return value;
        }
        sheet.Error(line, column, "“{0}”无效，可选：{1}。", text, string.Join("、", values.Keys));
        return empty;
    }

    internal static IEnumerable<string> Split(string? text) =>
        (text ?? "").Split(['、', ',', '，', ';', '；', '/'], StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);

    private static bool Same(Enterprise a, Enterprise b) =>
        a.Name == b.Name && a.CreditCode == b.CreditCode && a.Ownership == b.Ownership && a.Classes == b.Classes
        && a.Specialized == b.Specialized && a.Headquarters == b.Headquarters && a.Industry == b.Industry;
}
