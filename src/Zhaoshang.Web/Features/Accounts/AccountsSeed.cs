using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Zhaoshang.Web.Data;
using Zhaoshang.Web.Features.Orgs;

namespace Zhaoshang.Web.Features.Accounts;

public sealed record SeedAccount(string UserName, string DisplayName, string Role, string OrgCode);

/// <summary>
/// The roles, always; on a first start the three admin accounts with random passwords (never a default one), and in
/// demo mode a demo user per role (with the demo ledger, a desk officer for every district and zone of Guiyang).
/// </summary>
public sealed class AccountsSeed : ISeed
{
    public int Order => 40;

    public static readonly SeedAccount[] Admins =
    [
        new("sysadmin", "系统管理员", Roles.SysAdmin, GuizhouOrgs.ProvinceCode),
        new("secadmin", "安全管理员", Roles.SecAdmin, GuizhouOrgs.ProvinceCode),
        new("auditadmin", "审计管理员", Roles.AuditAdmin, GuizhouOrgs.ProvinceCode),
    ];

    private static readonly (string Login, string Code, string Name)[] DeskOfficers =
    [
        ("huaxi", "520111", "花溪区"), ("wudang", "520112", "乌当区"), ("baiyun", "520113", "白云区"), ("guanshanhu", "520115", "观山湖区"),
        ("qingzhen", "520181", "清镇市"), ("xiuwen", "520123", "修文县"), ("xifeng", "520122", "息烽县"), ("kaiyang", "520121", "开阳县"),
        ("gaoxin", "520100-GX", "高新技术开发区"), ("jingkai", "520100-JK", "经济技术开发区"), ("zongbao", "520100-ZB", "贵阳综合保税区"),
        ("shuanglong", "520100-SL", "双龙航空港经济区"), ("guian", "GUIAN", "贵安新区"), ("wudangkf", "520112-KF", "乌当经济开发区"),
        ("baiyunkf", "520113-KF", "白云经济开发区"), ("qingzhenkf", "520181-KF", "清镇经济开发区"), ("xiuwenkf", "520123-KF", "修文经济开发区"),
        ("xifengkf", "520122-KF", "息烽经济开发区"), ("kaiyangkf", "520121-KF", "开阳经济开发区"), ("huaxigy", "520111-GY", "花溪工业园区"),
        ("guanshanhugy", "520115-GY", "观山湖区现代制造工业园区"),
    ];

    public static readonly SeedAccount[] DemoUsers =
    [
        new("leader.gz", "省级领导（演示）", Roles.Leader, GuizhouOrgs.ProvinceCode),
        new("leader.gy", "市级领导（演示）", Roles.Leader, GuizhouOrgs.GuiyangCode),
        new("officer.tcj", "市投资促进局招商专员（演示）", Roles.Officer, "520100-D01"),
        new("officer.yunyan", "云岩区招商专员（演示）", Roles.Officer, "520103"),
        new("officer.nanming", "南明区招商专员（演示）", Roles.Officer, "520102"),
        new("officer.beijing", "驻北京联络处招商专员（演示）", Roles.Officer, "520100-R01"),
        new("officer.zunyi", "遵义市招商专员（演示）", Roles.Officer, "520300"),
        new("assessor.gy", "市产业大招商领导小组办公室考核专员（演示）", Roles.Assessor, GuizhouOrgs.GuiyangCode),
        new("handler.gxj", "市工业和信息化局经办人（演示）", Roles.Handler, "520100-D05"),
        new("handler.fgw", "市发展改革委经办人（演示）", Roles.Handler, "520100-D04"),
        // The departments the demo's routing sends problems and appeals to.
        new("handler.zrgh", "市自然资源和规划局经办人（演示）", Roles.Handler, "520100-D16"),
        new("handler.jrb", "市金融办经办人（演示）", Roles.Handler, "520100-D12"),
        new("handler.rsj", "市人力资源社会保障局经办人（演示）", Roles.Handler, "520100-D17"),
        new("handler.zwzx", "市政务服务中心经办人（演示）", Roles.Handler, "520100-D18"),
        new("enterprise.demo", "企业用户（演示）", Roles.Enterprise, "520100-GX"),
    ];

    /// <summary>
    /// With the demo ledger, a desk officer for every district and zone of Guiyang: each receives its projects' problems
    /// and its investors' appeals (the demo tickets are theirs).
    /// </summary>
    public static readonly SeedAccount[] DeskOfficerUsers =
        [.. DeskOfficers.Select(d => new SeedAccount("officer." + d.Login, d.Name + "招商专员（演示）", Roles.Officer, d.Code))];

    public async Task SeedAsync(SeedContext context, CancellationToken ct)
    {
        var roles = context.Services.GetRequiredService<RoleManager<AppRole>>();
        var users = context.Services.GetRequiredService<UserManager<AppUser>>();
        foreach (var role in Roles.All)
        {
            if (!await roles.RoleExistsAsync(role))
            {
                await roles.CreateAsync(new AppRole { Id = Guid.CreateVersion7(), Name = role });
            }
        }
        if (!context.FirstStart)
        {
            return;
        }
        var db = context.Db;
        var byCode = await db.Orgs.ToDictionaryAsync(o => o.Code, ct);
        var root = await db.Orgs.Where(o => o.ParentId == null).OrderBy(o => o.SortOrder).FirstAsync(ct);
        var accounts = !context.Demo ? Admins.Select(a => a with { OrgCode = root.Code }).ToArray()
            : context.DemoLedger ? [.. Admins, .. DemoUsers, .. DeskOfficerUsers]
            : [.. Admins, .. DemoUsers];
        foreach (var account in accounts)
        {
            var org = byCode[account.OrgCode];
            // The admins' generated passwords travel through a file, so they must be replaced at first sign-in;
            // demo users are for trying the product and need no change.
            var user = AppUser.Create(account.UserName, account.DisplayName, org, mustChangePassword: Roles.IsAdmin(account.Role), context.Now);
            var password = PasswordService.Generate();
            var result = await users.CreateAsync(user, password);
            if (!result.Succeeded)
            {
                throw new InvalidOperationException($"Seeding {account.UserName} failed: {string.Join("; ", result.Errors.Select(e => e.Description))}");
            }
            await users.AddToRoleAsync(user, account.Role);
            context.Credentials.Add(new InitialCredential(account.UserName, password, account.Role, account.OrgCode, org.Name));
        }
    }
}
