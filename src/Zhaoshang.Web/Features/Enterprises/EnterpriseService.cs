using Microsoft.EntityFrameworkCore;
using Zhaoshang.Web.Data;
using Zhaoshang.Web.Features.Accounts;
using Zhaoshang.Web.Shared;

namespace Zhaoshang.Web.Features.Enterprises;

public sealed record EnterpriseInput(string? Name, string? CreditCode, Ownership Ownership, EnterpriseClass Classes,
    SpecializedLevel Specialized, string? Headquarters, string? Industry);

public sealed record EnterpriseRow(Guid Id, string Name, string? CreditCode, string Ownership, string[] Classes, string Specialized,
    bool IsStrong, string? Headquarters, string? Industry, bool Editable, long Version);

public sealed record ContactRow(Guid Id, string Name, string? Title, string? Phone);

public sealed record EnterpriseDetail(EnterpriseRow Enterprise, IReadOnlyList<ContactRow> Contacts);

public sealed record DuplicateHint(Guid Id, string Name, string? CreditCode);

public sealed record CreatedEnterprise(EnterpriseRow Enterprise, IReadOnlyList<DuplicateHint> PossibleDuplicates);

/// <summary>
/// The enterprise directory: officers register and edit enterprises (edits stay within the registering unit's
/// subtree); every business role reads the shared registry data; contacts are kept per unit and scoped.
/// </summary>
public sealed class EnterpriseService(AppDb db, CurrentUser currentUser, FieldCipher cipher, TimeProvider time)
{

    public async Task<Paged<EnterpriseRow>> SearchAsync(string? q, bool? strong, Ownership? ownership, int page, int pageSize, CancellationToken ct = default)
    {
        currentUser.Require(Roles.Ledger);
        (page, pageSize) = Paged<EnterpriseRow>.Clamp(page, pageSize);
        var query = db.Enterprises.AsNoTracking();
        if (!string.IsNullOrWhiteSpace(q))
        {
            var term = q.Trim();
            var code = CreditCode.Normalize(term);
            query = query.Where(e => e.Name.Contains(term) || e.CreditCode == code);
        }
        if (strong is { } s)
        {
            query = query.Where(e => e.IsStrong == s);
        }
        if (ownership is { } o)
        {
            query = query.Where(e => e.Ownership == o);
        }
        var total = await query.CountAsync(ct);
        var rows = await query.OrderBy(e => e.Name).Skip((page - 1) * pageSize).Take(pageSize).ToListAsync(ct);
        return new Paged<EnterpriseRow>(rows.Select(Row).ToList(), total, page, pageSize);
    }

    public async Task<EnterpriseDetail> GetAsync(Guid id, CancellationToken ct = default)
    {
        currentUser.Require(Roles.Ledger);
        var enterprise = await db.Enterprises.AsNoTracking().FirstOrDefaultAsync(e => e.Id == id, ct)
            ?? throw DomainException.NotFound("企业不存在。");
        // The scope filter leaves only the contacts recorded within the caller's subtree.
        var contacts = await db.EnterpriseContacts.AsNoTracking().Where(c => c.EnterpriseId == id).OrderBy(c => c.CreatedAt).ToListAsync(ct);
        return new EnterpriseDetail(Row(enterprise), contacts.Select(c => new ContactRow(c.Id, c.Name, c.Title, cipher.Unprotect(c.PhoneCipher))).ToList());
    }

    public async Task<CreatedEnterprise> CreateAsync(EnterpriseInput input, CancellationToken ct = default)
    {
        currentUser.Require(Roles.Officer);
        var (name, code) = Validate(input);
        if (code is not null && await db.Enterprises.AsNoTracking().FirstOrDefaultAsync(e => e.CreditCode == code, ct) is { } same)
        {
            throw new ConflictException("统一社会信用代码已登记为“{0}”：同一代码即同一企业，请直接使用该企业。", same.Name, Row(same));
        }
        var org = await db.Orgs.AsNoTracking().FirstAsync(o => o.Id == currentUser.OrgId, ct);
        var enterprise = new Enterprise
        {
            Id = Guid.CreateVersion7(),
            Name = name,
            CreditCode = code,
            OrgId = org.Id,
            OrgPath = org.Path,
            CreatedAt = time.GetUtcNow().UtcDateTime,
        };
        Apply(enterprise, input, name, code);
        var duplicates = await SimilarAsync(enterprise, ct);
        db.Enterprises.Add(enterprise);
        await db.SaveChangesAsync(ct);
        return new CreatedEnterprise(Row(enterprise), duplicates);
    }

