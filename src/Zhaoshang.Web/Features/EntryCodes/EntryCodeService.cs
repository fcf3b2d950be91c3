using Microsoft.EntityFrameworkCore;
using QRCoder;
using Zhaoshang.Web.Data;
using Zhaoshang.Web.Features.Accounts;
using Zhaoshang.Web.Features.Notifications;
using Zhaoshang.Web.Features.Projects;
using Zhaoshang.Web.Shared;

namespace Zhaoshang.Web.Features.EntryCodes;

public static class EntryCodeTerms
{
    public static string Name(EntryCodeKind kind) => kind switch
    {
        EntryCodeKind.Officer => "招商人员名片",
        EntryCodeKind.ResidentOffice => "驻外办事处",
        EntryCodeKind.Event => "招商活动",
        EntryCodeKind.Park => "园区",
        EntryCodeKind.Parcel => "地块",
        EntryCodeKind.Policy => "政策",
        _ => "专属推介",
    };

    public static IReadOnlyList<string> Industries(string? text) =>
        string.IsNullOrWhiteSpace(text) ? [] : [.. text.Split(['、', ',', '，', ';', '；'], StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)];
}

public sealed record EntryCodeInput(EntryCodeKind Kind, string? Title, string? Introduction, string? Industries, string? ContactName, string? ContactPhone,
    DateOnly ExpiresOn, Guid? OrgId = null);

/// <summary>A code as its unit lists it: what it is, its address, and what it brought (scans → intentions → leads → signings).</summary>
public sealed record EntryCodeRow(Guid Id, string Kind, string KindName, string Title, string? Introduction, string? Industries, string? ContactName,
    string? ContactPhone, Guid OrgId, string Unit, string? Owner, DateOnly ExpiresOn, string Status, string Path, int Scans, int Intentions, int Leads,
    int Signed, long Version);

/// <summary>One line of the conversion table: a channel (the code's kind), or all of them.</summary>
public sealed record ConversionLine(string Kind, string KindName, int Codes, int Scans, int Intentions, int Leads, int Signed)
{
    /// <summary>Intentions per hundred scans, signings per hundred leads.</summary>
    public decimal? IntentionRate => Scans == 0 ? null : Math.Round(100m * Intentions / Scans, 1);
    public decimal? SigningRate => Leads == 0 ? null : Math.Round(100m * Signed / Leads, 1);
}

public sealed record ConversionView(DateOnly From, DateOnly To, IReadOnlyList<ConversionLine> Kinds, ConversionLine Total);

/// <summary>An intention as the code's unit reads it: the phone masked, the lead it became and where it is.</summary>
public sealed record IntentionRow(Guid Id, string Reference, string Company, string? CreditCode, string ContactName, string? Phone, string? Industry,
    decimal? AmountWan, string? Needs, DateTime SubmittedAt, string Code, Guid ProjectId, string ProjectCode, string Stage, bool AccountRequested,
    bool AccountVerified, string? AccountVerifiedBy);

