using Microsoft.EntityFrameworkCore;
using Zhaoshang.Web.Data;
using Zhaoshang.Web.Features.Accounts;
using Zhaoshang.Web.Features.Projects;

namespace Zhaoshang.Web.Features.Tickets;

/// <summary>
/// The demo's problems and appeals, in the states a bureau sees on a working day: one waiting for its desk, one sent back
/// for information, one being handled, one answered, one waiting for the investor's rating, one closed and rated. Each
/// step is taken by the demo account whose work it is, through the workflow itself (routing, deadlines, messages), so the
/// demo shows what the product does. The demo's enterprise account files the appeals for the enterprise it was seeded with.
/// </summary>
public static class DemoTickets
{
    public static async Task SeedAsync(IServiceProvider services, CancellationToken ct = default)
    {
        var db = services.GetRequiredService<AppDb>();
        // A signed project of each submitting unit, the largest of the generated year.
        async Task<Guid> ProjectOfAsync(string code) => await db.Projects.AsNoTracking()
            .Where(p => p.OrgPath.EndsWith("/" + code + "/") && p.Stage == ProjectStage.Signed).OrderByDescending(p => p.ContractAmountYuan).Select(p => p.Id).FirstAsync(ct);
        var yunyan = await ProjectOfAsync("520103");
        var nanming = await ProjectOfAsync("520102");
        var wudang = await ProjectOfAsync("520112");
        var baiyun = await ProjectOfAsync("520113");

        async Task<Guid> FileAsync(string user, TicketKind kind, TicketCategory category, string title, string description, Guid? project) =>
            (await AsAsync(services, user, t => t.GetRequiredService<TicketSubmission>().CreateAsync(new TicketInput(kind, category, title, description, project, null, null), ct))).Ticket.Id;
        async Task ActAsync(string user, Guid ticket, string action, string? note = null, int? rating = null) =>
            await AsAsync(services, user, t => t.GetRequiredService<TicketActions>().ActAsync(ticket, new TicketAction(action, note, Rating: rating), ct));

        await FileAsync("enterprise.demo", TicketKind.Appeal, TicketCategory.Approvals, "生产线技改项目环评审批进度咨询",
            "企业智能装备生产线技改项目环评报告已于上月提交，请协调加快审批。", null);

        var returned = await FileAsync("officer.baiyun", TicketKind.Problem, TicketCategory.SingleItem, "项目施工许可办理受阻",
            "项目已取得用地，施工许可因图审意见未办结。", baiyun);
        await ActAsync("officer.baiyun", returned, "return", "请补充图审意见及已办手续清单。");

        var land = await FileAsync("officer.yunyan", TicketKind.Problem, TicketCategory.Land, "项目用地指标未落实",
            "项目签约后用地指标尚未下达，影响开工。", yunyan);
        await ActAsync("officer.yunyan", land, "accept");
        await ActAsync("officer.yunyan", land, "dispatch");
        await ActAsync("handler.zrgh", land, "start");

        var power = await FileAsync("officer.nanming", TicketKind.Problem, TicketCategory.Power, "厂区双回路供电接入",
            "项目试生产需双回路供电，供电方案待批复。", nanming);
        await ActAsync("officer.nanming", power, "accept");
        await ActAsync("officer.nanming", power, "dispatch");
        await ActAsync("handler.fgw", power, "start");
        await ActAsync("handler.fgw", power, "answer", "已协调供电局，供电方案本月内批复，双回路接入纳入年度电网建设计划。");

        var financing = await FileAsync("enterprise.demo", TicketKind.Appeal, TicketCategory.Financing, "技改项目中长期贷款对接",
            "企业拟申请技改项目中长期贷款 8000 万元，请协助对接银行。", null);
        await ActAsync("officer.gaoxin", financing, "accept");
        await ActAsync("officer.gaoxin", financing, "dispatch");
        await ActAsync("handler.jrb", financing, "start");
        await ActAsync("handler.jrb", financing, "answer", "已组织三家银行与企业对接，授信方案进入审批。");
        await ActAsync("officer.gaoxin", financing, "check");

        var labour = await FileAsync("officer.wudang", TicketKind.Problem, TicketCategory.Labour, "投产前技术工人招聘",
            "项目投产前需招聘技术工人 200 名。", wudang);
        await ActAsync("officer.wudang", labour, "accept");
        await ActAsync("officer.wudang", labour, "dispatch");
        await ActAsync("handler.rsj", labour, "start");
        await ActAsync("handler.rsj", labour, "answer", "已举办专场招聘会，达成就业意向 230 人。");
        await ActAsync("officer.wudang", labour, "check");
        await ActAsync("officer.wudang", labour, "rate", "问题解决及时。", rating: 5);
    }

    /// <summary>Runs a step as a demo account: a scope whose request carries that account's principal, as a signed-in request would.</summary>
    private static async Task<T> AsAsync<T>(IServiceProvider services, string userName, Func<IServiceProvider, Task<T>> work)
    {
        using var scope = services.CreateScope();
        var db = scope.ServiceProvider.GetRequiredService<AppDb>();
        var row = await (from u in db.Users.AsNoTracking()
                         join o in db.Orgs.AsNoTracking() on u.OrgId equals o.Id
                         where u.UserName == userName
                         select new { u.Id, u.DisplayName, OrgId = o.Id, o.Code, o.Name, o.Path }).SingleAsync();
        var roles = await (from ur in db.UserRoles.AsNoTracking() join r in db.Roles.AsNoTracking() on ur.RoleId equals r.Id where ur.UserId == row.Id select r.Name!).ToArrayAsync();
        var principal = new SessionPrincipal(Guid.CreateVersion7(), row.Id, userName, row.DisplayName, row.OrgId, row.Code, row.Name, row.Path, row.Path, roles, false,
            DateTime.MaxValue, TimeSpan.FromMinutes(30)).ToPrincipal(AccountsSetup.CookieScheme);
        var accessor = scope.ServiceProvider.GetRequiredService<IHttpContextAccessor>();
        accessor.HttpContext = new DefaultHttpContext { User = principal, RequestServices = scope.ServiceProvider };
        try
        {
            return await work(scope.ServiceProvider);
        }
        finally
        {
            accessor.HttpContext = null;
        }
    }
}
