using Microsoft.EntityFrameworkCore;
using Zhaoshang.Web.Data;
using Zhaoshang.Web.Shared;

namespace Zhaoshang.Web.Features.Enterprises;

/// <summary>
/// Enterprises named in a form field or a spreadsheet cell: full names or credit codes, several separated by 、 , ; /.
/// A name no one registered is an error naming it and the field.
/// </summary>
public static class EnterpriseLookup
{
    public static async Task<Guid[]> ResolveAsync(AppDb db, string? text, string field, CancellationToken ct)
    {
        var ids = new List<Guid>();
        foreach (var part in EnterpriseImport.Split(text))
        {
            var code = CreditCode.Normalize(part);
            var id = await db.Enterprises.Where(e => e.Name == part || e.CreditCode == code).Select(e => (Guid?)e.Id).FirstOrDefaultAsync(ct)
                ?? throw DomainException.Invalid(field, "企业“{0}”未登记：请先登记企业（按名称或统一社会信用代码匹配）。", part);
            ids.Add(id);
        }
        return [.. ids.Distinct()];
    }
}