/// <summary>
/// The entry codes as their units manage them (一码投): make one (an officer's card is the officer's own), change or
/// withdraw it, print it (PNG or SVG), read what came in through it, and the conversion per code and channel.
/// </summary>
public sealed class EntryCodeService(AppDb db, CurrentUser currentUser, CodeSigner signer, CodeBook book, FieldCipher cipher, Notifier notifier,
    TimeProvider time, Microsoft.Extensions.Options.IOptions<EntryCodeOptions> options)
{
    private static readonly ProjectStage[] SignedStages = [ProjectStage.Signed, ProjectStage.Started, ProjectStage.Operating, ProjectStage.AtCapacity];

    public async Task<Paged<EntryCodeRow>> SearchAsync(EntryCodeKind? kind, bool? active, int page, int pageSize, CancellationToken ct = default)
    {
        currentUser.Require(Roles.Ledger);
        (page, pageSize) = Paged<int>.Clamp(page, pageSize);
        var query = db.Set<EntryCode>().AsNoTracking();
        if (kind is { } k)
        {
            query = query.Where(c => c.Kind == k);
        }
        var today = time.Today();
        if (active is { } a)
        {
            query = a ? query.Where(c => !c.IsRevoked && c.ExpiresOn >= today) : query.Where(c => c.IsRevoked || c.ExpiresOn < today);
        }
        var total = await query.CountAsync(ct);
        var codes = await query.OrderByDescending(c => c.CreatedAt).ThenBy(c => c.Id).Skip((page - 1) * pageSize).Take(pageSize).ToListAsync(ct);
        return new Paged<EntryCodeRow>(await RowsAsync(codes, ct), total, page, pageSize);
    }

    public async Task<EntryCodeRow> GetAsync(Guid id, CancellationToken ct = default)
    {
        currentUser.Require(Roles.Ledger);
        var code = await db.Set<EntryCode>().AsNoTracking().FirstOrDefaultAsync(c => c.Id == id, ct) ?? throw NotFound();
        return (await RowsAsync([code], ct))[0];
    }

    private static DomainException NotFound() => DomainException.NotFound("二维码不存在或不在您的数据范围内。");

    private async Task<List<EntryCodeRow>> RowsAsync(List<EntryCode> codes, CancellationToken ct)
    {
        var ids = codes.Select(c => c.Id).ToList();
        var scans = await db.Set<EntryCodeScanDay>().AsNoTracking().Where(s => ids.Contains(s.CodeId)).GroupBy(s => s.CodeId)
            .Select(g => new { g.Key, Count = g.Sum(s => s.Count) }).ToDictionaryAsync(x => x.Key, x => x.Count, ct);
        // Two reads: IgnoreQueryFilters would lift the intentions' scope too if it sat in the same query.
        var intentions = await StagedAsync(db.Set<Intention>().AsNoTracking().Where(i => ids.Contains(i.CodeId)), ct);
        var byCode = intentions.ToLookup(i => i.CodeId);
        var orgIds = codes.Select(c => c.OrgId).Distinct().ToList();
        var orgs = await db.Orgs.IgnoreQueryFilters().AsNoTracking().Where(o => orgIds.Contains(o.Id)).ToDictionaryAsync(o => o.Id, o => o.Name, ct);
        var ownerIds = codes.Where(c => c.OwnerUserId != null).Select(c => c.OwnerUserId!.Value).Distinct().ToList();
        var owners = await db.Users.IgnoreQueryFilters().AsNoTracking().Where(u => ownerIds.Contains(u.Id))
            .ToDictionaryAsync(u => u.Id, u => u.DisplayName, ct);
        var today = time.Today();
        return [.. codes.Select(c =>
        {
            var mine = byCode[c.Id].ToList();
            var projects = mine.DistinctBy(i => i.ProjectId).ToList();
            return new EntryCodeRow(c.Id, ApiEnum.Name(c.Kind), EntryCodeTerms.Name(c.Kind), c.Title, c.Introduction, c.Industries, c.ContactName, c.ContactPhone,
                c.OrgId, orgs.GetValueOrDefault(c.OrgId, ""), c.OwnerUserId is { } o ? owners.GetValueOrDefault(o) : null, c.ExpiresOn,
                c.IsRevoked ? "已停用" : c.ExpiresOn < today ? "已过期" : "有效", signer.Path(c.Token, c.ExpiresOn), scans.GetValueOrDefault(c.Id), mine.Count,
                projects.Count, projects.Count(p => SignedStages.Contains(p.Stage)), c.Version);
        })];
    }

    public async Task<EntryCodeRow> CreateAsync(EntryCodeInput input, CancellationToken ct = default)
    {
        currentUser.Require(Roles.Officer);
        var org = await db.Orgs.AsNoTracking().FirstOrDefaultAsync(o => o.Id == (input.OrgId ?? currentUser.OrgId), ct)
            ?? throw DomainException.NotFound("发码单位不存在或不在您的数据范围内。");
        if (!currentUser.CanWrite(org.Path))
        {
            throw DomainException.Forbidden("只能为本单位制作二维码。");
        }
        if (input.Kind == EntryCodeKind.ResidentOffice && org.Kind != Orgs.OrgKind.ResidentOffice)
        {
            throw DomainException.Invalid("kind", "“驻外办事处”二维码只能由驻外办事处制作。");
        }
        var code = new EntryCode
        {
            Id = Guid.CreateVersion7(), Token = CodeSigner.NewToken(), Title = "", OrgId = org.Id, OrgPath = org.Path, CreatedAt = time.GetUtcNow().UtcDateTime,
            // An officer's card names the officer: the intentions it brings are theirs to follow.
            OwnerUserId = input.Kind == EntryCodeKind.Officer ? currentUser.Id : null,
        };
        Apply(code, input);
        db.Add(code);
        await db.SaveChangesAsync(ct);
        return await GetAsync(code.Id, ct);
    }

    public async Task<EntryCodeRow> UpdateAsync(Guid id, EntryCodeInput input, long version, CancellationToken ct = default)
    {
        currentUser.Require(Roles.Officer);
        var code = await db.Set<EntryCode>().FirstOrDefaultAsync(c => c.Id == id, ct) ?? throw NotFound();
        if (input.Kind != code.Kind)
        {
            throw DomainException.Invalid("kind", "二维码的类型制作后不能更改，请另制新码。");
        }
        db.Entry(code).Property(c => c.Version).OriginalValue = version;
        Apply(code, input);
        await db.SaveChangesAsync(ct);
        book.Forget(code.Token);
        return await GetAsync(code.Id, ct);
    }

    /// <summary>Withdraws a code (a lost card): its page says so from now on; what it brought stays.</summary>
    public async Task<EntryCodeRow> RevokeAsync(Guid id, long version, CancellationToken ct = default)
    {
        currentUser.Require(Roles.Officer);
        var code = await db.Set<EntryCode>().FirstOrDefaultAsync(c => c.Id == id, ct) ?? throw NotFound();
        db.Entry(code).Property(c => c.Version).OriginalValue = version;
        code.IsRevoked = true;
        await db.SaveChangesAsync(ct);
        book.Forget(code.Token);
        return await GetAsync(code.Id, ct);
    }

    private void Apply(EntryCode code, EntryCodeInput input)
    {
        var errors = new Dictionary<string, Phrase>();
        if (!Enum.IsDefined(input.Kind))
        {
            errors["kind"] = new Phrase("二维码类型无效。");
        }
        string? Text(string field, string? value, int max, string label, bool required = false)
        {
            var text = value?.Trim();
            if (string.IsNullOrEmpty(text))
            {
                if (required)
                {
                    errors[field] = new Phrase("请填写{0}。", label);
                }
                return null;
            }
            if (text.Length > max)
            {
                errors[field] = new Phrase("{0}不超过 {1} 个字符。", label, max);
            }
            return text;
        }
        var title = Text("title", input.Title, 100, "标题", required: true);
        var introduction = Text("introduction", input.Introduction, 2000, "介绍");
        var industries = Text("industries", input.Industries, 200, "主导产业");
        var contact = Text("contactName", input.ContactName, 50, "联系人");
        var phone = Text("contactPhone", input.ContactPhone, 30, "联系电话");
        var today = time.Today();
        if (input.ExpiresOn < today || input.ExpiresOn > today.AddDays(options.Value.MaxValidDays))
        {
            errors["expiresOn"] = new Phrase("有效期至应在今天到 {0} 之间。", today.AddDays(options.Value.MaxValidDays).ToString("yyyy-MM-dd"));
        }
        if (errors.Count > 0)
        {
            throw DomainException.Invalid(errors);
        }
        (code.Kind, code.Title, code.Introduction, code.Industries, code.ContactName, code.ContactPhone, code.ExpiresOn) =
            (input.Kind, title!, introduction, industries, contact, phone, input.ExpiresOn);
    }

    /// <summary>The printable image: PNG (for a card, 20 pixels a module) or SVG (for print at any size).</summary>
    public async Task<(byte[] Bytes, string ContentType)> ImageAsync(Guid id, string format, string origin, CancellationToken ct = default)
    {
        var row = await GetAsync(id, ct);
        var url = origin.TrimEnd('/') + row.Path;
        using var generator = new QRCodeGenerator();
        using var data = generator.CreateQrCode(url, QRCodeGenerator.ECCLevel.M);
        return format == "svg"
            ? (System.Text.Encoding.UTF8.GetBytes(new SvgQRCode(data).GetGraphic(10)), "image/svg+xml")
            : (new PngByteQRCode(data).GetGraphic(20), "image/png");
    }

    /// <summary>What the codes of the scope brought in the period, per channel (the code's kind) and in all.</summary>
    public async Task<ConversionView> ConversionAsync(DateOnly from, DateOnly to, CancellationToken ct = default)
    {
        currentUser.Require(Roles.Ledger);
        if (to < from)
        {
            throw DomainException.Invalid("to", "截止日期不能早于起始日期。");
        }
        var codes = await db.Set<EntryCode>().AsNoTracking().Select(c => new { c.Id, c.Kind }).ToListAsync(ct);
        var kindOf = codes.ToDictionary(c => c.Id, c => c.Kind);
        var scans = await db.Set<EntryCodeScanDay>().AsNoTracking().Where(s => s.Day >= from && s.Day <= to).GroupBy(s => s.CodeId)
            .Select(g => new { g.Key, Count = g.Sum(s => s.Count) }).ToListAsync(ct);
        var (start, end) = (ChinaTime.StartUtc(from), ChinaTime.StartUtc(to.AddDays(1)));
        var intentions = await StagedAsync(db.Set<Intention>().AsNoTracking().Where(i => i.SubmittedAt >= start && i.SubmittedAt < end), ct);
        ConversionLine Line(string kind, string name, IReadOnlyCollection<Guid> ids)
        {
            var mine = intentions.Where(i => ids.Contains(i.CodeId)).ToList();
            var projects = mine.DistinctBy(i => i.ProjectId).ToList();
            return new ConversionLine(kind, name, ids.Count, scans.Where(s => ids.Contains(s.Key)).Sum(s => s.Count), mine.Count, projects.Count,
                projects.Count(p => SignedStages.Contains(p.Stage)));
        }
        var lines = Enum.GetValues<EntryCodeKind>().Select(k => Line(ApiEnum.Name(k), EntryCodeTerms.Name(k), kindOf.Where(x => x.Value == k).Select(x => x.Key).ToHashSet()))
            .Where(l => l.Codes > 0).ToList();
        return new ConversionView(from, to, lines, Line("all", "合计", kindOf.Keys.ToHashSet()));
    }

    public async Task<Paged<IntentionRow>> IntentionsAsync(Guid? codeId, bool? accountRequested, int page, int pageSize, CancellationToken ct = default)
    {
        currentUser.Require(Roles.Ledger);
        (page, pageSize) = Paged<int>.Clamp(page, pageSize);
        var query = db.Set<Intention>().AsNoTracking();
        if (codeId is { } c)
        {
            query = query.Where(i => i.CodeId == c);
        }
        if (accountRequested == true)
        {
            query = query.Where(i => i.AccountRequestedAt != null && i.AccountVerifiedAt == null);
        }
        var total = await query.CountAsync(ct);
        var rows = await query.OrderByDescending(i => i.SubmittedAt).ThenBy(i => i.Id).Skip((page - 1) * pageSize).Take(pageSize).ToListAsync(ct);
        var projectIds = rows.Select(i => i.ProjectId).Distinct().ToList();
        var projects = await db.Projects.IgnoreQueryFilters().AsNoTracking().Where(p => projectIds.Contains(p.Id))
            .ToDictionaryAsync(p => p.Id, p => new { p.Code, p.Stage }, ct);
        var codeIds = rows.Select(i => i.CodeId).Distinct().ToList();
        var titles = await db.Set<EntryCode>().IgnoreQueryFilters().AsNoTracking().Where(k => codeIds.Contains(k.Id)).ToDictionaryAsync(k => k.Id, k => k.Title, ct);
        return new Paged<IntentionRow>([.. rows.Select(i => new IntentionRow(i.Id, i.Reference, i.Company, i.CreditCode, i.ContactName,
            FieldCipher.Mask(cipher.Unprotect(i.PhoneCipher)), i.Industry, i.AmountWan, i.Needs, DateTime.SpecifyKind(i.SubmittedAt, DateTimeKind.Utc), titles[i.CodeId],
            i.ProjectId, projects[i.ProjectId].Code, StageMachine.Name(projects[i.ProjectId].Stage), i.AccountRequestedAt is not null, i.AccountVerifiedAt is not null,
            i.AccountVerifiedBy))], total, page, pageSize);
    }

    private sealed record Staged(Guid CodeId, Guid ProjectId, ProjectStage Stage);

    /// <summary>The intentions' codes and projects with each project's stage (read apart: the projects' scope is lifted, the intentions' is not).</summary>
    private async Task<List<Staged>> StagedAsync(IQueryable<Intention> intentions, CancellationToken ct)
    {
        var rows = await intentions.Select(i => new { i.CodeId, i.ProjectId }).ToListAsync(ct);
        var stages = new Dictionary<Guid, ProjectStage>();
        foreach (var chunk in rows.Select(r => r.ProjectId).Distinct().Chunk(1000))
        {
            foreach (var p in await db.Projects.IgnoreQueryFilters().AsNoTracking().Where(p => chunk.Contains(p.Id)).Select(p => new { p.Id, p.Stage }).ToListAsync(ct))
            {
                stages[p.Id] = p.Stage;
            }
        }
        return [.. rows.Select(r => new Staged(r.CodeId, r.ProjectId, stages[r.ProjectId]))];
    }

    /// <summary>
    /// An officer of the code's unit confirms that the investor asking for an account is the enterprise of the signed
    /// project (the credit code matched); the unit's user administrators are asked to open it (they alone create accounts).
    /// </summary>
    public async Task VerifyAccountAsync(Guid intentionId, CancellationToken ct = default)
    {
        currentUser.Require(Roles.Officer);
        var intention = await db.Set<Intention>().FirstOrDefaultAsync(i => i.Id == intentionId, ct) ?? throw DomainException.NotFound("投资意向不存在或不在您的数据范围内。");
        if (!currentUser.CanWrite(intention.OrgPath))
        {
            throw DomainException.Forbidden("只能核验本单位二维码收到的申请。");
        }
        if (intention.AccountRequestedAt is null)
        {
            throw DomainException.Unprocessable("投资方尚未申请企业账号。");
        }
        if (intention.AccountVerifiedAt is not null)
        {
            return;
        }
        intention.AccountVerifiedAt = time.GetUtcNow().UtcDateTime;
        intention.AccountVerifiedBy = currentUser.UserName;
        // The user administrators (三员's 安全保密管理员 and 系统管理员) of the unit or any unit above it.
        var parts = intention.OrgPath.Split('/', StringSplitOptions.RemoveEmptyEntries);
        var above = Enumerable.Range(1, parts.Length).Select(n => "/" + string.Join('/', parts[..n]) + "/").ToList();
        var orgIds = await db.Orgs.IgnoreQueryFilters().AsNoTracking().Where(o => above.Contains(o.Path)).Select(o => o.Id).ToListAsync(ct);
        var admins = await notifier.UsersAsync(orgIds, [Roles.SecAdmin, Roles.SysAdmin], ct);
        await notifier.SendAsync(new Message(new Phrase("请为{0}开通企业账号", intention.Company),
            new Phrase("投资方已签约并经{0}核验（意向编号 {1}），请在用户管理中开通企业账号并关联该企业。", currentUser.UserName ?? "", intention.Reference),
            $"/Users?enterprise={intention.EnterpriseId}"), admins, ct);
        await db.SaveChangesAsync(ct);
    }
}
