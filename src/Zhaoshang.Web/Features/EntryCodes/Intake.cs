using System.Collections.Concurrent;
using System.Security.Cryptography;
using System.Text.RegularExpressions;
using Microsoft.EntityFrameworkCore;
using Zhaoshang.Web.Data;
using Zhaoshang.Web.Features.Accounts;
using Zhaoshang.Web.Features.Enterprises;
using Zhaoshang.Web.Features.Notifications;
using Zhaoshang.Web.Features.Projects;
using Zhaoshang.Web.Features.Tickets;
using Zhaoshang.Web.Shared;

namespace Zhaoshang.Web.Features.EntryCodes;

/// <summary>Why a code's page does not open: its address was altered or made up, it expired, or its unit withdrew it.</summary>
public enum CodeRefusal
{
    Forged,
    Expired,
    Revoked,
}

/// <summary>A code refused: the API answers 404 with the reason, the page shows it.</summary>
public sealed class CodeRefusedException(CodeRefusal reason) : DomainException(DomainErrorKind.NotFound, Explain(reason))
{
    public CodeRefusal Reason { get; } = reason;

    public static string Explain(CodeRefusal reason) => reason switch
    {
        CodeRefusal.Expired => "此二维码已过有效期，请向发码单位索取新码。",
        CodeRefusal.Revoked => "此二维码已被发码单位停用，请向发码单位索取新码。",
        _ => "此二维码无效：地址不完整或已被改动，请重新扫描发码单位提供的二维码。",
    };
}

/// <summary>What a code's public page shows: the code's own heading, introduction, industries and contact, and the choices of its form.</summary>
public sealed record LandingView(string Segment, string Title, string Kind, string Unit, string? Introduction, IReadOnlyList<string> Industries,
    string? ContactName, string? ContactPhone, DateOnly ExpiresOn, IReadOnlyList<string> IndustryChoices);

/// <summary>An investor's intention as the form (or the API) sends it.</summary>
public sealed record IntentionInput(string? Company, string? CreditCode, string? ContactName, string? Phone, string? Industry, decimal? AmountWan,
    string? Needs, bool Consent, string? Website = null, string? ChallengeToken = null, string? ChallengeAnswer = null);

/// <summary>What the investor gets back: the reference to follow it by.</summary>
public sealed record IntentionReceipt(string Reference, string Unit, string? ContactName, string? ContactPhone);

/// <summary>An appeal of the investor's enterprise, as the follow page lists it.</summary>
public sealed record FollowAppeal(string Number, string Title, string State, DateTime SubmittedAt);

/// <summary>What the reference shows: where the intention is, and once signed, the account offer and the enterprise's appeals.</summary>
public sealed record FollowView(string Reference, string Company, DateTime SubmittedAt, string Unit, string Stage, bool Signed, DateOnly? ContractDate,
    string? ContactName, string? ContactPhone, bool AccountRequested, bool AccountVerified, IReadOnlyList<FollowAppeal> Appeals);

