using System.Text;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Zhaoshang.Web.Features.Accounts;
using Zhaoshang.Web.Features.Orgs;
using Zhaoshang.Web.Shared;

namespace Zhaoshang.Web.Data;

public sealed record SeedAccount(string UserName, string DisplayName, string Role, string OrgCode);

/// <summary>
/// Applies the migrations and, on an empty database, creates what a first start needs: the roles, the three admin
/// accounts with random passwords (never a default one), and in demo mode the Guizhou org tree with a demo user per
/// role. The passwords are printed once and written to data/initial-credentials.txt (mode 600).
/// </summary>
public static class Seeder
{
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


    public const string CredentialsFile = "initial-credentials.txt";

    public static async Task InitializeDatabaseAsync(this WebApplication app)
    {
        using var scope = app.Services.CreateScope();
        var services = scope.ServiceProvider;
        var db = services.GetRequiredService<AppDb>();
        // A migration rewrites whole tables (a province's ledger: millions of rows), so it gets hours, not the 30 s of a query.
        db.Database.SetCommandTimeout(TimeSpan.FromHours(2));
        var newDatabase = !(await db.Database.GetAppliedMigrationsAsync()).Any();
        var migrating = (await db.Database.GetPendingMigrationsAsync()).Any();
        await db.Database.MigrateAsync();
        db.Database.SetCommandTimeout(null);
        if (migrating)
        {
            await SqlitePragmas.CheckpointAsync(db, CancellationToken.None);
        }
        await CheckOrdinalCollationAsync(db);
        var chain = services.GetRequiredService<Features.Audit.AuditChain>();
        if (chain.KeyCreated && await db.AuditEntries.AnyAsync())
        {
            throw new InvalidOperationException(
                "The audit trail exists but its key (Audit:KeyFile / ZS_AUDIT_KEY) was not found: restore the key; a new one would break the chain.");
        }
        chain.PersistNewKey();
        await chain.OpenMarkAsync(db, newDatabase);
        var config = services.GetRequiredService<IConfiguration>();
        var demo = IsDemo(config);
        var created = await SeedAsync(services, demo);
        if (demo && DemoLedgerOn(config) && !await db.Projects.AnyAsync())
        {
            await Features.Projects.DemoLedger.SeedAsync(services);
            await Features.Projects.DemoLedger.GenerateGuiyang2023Async(services);
            await Features.Assessment.DemoTargets.SeedAsync(services);
            await Features.Tickets.DemoTickets.SeedAsync(services);
        }
        if (created.Count > 0)
        {
            var paths = services.GetRequiredService<AppPaths>();
            var file = paths.File(CredentialsFile);
            var text = new StringBuilder();
            foreach (var (account, password, orgName) in created)
            {
                text.Append(account.UserName).Append('\t').Append(password).Append('\t').Append(account.Role).Append('\t')
                    .Append(account.OrgCode).Append('\t').Append(orgName).Append('\n');
            }
            AppPaths.WriteSecretFile(file, text.ToString());
            // The passwords go to the private file only: a console is often collected into logs. Said here is where they are.
            Console.WriteLine($"Zhaoshang: {created.Count} initial accounts created ({(demo ? "demo" : "production")} mode); "
                + $"their user names and one-time passwords are in {file} (mode 600).");
        }
    }

    /// <summary>
    /// Subtrees are queried as ordinal ranges of org paths (<see cref="OrgPaths"/>), so PostgreSQL must compare text
    /// byte by byte: a database created with a language collation (zh_CN, en_US) would silently lose rows.
    /// </summary>
    private static async Task CheckOrdinalCollationAsync(AppDb db)
    {
        if (db.Database.IsNpgsql()
            && !(await db.Database.SqlQueryRaw<bool>("SELECT ('/1/' < '/10' AND 'B' < 'a' AND '-' < '/') AS \"Value\"").ToListAsync()).Single())
        {
            throw new InvalidOperationException(
                "The PostgreSQL database must use the C collation (createdb --lc-collate=C.UTF-8 --lc-ctype=C.UTF-8 -T template0): org subtrees are ordinal ranges.");
        }
    }

    private static bool DemoLedgerOn(IConfiguration config) => config.GetValue("Zhaoshang:DemoLedger", true);

    /// <summary>
    /// Demo data only when the operator chose it (<c>Zhaoshang:Mode</c> = <c>Demo</c>): an unset mode is production on
    /// either database, so a deployment never gets the demo org tree and accounts by default.
    /// </summary>
    public static bool IsDemo(IConfiguration config)
    {
        var mode = config["Zhaoshang:Mode"]?.Trim();
        if (string.IsNullOrEmpty(mode) || mode.Equals("Production", StringComparison.OrdinalIgnoreCase))
        {
            return false;
        }
        if (mode.Equals("Demo", StringComparison.OrdinalIgnoreCase))
        {
            return true;
        }
        throw new InvalidOperationException($"Zhaoshang:Mode must be Demo or Production, not '{mode}'.");
    }

