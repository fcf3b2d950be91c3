using Microsoft.EntityFrameworkCore;
using Zhaoshang.Web.Features.Accounts;
using Zhaoshang.Web.Features.Notifications;
using Zhaoshang.Web.Features.Orgs;
using Zhaoshang.Web.Data;
using Zhaoshang.Web.Shared;

namespace Zhaoshang.Web.Features.Tickets;

/// <summary>
/// An action on a ticket. <see cref="Note"/> is the reason, answer, comment or supplement; <see cref="OrgIds"/> the
/// handling department(s) of a dispatch (several: a parallel review) and <see cref="OrgId"/> the reviewing department a
/// supplement answers; <see cref="Decision"/> a review's (approved, approvedWithConditions, declined); <see cref="Rating"/> 1–5.
/// </summary>
public sealed record TicketAction(string? Action, string? Note = null, Guid[]? OrgIds = null, Guid? OrgId = null, ReviewState? Decision = null,
    int? Rating = null, bool? Review = null, long? Version = null);

/// <summary>Every change to a ticket after it is filed goes through <see cref="ActAsync"/> and the transition table.</summary>
public sealed class TicketActions(AppDb db, CurrentUser currentUser, TimeProvider time, Router router, Notifier notifier, TicketAccess access,
    TicketQueries queries, Microsoft.Extensions.Options.IOptions<TicketOptions> options)
{
    private DateOnly Today => time.Today();

    private static readonly HashSet<string> NeedsNote = ["return", "decline", "answer", "sendBack", "reopen", "comment", "supplement", "requestMaterial", "escalate"];

    public async Task<TicketDetail> ActAsync(Guid id, TicketAction input, CancellationToken ct = default)
    {
        var visible = await (await access.VisibleAsync(ct)).AnyAsync(t => t.Id == id, ct);
        var ticket = visible ? await db.Set<Ticket>().IgnoreQueryFilters().FirstAsync(t => t.Id == id, ct) : throw TicketAccess.NotFound();
        if (input.Version is { } v && v != ticket.Version)
        {
            throw new ConflictException("该工单已被他人处理，请刷新后再操作。", await queries.GetAsync(id, ct));
        }
        var reviews = await db.Set<TicketReview>().Where(r => r.TicketId == id).ToListAsync(ct);
        var transition = TicketWorkflow.Check(input.Action, ticket.State, await access.ActorsAsync(ticket, reviews, ct), ticket.IsReview);
        var note = input.Note?.Trim();
        if (NeedsNote.Contains(transition.Action) && string.IsNullOrEmpty(note))
        {
            throw DomainException.Invalid("note", "“{0}”须填写说明。", Word.Bilingual(transition.Name, transition.NameEn));
        }
        if (note?.Length > 4000)
        {
            throw DomainException.Invalid("note", "说明不超过 4000 个字符。");
        }
        var from = ticket.State;
        // Which review parts are the caller's: decided in the caller's own scope, before the write lifts it.
        var reviewPaths = (await access.OrgNamesAsync(reviews.Select(r => r.OrgId), ct)).Paths;
        var myParts = reviews.Where(r => currentUser.CanWrite(reviewPaths.GetValueOrDefault(r.OrgId, "\u0001"))).ToList();
        // The ticket's parties lie outside the caller's scope by design: the service has checked who may act, the
        // write itself is the system's (recorded under the caller's name).
        using (currentUser.AsSystem())
        {
            Guid? eventOrg = null;
            switch (transition.Action)
            {
                case "dispatch":
                    eventOrg = await DispatchAsync(ticket, input, note, reviews, ct);
                    break;
                case "answer":
                    ticket.Answer = note;
                    Answered(ticket);
                    break;
                case "review":
                case "requestMaterial":
                    eventOrg = ReviewPart(ticket, input, note, reviews, myParts, transition.Action == "requestMaterial");
                    break;
                case "supplement":
                    eventOrg = Supplement(ticket, input, reviews);
                    break;
                case "rate":
                    if (input.Rating is not (>= 1 and <= 5))
                    {
                        throw DomainException.Invalid("rating", "评价须为 1 至 5 分。");
                    }
                    (ticket.Rating, ticket.RatingComment) = (input.Rating, string.IsNullOrEmpty(note) ? null : note);
                    break;
                case "reopen":
                    (ticket.Rating, ticket.RatingComment, ticket.ClosedAt) = (null, null, null);
                    break;
                case "escalate":
                    await EscalationSweep.EscalateAsync(db, router, notifier, ticket, time.GetUtcNow().UtcDateTime, currentUser, note, ct);
                    break;
            }
            if (transition.To is { } to)
            {
                ticket.State = to;
            }
            if (ticket.State == TicketState.Closed && from != TicketState.Closed)
            {
                ticket.ClosedAt = time.GetUtcNow().UtcDateTime;
            }
            if (transition.Action != "escalate")
            {
                var rated = transition.Action != "rate" ? null
                    : string.IsNullOrEmpty(note) ? new Phrase("{0} 分", input.Rating) : new Phrase("{0} 分：{1}", input.Rating, note);
                TicketRecords.AddEvent(db, currentUser, time, ticket, transition.Action, from, ticket.State == from ? null : ticket.State, eventOrg, rated?.ToString() ?? note, rated);
            }
            await NotifyAsync(ticket, transition, note, ct);
            await TicketRecords.SyncScopesAsync(db, [ticket], ct);
            try
            {
                await db.SaveChangesAsync(ct);
            }
            catch (DbUpdateConcurrencyException)
            {
                db.ChangeTracker.Clear();
                throw new ConflictException("该工单已被他人处理，请刷新后再操作。", await queries.GetAsync(id, ct));
            }
        }
        return await queries.GetAsync(id, ct);
    }

    private void Answered(Ticket ticket)
    {
        ticket.AnsweredAt = time.GetUtcNow().UtcDateTime;
        ticket.OnTime ??= ticket.DueDate is not { } due || Today <= due;
    }

    private async Task<Guid?> DispatchAsync(Ticket ticket, TicketAction input, string? note, List<TicketReview> existing, CancellationToken ct)
    {
        var area = await db.Orgs.IgnoreQueryFilters().AsNoTracking().FirstAsync(o => o.Id == ticket.OrgId, ct);
        var ancestors = await router.AncestorsAsync(area, ct);
        var route = await router.RouteAsync(ancestors, ticket.Category, ticket.Level, ct);
        var chosen = (input.OrgIds ?? []).Distinct().ToList();
        List<Org> handlers;
        Phrase routing;
        if (chosen.Count == 0)
        {
            handlers = route.Handler is { } h ? [h] : throw DomainException.Invalid("orgIds", "该类问题没有默认承办单位，请选择承办单位。");
            routing = route.Note;
        }
        else
        {
            handlers = await db.Orgs.IgnoreQueryFilters().AsNoTracking().Where(o => chosen.Contains(o.Id) && o.IsActive).ToListAsync(ct);
            if (handlers.Count != chosen.Count)
            {
                throw DomainException.Invalid("orgIds", "承办单位不存在或已停用。");
            }
            var overrides = route.Handler is { } rule && (chosen.Count != 1 || chosen[0] != rule.Id);
            if (overrides && string.IsNullOrEmpty(note))
            {
                throw DomainException.Invalid("note", "改派（不按规则派给{0}）须说明理由。", route.Handler!.Name);
            }
            routing = overrides ? new Phrase("改派：{0}", note)
                : route.Handler is not null ? route.Note
                : string.IsNullOrEmpty(note) ? new Phrase("由派单人选择承办单位") : new Phrase("由派单人选择承办单位：{0}", note);
        }
        // A project's needs always go to review, with one deadline for every department.
        var review = ticket.Kind == TicketKind.Needs || (input.Review ?? handlers.Count > 1);
        ticket.IsReview = review;
        ticket.HandlerOrgId = handlers[0].Id;
        ticket.SlaWorkingDays = ticket.Kind == TicketKind.Needs ? options.Value.NeedsReviewWorkingDays : route.SlaWorkingDays;
        ticket.DispatchedAt = time.GetUtcNow().UtcDateTime;
        var calendar = await WorkCalendar.LoadAsync(db, ct);
        ticket.DueDate = calendar.AddWorkingDays(Today, ticket.SlaWorkingDays);
        // A deadline counted through a year whose holiday notice nobody has entered yet says so (the admin enters it on the settings page).
        var unknown = Enumerable.Range(Today.Year, ticket.DueDate.Value.Year - Today.Year + 1).Where(y => !calendar.Years.Contains(y)).ToList();
        if (unknown.Count > 0)
        {
            routing = new Phrase("{0}（{1} 年节假日未设置，办理期限按周一至周五计算）", routing, string.Join("、", unknown));
        }
        // The dispatcher's reason may be longer than the column; the event keeps it whole.
        var said = routing.ToString();
        ticket.RoutingNote = said.Length > 500 ? said[..499] + "…" : said;
        ticket.RoutingPhrase = routing.ToJson();
        foreach (var handler in handlers)
        {
            TicketRecords.AddParty(db, ticket, handler, review ? PartyRole.Reviewer : PartyRole.Handler);
            if (review && existing.All(r => r.OrgId != handler.Id))
            {
                db.Set<TicketReview>().Add(new TicketReview { TicketId = ticket.Id, OrgId = handler.Id, State = ReviewState.Pending });
            }
        }
        if (route.ToJointMeeting && handlers[0].Kind == OrgKind.LeadingGroupOffice)
        {
            ticket.JointMeetingId = await NextMeetingAsync(db, handlers[0].Id, Today, ct);
        }
        return handlers[0].Id;
    }

    /// <summary>The next joint meeting the office holds on or after a day, if one is scheduled.</summary>
    internal static async Task<Guid?> NextMeetingAsync(AppDb db, Guid officeId, DateOnly from, CancellationToken ct) =>
        await db.Set<JointMeeting>().IgnoreQueryFilters().Where(m => m.OrgId == officeId && m.Date >= from).OrderBy(m => m.Date)
            .Select(m => (Guid?)m.Id).FirstOrDefaultAsync(ct);

    private Guid ReviewPart(Ticket ticket, TicketAction input, string? note, List<TicketReview> reviews, List<TicketReview> mine, bool requestMaterial)
    {
        // Only a part still waiting for its department's answer is answered; one given stands (a request for material reopens it).
        var open = mine.Where(r => r.State == ReviewState.Pending).ToList();
        var part = input.OrgId is { } org ? open.FirstOrDefault(r => r.OrgId == org) : open.Count == 1 ? open[0] : null;
        if (part is null)
        {
            throw DomainException.Invalid("orgId", "请指明以哪个会审部门的名义提交意见。");
        }
        if (requestMaterial)
        {
            (part.State, part.Comment) = (ReviewState.MaterialRequested, note);
        }
        else
        {
            if (input.Decision is not (ReviewState.Approved or ReviewState.ApprovedWithConditions or ReviewState.Declined))
            {
                throw DomainException.Invalid("decision", "会审意见须为同意（approved）、有条件同意（approvedWithConditions）或不同意（declined）。");
            }
            if (input.Decision != ReviewState.Approved && string.IsNullOrEmpty(note))
            {
                throw DomainException.Invalid("note", "有条件同意或不同意须说明条件或理由。");
            }
            (part.State, part.Comment) = (input.Decision.Value, note);
        }
        part.AnsweredAt = time.GetUtcNow().UtcDateTime;
        ticket.State = TicketState.InProgress;
        // Every department has answered: the combined result is the ticket's answer, for the desk to check.
        if (reviews.All(r => r.State is not (ReviewState.Pending or ReviewState.MaterialRequested)))
        {
            ticket.Answer = "并联会审结果：" + TicketWorkflow.Combined(reviews.Select(r => r.State).ToList());
            ticket.State = TicketState.Answered;
            Answered(ticket);
        }
        return part.OrgId;
    }

    /// <summary>The submitter's answer: to a return (the ticket goes back to the desk) or to one department's request for material (only that part reopens).</summary>
    private static Guid? Supplement(Ticket ticket, TicketAction input, List<TicketReview> reviews)
    {
        if (ticket.State == TicketState.Returned)
        {
            ticket.State = TicketState.Submitted;
            return null;
        }
        var asked = reviews.Where(r => r.State == ReviewState.MaterialRequested).ToList();
        var part = input.OrgId is { } org ? asked.FirstOrDefault(r => r.OrgId == org) : asked.Count == 1 ? asked[0] : null;
        if (part is null)
        {
            throw asked.Count == 0
                ? DomainException.Unprocessable("没有部门要求补充材料，不能执行“补充材料”。")
                : DomainException.Invalid("orgId", "请指明补充给哪个会审部门。");
        }
        part.State = ReviewState.Pending;
        return part.OrgId;
    }

    private async Task NotifyAsync(Ticket t, Transition transition, string? note, CancellationToken ct)
    {
        var title = new Phrase("{0}「{1}」{2}", t.Number, t.Title, Word.Bilingual(transition.Name, transition.NameEn));
        var state = new Word(TicketWorkflow.StateName(t.State));
        var status = t.DueDate is { } due ? new Phrase("状态：{0}，办理期限 {1:yyyy-MM-dd}", state, due) : new Phrase("状态：{0}", state);
        var body = string.IsNullOrEmpty(note) ? status : new Phrase("{0}\n{1}", status, note);
        var submitter = t.SubmitterId == currentUser.Id ? [] : new[] { t.SubmitterId };
        List<Guid> to = transition.Action switch
        {
            "dispatch" => await notifier.UsersAsync(await HandlingOrgsAsync(t, ct), [Roles.Handler, Roles.Officer], ct),
            "answer" or "review" or "supplement" or "comment" => [.. await notifier.UsersAsync([t.DeskOrgId], [Roles.Officer], ct), .. submitter],
            "requestMaterial" or "return" or "decline" or "check" => [.. submitter],
            "sendBack" or "reopen" or "rate" => await notifier.UsersAsync([.. await HandlingOrgsAsync(t, ct), t.DeskOrgId], [Roles.Handler, Roles.Officer], ct),
            _ => [],
        };
        to.RemoveAll(u => u == currentUser.Id); // no message about one's own step
        // The inbox gets the users whose turn it is; the group robots get every step.
        await notifier.SendAsync(new Message(title, body, TicketRecords.Link(t)), to, ct);
    }

    /// <summary>The handling or reviewing departments, those saved and those this action adds.</summary>
    private async Task<List<Guid>> HandlingOrgsAsync(Ticket t, CancellationToken ct) =>
        [.. await db.Set<TicketParty>().Where(p => p.TicketId == t.Id && (p.Role == PartyRole.Handler || p.Role == PartyRole.Reviewer)).Select(p => p.OrgId).ToListAsync(ct),
            .. db.ChangeTracker.Entries<TicketParty>().Where(e => e.State == EntityState.Added && e.Entity.TicketId == t.Id).Select(e => e.Entity.OrgId),
            .. t.HandlerOrgId is { } h ? new[] { h } : []];
}