/// <summary>
/// The public side of the entry codes (一码投), without sign-in: a code's page, an intention sent through it, and
/// following it by its reference. Every address is checked (<see cref="CodeSigner"/>) before anything is read; an
/// intention becomes, in one save, the lead of the code's unit credited to it: the enterprise (joined by its credit
/// code), a project at 线索, the lead with its channel and source, a resident office's first contact, and the
/// message to whoever owns the code.
/// </summary>
public sealed partial class Intake(AppDb db, CurrentUser currentUser, CodeSigner signer, CodeBook book, ScanCounter scans, IntakeWriter writer,
    Notifier notifier, TimeProvider time)
{
    /// <summary>The notice the investor agrees to (个人信息保护法 第十三、十四、十七条): its version is kept with each consent.</summary>
    public const string ConsentVersion = "2026-12";

    /// <summary>The code an address names, when its signature holds, it has not expired and its unit has not withdrawn it.</summary>
    public async Task<CodeBook.Entry> ResolveAsync(string? segment, CancellationToken ct)
    {
        var signed = signer.Check(segment) ?? throw new CodeRefusedException(CodeRefusal.Forged);
        var code = await book.FindAsync(signed.Token, ct);
        // The address's expiry must be the code's own: a code renewed has a new address.
        if (code is null || code.ExpiresOn != signed.ExpiresOn)
        {
            throw new CodeRefusedException(code is null ? CodeRefusal.Forged : CodeRefusal.Revoked);
        }
        if (code.IsRevoked)
        {
            throw new CodeRefusedException(CodeRefusal.Revoked);
        }
        if (code.ExpiresOn < time.Today())
        {
            throw new CodeRefusedException(CodeRefusal.Expired);
        }
        return code;
    }

    /// <summary>Opens a code's page: counts the scan.</summary>
    public async Task<LandingView> OpenAsync(string? segment, CancellationToken ct, bool count = true)
    {
        var code = await ResolveAsync(segment, ct);
        if (count)
        {
            scans.Count(code.Id, code.OrgPath, time.Today());
        }
        return new LandingView(segment!, code.Title, EntryCodeTerms.Name(code.Kind), code.Unit, code.Introduction, code.Industries, code.ContactName,
            code.ContactPhone, code.ExpiresOn, book.IndustryChoices);
    }

    /// <summary>
    /// Checks the intention, then lets <paramref name="admit"/> take it from the limits (so a form sent back for a typo
    /// costs nothing), then writes it.
    /// </summary>
    public async Task<IntentionReceipt> SubmitAsync(string? segment, IntentionInput input, Action admit, CancellationToken ct)
    {
        var code = await ResolveAsync(segment, ct);
        var valid = Validate(input, book.IndustryChoices);
        admit();
        return await writer.WriteAsync(code, valid, ct);
    }

    internal sealed record Valid(string Company, string? CreditCode, string Contact, string Phone, string? Industry, decimal? AmountWan, string? Needs);

    [GeneratedRegex(@"^(1[3-9]\d{9}|0\d{2,3}-?\d{7,8})$")]
    private static partial Regex PhonePattern();

    /// <summary>Every field's problem at once. Markup and a filled-in hidden field (which only scripts see) are refused.</summary>
    private static Valid Validate(IntentionInput input, IReadOnlyList<string> industries)
    {
        var errors = new Dictionary<string, Phrase>();
        if (!string.IsNullOrEmpty(input.Website))
        {
            throw DomainException.Invalid("website", "提交未被接受：表单中有不应填写的项目。");
        }
        string? Text(string field, string? value, int max, bool required, string label)
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
            else if (text.IndexOfAny(['<', '>']) >= 0)
            {
                errors[field] = new Phrase("{0}不能包含 < 或 > 等标记字符。", label);
            }
            else if (TextGuard.Forbidden(text, max <= TextGuard.SingleLineUpTo) is { } c)
            {
                errors[field] = new Phrase("{0}含有不可见的控制字符（{1}），请删除后再提交。", label, TextGuard.Describe(c));
            }
            return text;
        }
        var company = Text("company", input.Company, 200, true, "企业名称");
        if (company is { Length: < 2 } && !errors.ContainsKey("company"))
        {
            errors["company"] = new Phrase("企业名称至少 2 个字。");
        }
        string? credit = null;
        if (!string.IsNullOrWhiteSpace(input.CreditCode))
        {
            if (CreditCode.Problem(input.CreditCode, out var normalized) is { } problem)
            {
                errors["creditCode"] = problem;
            }
            credit = normalized;
        }
        var contact = Text("contactName", input.ContactName, 50, true, "联系人");
        var phone = (input.Phone ?? "").Trim().Replace(" ", "", StringComparison.Ordinal);
        if (phone.Length == 0)
        {
            errors["phone"] = new Phrase("请填写联系电话。");
        }
        else if (!PhonePattern().IsMatch(phone))
        {
            errors["phone"] = new Phrase("联系电话应为 11 位手机号码，或带区号的固定电话（如 0851-86881234）。");
        }
        var industry = string.IsNullOrWhiteSpace(input.Industry) ? null : input.Industry.Trim();
        if (industry is not null && !industries.Contains(industry))
        {
            errors["industry"] = new Phrase("请从列表中选择意向产业。");
        }
        if (input.AmountWan is { } amount && (amount <= 0 || amount > 100_000_000m || decimal.Round(amount, 2) != amount))
        {
            errors["amountWan"] = new Phrase("意向投资额应大于 0、不超过 1,000 亿元（以万元计，最多两位小数）。");
        }
        var needs = Text("needs", input.Needs, 1000, false, "需求");
        if (!input.Consent)
        {
            errors["consent"] = new Phrase("请阅读并同意个人信息处理规则后再提交。");
        }
        return errors.Count > 0 ? throw DomainException.Invalid(errors) : new Valid(company!, credit, contact!, phone, industry, input.AmountWan, needs);
    }

    /// <summary>YX-00000-00000-00000: fifteen random digits (about 50 bits), read out on a phone call without spelling.</summary>
    internal static string NewReference()
    {
        var digits = string.Concat(Enumerable.Range(0, 15).Select(_ => (char)('0' + RandomNumberGenerator.GetInt32(10))));
        return $"YX-{digits[..5]}-{digits[5..10]}-{digits[10..]}";
    }

    public static string? NormalReference(string? reference) =>
        reference?.Trim().ToUpperInvariant() is { Length: 20 } r && r.StartsWith("YX-", StringComparison.Ordinal) ? r : null;

    /// <summary>Where an intention is, by its reference (nothing of any other intention, nor of the officer's ledger).</summary>
    public async Task<FollowView> FollowAsync(string? reference, CancellationToken ct)
    {
        using var system = currentUser.AsSystem();
        var intention = await FindAsync(reference, ct);
        var project = await db.Projects.AsNoTracking().FirstAsync(p => p.Id == intention.ProjectId, ct);
        var unit = await db.Orgs.AsNoTracking().Where(o => o.Id == intention.OrgId).Select(o => o.Name).FirstAsync(ct);
        var code = await db.Set<EntryCode>().AsNoTracking().FirstAsync(c => c.Id == intention.CodeId, ct);
        var signed = project.ContractDate is not null && project.Stage is not (ProjectStage.Lead or ProjectStage.Reserve or ProjectStage.Negotiating);
        var appeals = signed
            ? (await db.Set<Ticket>().AsNoTracking().Where(t => t.EnterpriseId == intention.EnterpriseId && t.Kind == TicketKind.Appeal)
                .OrderByDescending(t => t.SubmittedAt).Take(50).Select(t => new { t.Number, t.Title, t.State, t.SubmittedAt }).ToListAsync(ct))
                .Select(t => new FollowAppeal(t.Number, t.Title, TicketWorkflow.StateName(t.State), DateTime.SpecifyKind(t.SubmittedAt, DateTimeKind.Utc))).ToList()
            : [];
        return new FollowView(intention.Reference, intention.Company, DateTime.SpecifyKind(intention.SubmittedAt, DateTimeKind.Utc), unit, StageMachine.Name(project.Stage),
            signed, project.ContractDate, code.ContactName, code.ContactPhone, intention.AccountRequestedAt is not null, intention.AccountVerifiedAt is not null, appeals);
    }

    /// <summary>
    /// After signing, the investor asks for the enterprise account, confirming the credit code the intention carried (or
    /// the one the enterprise is registered with); the code's officers verify it and the user administrators open it.
    /// </summary>
    public async Task RequestAccountAsync(string? reference, string? creditCode, CancellationToken ct)
    {
        using var system = currentUser.AsSystem();
        var intention = await FindAsync(reference, ct);
        var project = await db.Projects.AsNoTracking().FirstAsync(p => p.Id == intention.ProjectId, ct);
        if (project.ContractDate is null)
        {
            throw DomainException.Unprocessable("项目签约后才能申请企业账号。");
        }
        var registered = await db.Enterprises.AsNoTracking().Where(e => e.Id == intention.EnterpriseId).Select(e => e.CreditCode).FirstAsync(ct);
        if (CreditCode.Validate(creditCode, out var given) is not null || given != (registered ?? intention.CreditCode))
        {
            throw DomainException.Invalid("creditCode", "统一社会信用代码与登记的企业不一致，请核对后再试，或联系对接人员。");
        }
        if (intention.AccountRequestedAt is not null)
        {
            return;
        }
        intention.AccountRequestedAt = time.GetUtcNow().UtcDateTime;
        var code = await db.Set<EntryCode>().AsNoTracking().FirstAsync(c => c.Id == intention.CodeId, ct);
        var to = code.OwnerUserId is { } owner ? [owner] : await notifier.UsersAsync([intention.OrgId], [Roles.Officer], ct);
        await notifier.SendAsync(new Message(new Phrase("一码投：{0}申请开通企业账号", intention.Company),
            new Phrase("项目{0}已签约，投资方已核对统一社会信用代码，请核验后转用户管理员开通企业账号。", project.Code), "/EntryCodes/Intentions?account=requested"), to, ct);
        await db.SaveChangesAsync(ct);
    }

    private async Task<Intention> FindAsync(string? reference, CancellationToken ct) =>
        (NormalReference(reference) is { } r ? await db.Set<Intention>().FirstOrDefaultAsync(i => i.Reference == r, ct) : null)
        ?? throw DomainException.NotFound("没有找到这个意向编号，请核对后再试。");

    internal static string Clip(string text, int max) => text.Length <= max ? text : text[..(max - 1)] + "…";
}

