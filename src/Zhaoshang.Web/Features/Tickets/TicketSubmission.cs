using System.Globalization;
using Microsoft.EntityFrameworkCore;
using Zhaoshang.Web.Data;
using Zhaoshang.Web.Features.Accounts;
using Zhaoshang.Web.Features.Notifications;
using Zhaoshang.Web.Features.Orgs;
using Zhaoshang.Web.Features.Projects;
using Zhaoshang.Web.Shared;

namespace Zhaoshang.Web.Features.Tickets;

public sealed record TicketInput(TicketKind Kind, TicketCategory Category, string? Title, string? Description, Guid? ProjectId, Guid? EnterpriseId,
    TicketLevel? Level);

/// <summary>
/// Filing a problem or an appeal: checked, numbered (WT-2026-000001), given to the desk the routing rules name, and
/// announced to that desk's officers.
/// </summary>
public sealed class TicketSubmission(AppDb db, CurrentUser currentUser, TimeProvider time, Router router, Notifier notifier, TicketAccess access,
    TicketQueries queries)
{
    private static readonly string[] Submitters = [Roles.Officer, Roles.Handler, Roles.Enterprise];

    private DateOnly Today => time.Today();

    public async Task<TicketDetail> CreateAsync(TicketInput input, CancellationToken ct = default)
    {
        currentUser.Require(Submitters);
        var title = input.Title?.Trim() ?? "";
        if (title.Length is 0 or > 200)
        {
            throw DomainException.Invalid("title", "标题不能为空，且不超过 200 个字符。");
        }
        if (input.Description?.Length > 4000)
        {
            throw DomainException.Invalid("description", "描述不超过 4000 个字符。");
        }
        if (!Enum.IsDefined(input.Kind) || !Enum.IsDefined(input.Category) || input.Level is { } l && !Enum.IsDefined(l))
        {
            throw DomainException.Invalid("category", "问题类型无效。");
        }
        Org area;
        Guid? enterpriseId = input.EnterpriseId;
        if (access.IsEnterprise && input.Kind == TicketKind.Needs)
        {
            // The investor's own project (through the portal): one its enterprise invests in, before the signing.
            enterpriseId = await access.MyEnterpriseAsync(ct);
            var pid = input.ProjectId ?? throw DomainException.Invalid("projectId", "项目需求须选择项目。");
            var project = await db.Projects.IgnoreQueryFilters().AsNoTracking()
                .FirstOrDefaultAsync(p => p.Id == pid && db.ProjectInvestors.Any(i => i.ProjectId == p.Id && i.EnterpriseId == enterpriseId), ct)
                ?? throw DomainException.Invalid("projectId", "只能为本企业投资的项目提交需求。");
            area = await NeedsAreaAsync(project, ct);
        }
        else if (access.IsEnterprise)
        {
            enterpriseId = await access.MyEnterpriseAsync(ct);
            if (input.Kind != TicketKind.Appeal || input.ProjectId is not null)
            {
                throw DomainException.Invalid("kind", "企业账号只能提交企业诉求或本企业项目的需求。");
            }
            area = await db.Orgs.IgnoreQueryFilters().AsNoTracking().FirstAsync(o => o.Id == currentUser.OrgId, ct);
        }
        else if (input.Kind == TicketKind.Needs)
        {
            var pid = input.ProjectId ?? throw DomainException.Invalid("projectId", "项目需求须选择项目。");
            var project = await db.Projects.AsNoTracking().FirstOrDefaultAsync(p => p.Id == pid, ct)
                ?? throw DomainException.NotFound("项目不存在或不在您的数据范围内。");
            area = await NeedsAreaAsync(project, ct);
            enterpriseId ??= await db.ProjectInvestors.AsNoTracking().Where(i => i.ProjectId == pid).Select(i => (Guid?)i.EnterpriseId).FirstOrDefaultAsync(ct);
        }
        else if (input.Kind == TicketKind.Problem)
        {
            var pid = input.ProjectId ?? throw DomainException.Invalid("projectId", "项目堵点须选择项目。");
            var project = await db.Projects.AsNoTracking().FirstOrDefaultAsync(p => p.Id == pid, ct)
                ?? throw DomainException.NotFound("项目不存在或不在您的数据范围内。");
            if (project.Stage is not (ProjectStage.Signed or ProjectStage.Started or ProjectStage.Operating or ProjectStage.AtCapacity or ProjectStage.OnHold))
            {
                throw DomainException.Invalid("projectId", "只有已签约的项目可以登记堵点问题（该项目处于“{0}”）。", new Word(StageMachine.Name(project.Stage)));
            }
            area = await db.Orgs.IgnoreQueryFilters().AsNoTracking().FirstAsync(o => o.Id == project.OrgId, ct);
            enterpriseId ??= await db.ProjectInvestors.AsNoTracking().Where(i => i.ProjectId == pid).Select(i => (Guid?)i.EnterpriseId).FirstOrDefaultAsync(ct);
        }
        else
        {
            if (enterpriseId is not { } e || !await db.Enterprises.AnyAsync(x => x.Id == e, ct))
            {
                throw DomainException.Invalid("enterpriseId", "企业诉求须选择提出诉求的企业。");
            }
            area = await db.Orgs.IgnoreQueryFilters().AsNoTracking().FirstAsync(o => o.Id == currentUser.OrgId, ct);
        }
        var ticket = await FileAsync(input with { Title = title, EnterpriseId = enterpriseId }, area, currentUser.Id!.Value, currentUser.UserName ?? "", ct);
        return await queries.GetAsync(ticket.Id, ct);
    }

    /// <summary>An investor's own projects whose needs it may submit (before the signing), for the portal's form.</summary>
    public async Task<IReadOnlyList<(Guid Id, string Code, string Name)>> MyProjectsAsync(CancellationToken ct = default)
    {
        var enterprise = await access.MyEnterpriseAsync(ct);
        var rows = await db.Projects.IgnoreQueryFilters().AsNoTracking()
            .Where(p => (p.Stage == ProjectStage.Reserve || p.Stage == ProjectStage.Negotiating) && db.ProjectInvestors.Any(i => i.ProjectId == p.Id && i.EnterpriseId == enterprise))
            .OrderBy(p => p.Code).Select(p => new { p.Id, p.Code, p.Name }).Take(100).ToListAsync(ct);
        return [.. rows.Select(r => (r.Id, r.Code, r.Name))];
    }

    /// <summary>A project's needs are reviewed before it signs (储备, 洽谈), in the project's unit.</summary>
    private async Task<Org> NeedsAreaAsync(Project project, CancellationToken ct)
    {
        if (!StageMachine.IsBeforeSigning(project.Stage) || project.Stage == ProjectStage.Lead)
        {
            throw DomainException.Invalid("projectId", "只有储备、洽谈阶段的项目可以提交需求并联会审（该项目处于“{0}”）。", new Word(StageMachine.Name(project.Stage)));
        }
        return await db.Orgs.IgnoreQueryFilters().AsNoTracking().FirstAsync(o => o.Id == project.OrgId, ct);
    }

    /// <summary>
    /// The system files a problem (堵点) on a major project whose plan slipped: routed, numbered and announced like any
    /// other, in the project's unit, at any stage from 储备 on (a plan's first nodes come before the signing); the
    /// submitter is the system. Whatever the caller has changed in the same unit of work is saved with it (the node that
    /// points to <paramref name="ticketId"/>).
    /// </summary>
    public async Task<Ticket> FileForProjectAsync(Guid ticketId, Guid projectId, TicketCategory category, string title, string? description, CancellationToken ct = default)
    {
        using var system = currentUser.AsSystem();
        var project = await db.Projects.AsNoTracking().FirstAsync(p => p.Id == projectId, ct);
        var area = await db.Orgs.AsNoTracking().FirstAsync(o => o.Id == project.OrgId, ct);
        var enterpriseId = await db.ProjectInvestors.AsNoTracking().Where(i => i.ProjectId == projectId).Select(i => (Guid?)i.EnterpriseId).FirstOrDefaultAsync(ct);
        return await FileAsync(new TicketInput(TicketKind.Problem, category, title, description, projectId, enterpriseId, null), area, Guid.Empty, "系统", ct, ticketId);
    }

    /// <summary>A checked ticket given to the desk the routing names for its area and level, and announced to the desk's officers.</summary>
    private async Task<Ticket> FileAsync(TicketInput input, Org area, Guid submitterId, string submitterName, CancellationToken ct, Guid? ticketId = null)
    {
        var title = input.Title!;
        var enterpriseId = input.EnterpriseId;
        var ancestors = await router.AncestorsAsync(area, ct);
        var level = input.Level ?? Router.DefaultLevel(ancestors);
        var desk = await router.DeskAsync(ancestors, level, ct);
        var now = time.GetUtcNow().UtcDateTime;
        var ticket = new Ticket
        {
            Id = ticketId ?? Guid.CreateVersion7(), Number = "", Kind = input.Kind, Category = input.Category, Level = level, Title = title,
            Description = string.IsNullOrWhiteSpace(input.Description) ? null : input.Description.Trim(), ProjectId = input.Kind is TicketKind.Problem or TicketKind.Needs ? input.ProjectId : null,
            EnterpriseId = enterpriseId, SubmitterId = submitterId, SubmitterName = submitterName, OrgId = area.Id, OrgPath = area.Path,
            DeskOrgId = desk.Id, State = TicketState.Submitted, SubmittedAt = now,
        };
        using (currentUser.AsSystem())
        {
            for (var attempt = 0; ; attempt++)
            {
                ticket.Number = await NextNumberAsync(ct);
                db.Set<Ticket>().Add(ticket);
                TicketRecords.AddParty(db, ticket, desk, PartyRole.Desk);
                TicketRecords.AddEvent(db, currentUser, time, ticket, "submit", null, TicketState.Submitted, area.Id, title);
                db.Set<TicketTitleGram>().AddRange(TicketTitleGram.For(ticket));
                await TicketRecords.SyncScopesAsync(db, [ticket], ct);
                await notifier.SendAsync(new Message(new Phrase("新{0}待受理：{1}", new Word(TicketWorkflow.KindName(ticket.Kind)), ticket.Number),
                    new Phrase("{0}（{1}，{2}）", title, area.Name, new Word(TicketWorkflow.CategoryName(ticket.Category))),
                    TicketRecords.Link(ticket)), (await notifier.UsersAsync([desk.Id], [Roles.Officer], ct)).Where(u => u != currentUser.Id), ct);
                try
                {
                    await db.SaveChangesAsync(ct);
                    break;
                }
                catch (DbUpdateException) when (attempt < 3)
                {
                    db.ChangeTracker.Clear(); // another submission took the number
                }
            }
        }
        return ticket;
    }

    private async Task<string> NextNumberAsync(CancellationToken ct)
    {
        var prefix = $"WT-{Today.Year}-";
        var end = OrgPaths.End(prefix);
        var last = await db.Set<Ticket>().IgnoreQueryFilters().Where(t => string.Compare(t.Number, prefix) >= 0 && string.Compare(t.Number, end) < 0)
            .MaxAsync(t => (string?)t.Number, ct);
        var next = last is null ? 1 : int.Parse(last[prefix.Length..], CultureInfo.InvariantCulture) + 1;
        return prefix + next.ToString("D6", CultureInfo.InvariantCulture);
    }
}