    public async Task<EnterpriseRow> UpdateAsync(Guid id, EnterpriseInput input, long version, CancellationToken ct = default)
    {
        currentUser.Require(Roles.Officer);
        var (name, code) = Validate(input);
        var enterprise = await db.Enterprises.FirstOrDefaultAsync(e => e.Id == id, ct) ?? throw DomainException.NotFound("企业不存在。");
        if (!currentUser.CanWrite(enterprise.OrgPath))
        {
            throw DomainException.Forbidden("该企业由其他单位登记，只能由登记单位或其上级修改。");
        }
        if (code is not null && code != enterprise.CreditCode && await db.Enterprises.AnyAsync(e => e.CreditCode == code && e.Id != id, ct))
        {
            throw DomainException.Invalid("creditCode", "统一社会信用代码“{0}”已被其他企业使用。", code);
        }
        db.Entry(enterprise).Property(e => e.Version).OriginalValue = version;
        Apply(enterprise, input, name, code);
        try
        {
            await db.SaveChangesAsync(ct);
        }
        catch (DbUpdateConcurrencyException e) when (e.Entries.Any(x => x.Entity is Enterprise))
        {
            var current = await db.Enterprises.AsNoTracking().FirstAsync(x => x.Id == id, ct);
            throw new ConflictException("该企业已被他人修改，请查看最新内容后再保存。", Row(current));
        }
        return Row(enterprise);
    }

    public async Task<ContactRow> AddContactAsync(Guid enterpriseId, string? name, string? title, string? phone, CancellationToken ct = default)
    {
        currentUser.Require(Roles.Officer);
        if (string.IsNullOrWhiteSpace(name) || name.Trim().Length > 100)
        {
            throw DomainException.Invalid("name", "联系人姓名不能为空，且不超过 100 个字符。");
        }
        var digits = phone is null ? null : ChineseText.ToHalfWidth(phone).Trim().Replace(" ", "", StringComparison.Ordinal).Replace("-", "", StringComparison.Ordinal);
        if (digits is { Length: > 0 } && (digits.Length is < 7 or > 20 || !digits.TrimStart('+').All(char.IsAsciiDigit)))
        {
            throw DomainException.Invalid("phone", "“{0}”不是有效的电话号码。", phone);
        }
        if (!await db.Enterprises.AnyAsync(e => e.Id == enterpriseId, ct))
        {
            throw DomainException.NotFound("企业不存在。");
        }
        var org = await db.Orgs.AsNoTracking().FirstAsync(o => o.Id == currentUser.OrgId, ct);
        var contact = new EnterpriseContact
        {
            Id = Guid.CreateVersion7(),
            EnterpriseId = enterpriseId,
            Name = name.Trim(),
            Title = string.IsNullOrWhiteSpace(title) ? null : title.Trim(),
            PhoneCipher = cipher.Protect(string.IsNullOrEmpty(digits) ? null : digits),
            OrgId = org.Id,
            OrgPath = org.Path,
            CreatedAt = time.GetUtcNow().UtcDateTime,
        };
        db.EnterpriseContacts.Add(contact);
        await db.SaveChangesAsync(ct);
        return new ContactRow(contact.Id, contact.Name, contact.Title, string.IsNullOrEmpty(digits) ? null : digits);
    }