/// <summary>
/// The codes as the public pages read them, kept in memory for a minute (the page is opened a thousand times a second
/// at an expo), and forgotten at once when this node edits one.
/// </summary>
public sealed class CodeBook(IServiceScopeFactory scopes, TimeProvider time)
{
    public sealed record Entry(Guid Id, string Token, EntryCodeKind Kind, string Title, string? Introduction, IReadOnlyList<string> Industries,
        string? ContactName, string? ContactPhone, Guid? OwnerUserId, DateOnly ExpiresOn, bool IsRevoked, Guid OrgId, string OrgPath, string Unit, DateTime ReadAt);

    private static readonly TimeSpan Life = TimeSpan.FromMinutes(1);
    private readonly ConcurrentDictionary<string, Entry> _codes = new(StringComparer.Ordinal);
    private (IReadOnlyList<string> Names, DateTime ReadAt)? _industries;

    public IReadOnlyList<string> IndustryChoices => _industries?.Names ?? [];

    public async Task<Entry?> FindAsync(string token, CancellationToken ct)
    {
        var now = time.GetUtcNow().UtcDateTime;
        if (_industries is null || now - _industries.Value.ReadAt > Life)
        {
            await ReadIndustriesAsync(now, ct);
        }
        // Only a signed token is looked up: nobody without the key can make the store hold made-up ones.
        if (_codes.TryGetValue(token, out var hit) && now - hit.ReadAt < Life)
        {
            return hit;
        }
        using var scope = scopes.CreateScope();
        var db = scope.ServiceProvider.GetRequiredService<AppDb>();
        using var system = scope.ServiceProvider.GetRequiredService<CurrentUser>().AsSystem();
        var code = await (from c in db.Set<EntryCode>().AsNoTracking()
                          join o in db.Orgs on c.OrgId equals o.Id
                          where c.Token == token
                          select new { c, o.Name }).FirstOrDefaultAsync(ct);
        var entry = code is null ? null : new Entry(code.c.Id, code.c.Token, code.c.Kind, code.c.Title, code.c.Introduction, EntryCodeTerms.Industries(code.c.Industries),
            code.c.ContactName, code.c.ContactPhone, code.c.OwnerUserId, code.c.ExpiresOn, code.c.IsRevoked, code.c.OrgId, code.c.OrgPath, code.Name, now);
        if (_codes.Count >= 100_000)
        {
            _codes.Clear();
        }
        if (entry is not null)
        {
            _codes[token] = entry;
        }
        return entry;
    }

    private async Task ReadIndustriesAsync(DateTime now, CancellationToken ct)
    {
        using var scope = scopes.CreateScope();
        var db = scope.ServiceProvider.GetRequiredService<AppDb>();
        var names = await db.Industries.AsNoTracking().Where(i => i.IsActive).OrderBy(i => i.SortOrder).Select(i => i.Name).ToListAsync(ct);
        _industries = (names, now);
    }

    public void Forget(string token) => _codes.TryRemove(token, out _);
}