    private static async Task<List<(SeedAccount Account, string Password, string OrgName)>> SeedAsync(IServiceProvider services, bool demo)
    {
        var db = services.GetRequiredService<AppDb>();
        var roles = services.GetRequiredService<RoleManager<AppRole>>();
        var users = services.GetRequiredService<UserManager<AppUser>>();
        var config = services.GetRequiredService<IConfiguration>();
        var now = services.GetRequiredService<TimeProvider>().GetUtcNow().UtcDateTime;

        foreach (var role in Roles.All)
        {
            if (!await roles.RoleExistsAsync(role))
            {
                await roles.CreateAsync(new AppRole { Id = Guid.CreateVersion7(), Name = role });
            }
        }
        if (!await db.Industries.AnyAsync())
        {
            var sort = 0;
            db.Industries.AddRange(Features.Projects.Industry.Guizhou.Select(i => new Features.Projects.Industry
            {
                Name = i.Name, NameEn = i.NameEn, IsIndustrial = i.Industrial, IsManufacturing = i.Manufacturing, SortOrder = ++sort,
            }));
            await db.SaveChangesAsync();
        }
        // The indicators of seed 002's tables: reference data, added where missing (an edited indicator is kept).
        var indicators = await db.Indicators.Select(i => i.Code).ToListAsync();
        db.Indicators.AddRange(Features.Assessment.Indicator.Guiyang2023().Where(i => !indicators.Contains(i.Code)));
        await db.SaveChangesAsync();
        await Features.Tickets.WorkCalendar.SeedAsync(db, CancellationToken.None);
        await Features.Tickets.TicketTitleGram.BackfillAsync(db, CancellationToken.None);
        var created = new List<(SeedAccount, string, string)>();
        if (await db.Users.AnyAsync())
        {
            return created;
        }

        var orgSeeds = demo
            ? GuizhouOrgs.All
            : [new OrgSeed(config["Zhaoshang:RootOrgCode"] ?? GuizhouOrgs.ProvinceCode, config["Zhaoshang:RootOrgName"] ?? "贵州省", null, OrgKind.Province, null)];
        var byCode = await db.Orgs.ToDictionaryAsync(o => o.Code);
        var order = 0;
        foreach (var seed in orgSeeds)
        {
            order++;
            if (byCode.ContainsKey(seed.Code))
            {
                continue;
            }
            var parent = seed.ParentCode is null ? null : byCode[seed.ParentCode];
            var org = Org.Create(seed.Code, seed.Name, seed.NameEn, seed.Kind, parent, order, now);
            org.Coordinates = seed.Coordinates;
            db.Orgs.Add(org);
            byCode[org.Code] = org;
        }
        await db.SaveChangesAsync();

        if (demo)
        {
            await Features.Tickets.DemoRouting.SeedAsync(db, byCode, now);
        }
        var root = byCode[orgSeeds[0].Code];
        var accounts = !demo ? Admins.Select(a => a with { OrgCode = root.Code }).ToArray()
            : DemoLedgerOn(config) ? [.. Admins, .. DemoUsers, .. DeskOfficerUsers]
            : [.. Admins, .. DemoUsers];
        foreach (var account in accounts)
        {
            var org = byCode[account.OrgCode];
            var isAdmin = Roles.IsAdmin(account.Role);
            // The admins' generated passwords travel through a file, so they must be replaced at first sign-in;
            // demo users are for trying the product and need no change.
            var user = AppUser.Create(account.UserName, account.DisplayName, org, mustChangePassword: isAdmin, now);
            if (account.Role == Roles.Enterprise)
            {
                // The demo's enterprise account belongs to an enterprise of its zone: it can file an appeal at once.
                var enterprise = Features.Enterprises.DemoInvestors.AccountEnterprise(org, now);
                db.Enterprises.Add(enterprise);
                await db.SaveChangesAsync();
                user.EnterpriseId = enterprise.Id;
            }
            var password = PasswordService.Generate();
            var result = await users.CreateAsync(user, password);
            if (!result.Succeeded)
            {
                throw new InvalidOperationException($"Seeding {account.UserName} failed: {string.Join("; ", result.Errors.Select(e => e.Description))}");
            }
            await users.AddToRoleAsync(user, account.Role);
            created.Add((account, password, org.Name));
        }
        return created;
    }
}