    /// <summary>Every field's problem at once (the form shows them all); the normalised name and code when there is none.</summary>
    internal static (string Name, string? Code) Validate(EnterpriseInput input)
    {
        var errors = new Dictionary<string, Phrase>();
        var name = input.Name?.Trim() ?? "";
        if (name.Length is 0 or > 200)
        {
            errors["name"] = new Phrase("企业名称不能为空，且不超过 200 个字符。");
        }
        if (input.Headquarters?.Trim().Length > 200)
        {
            errors["headquarters"] = new Phrase("总部所在地不超过 200 个字符。");
        }
        if (input.Industry?.Trim().Length > 100)
        {
            errors["industry"] = new Phrase("所属行业不超过 100 个字符。");
        }
        string? code = null;
        if (!string.IsNullOrWhiteSpace(input.CreditCode))
        {
            if (CreditCode.Problem(input.CreditCode, out var normalized) is { } problem)
            {
                errors["creditCode"] = problem;
            }
            code = normalized;
        }
        return errors.Count == 0 ? (name, code) : throw DomainException.Invalid(errors);
    }

    internal static void Apply(Enterprise enterprise, EnterpriseInput input, string name, string? code)
    {
        enterprise.Name = name;
        enterprise.CreditCode = code;
        enterprise.Ownership = input.Ownership;
        enterprise.Classes = input.Classes;
        enterprise.Specialized = input.Specialized;
        enterprise.Headquarters = string.IsNullOrWhiteSpace(input.Headquarters) ? null : input.Headquarters.Trim();
        enterprise.Industry = string.IsNullOrWhiteSpace(input.Industry) ? null : input.Industry.Trim();
        enterprise.Derive();
    }

    /// <summary>
    /// The enterprises a name may duplicate (the form asks as the name is typed; an enterprise's page lists them), and
    /// the one that already holds a credit code, if any.
    /// </summary>
    public async Task<(IReadOnlyList<DuplicateHint> Similar, DuplicateHint? SameCode)> DuplicatesAsync(string? name, string? creditCode, Guid? except, CancellationToken ct = default)
    {
        currentUser.Require(Roles.Ledger);
        var similar = string.IsNullOrWhiteSpace(name) || name.Length > 200 ? [] : await SimilarAsync(Enterprise.KeyOf(name), ct);
        DuplicateHint? sameCode = null;
        if (CreditCode.Validate(creditCode, out var code) is null)
        {
            sameCode = await db.Enterprises.AsNoTracking().Where(e => e.CreditCode == code && e.Id != except)
                .Select(e => new DuplicateHint(e.Id, e.Name, e.CreditCode)).FirstOrDefaultAsync(ct);
        }
        return (similar.Where(d => d.Id != except).ToList(), sameCode);
    }

    private Task<List<DuplicateHint>> SimilarAsync(Enterprise enterprise, CancellationToken ct) => SimilarAsync(enterprise.NameKey, ct);

    /// <summary>Enterprises whose reduced names are equal or contain one another: possible duplicates to merge by hand.</summary>
    private async Task<List<DuplicateHint>> SimilarAsync(string key, CancellationToken ct)
    {
        if (key.Length < 2)
        {
            return [];
        }
        return await db.Enterprises.AsNoTracking()
            .Where(e => e.NameKey == key || (key.Length >= 4 && (e.NameKey.Contains(key) || (e.NameKey.Length >= 4 && key.Contains(e.NameKey)))))
            .OrderBy(e => e.Name).Take(10)
            .Select(e => new DuplicateHint(e.Id, e.Name, e.CreditCode)).ToListAsync(ct);
    }

    private EnterpriseRow Row(Enterprise e) => new(e.Id, e.Name, e.CreditCode, ApiEnum.Name(e.Ownership.ToString()),
        Enum.GetValues<EnterpriseClass>().Where(c => c != EnterpriseClass.None && e.Classes.HasFlag(c)).Select(c => ApiEnum.Name(c.ToString())).ToArray(),
        ApiEnum.Name(e.Specialized.ToString()), e.IsStrong, e.Headquarters, e.Industry, currentUser.CanWrite(e.OrgPath), e.Version);

}
