using Microsoft.EntityFrameworkCore;
using Zhaoshang.Web.Data;
using Zhaoshang.Web.Shared;

namespace Zhaoshang.Web.Features.EntryCodes;

/// <summary>
/// The demo's entry codes (一码投): a park's, a resident office's, an expo's and an officer's card, each scanned over the
/// year, and a few intentions sent through them by the intake itself (so each is a lead, credited as a real one is).
/// </summary>
public sealed class DemoEntryCodesSeed : ISeed
{
    public int Order => 130;

    public async Task SeedAsync(SeedContext context, CancellationToken ct)
    {
        if (!context.DemoLedgerCreated)
        {
            return;
        }
        var services = context.Services;
        var db = context.Db;
        var time = services.GetRequiredService<TimeProvider>();
        var signer = services.GetRequiredService<CodeSigner>();
        var today = time.Today();
        var orgs = await db.Orgs.Where(o => new[] { "520100-GX", "520100-R01", "520100-D01", "520103" }.Contains(o.Code)).ToDictionaryAsync(o => o.Code, ct);
        var officer = await db.Users.Where(u => u.UserName == "officer.yunyan").Select(u => (Guid?)u.Id).FirstOrDefaultAsync(ct);
        var codes = new List<EntryCode>();
        void Code(string org, EntryCodeKind kind, string title, string introduction, string industries, string contact, string phone, Guid? owner = null)
        {
            if (!orgs.TryGetValue(org, out var o))
            {
                return;
            }
            var code = new EntryCode
            {
                Id = Guid.CreateVersion7(), Token = CodeSigner.NewToken(), Kind = kind, Title = title, Introduction = introduction, Industries = industries,
                ContactName = contact, ContactPhone = phone, OwnerUserId = owner, ExpiresOn = today.AddYears(1), OrgId = o.Id, OrgPath = o.Path, CreatedAt = context.Now,
            };
            db.Add(code);
            codes.Add(code);
        }
        Code("520100-GX", EntryCodeKind.Park, "贵阳国家高新技术产业开发区",
            "国家级高新区，重点发展大数据电子信息、高端装备制造和生物医药产业，现有标准厂房约 30 万平方米，可提供“拎包入驻”服务。", "大数据电子信息、先进装备制造、生物医药",
            "招商服务中心", "0851-84111111");
        Code("520100-R01", EntryCodeKind.ResidentOffice, "贵阳市驻北京联络处", "对接京津冀地区企业来筑投资，提供政策咨询、考察接待和项目落地全程服务。",
            "大数据电子信息、现代服务业", "联络处招商科", "010-65111111");
        Code("520100-D01", EntryCodeKind.Event, "2026 中国国际大数据产业博览会 · 贵阳专场", "数博会期间贵阳市投资推介专场，扫码登记投资意向，会后专人对接。",
            "大数据电子信息、新能源汽车", "市投资促进局", "0851-87111111");
        Code("520103", EntryCodeKind.Officer, "云岩区招商专员名片", "云岩区投资促进局招商专员，负责现代服务业和总部经济项目对接。", "现代服务业、总部经济",
            "云岩区招商专员", "0851-86111111", officer);
        var random = new Random(20);
        foreach (var code in codes)
        {
            for (var day = new DateOnly(today.Year, 1, 1); day <= today; day = day.AddDays(1 + random.Next(6)))
            {
                db.Add(new EntryCodeScanDay { CodeId = code.Id, Day = day, Count = 5 + random.Next(40), OrgPath = code.OrgPath });
            }
        }
        await db.SaveChangesAsync(ct);

        var intake = services.GetRequiredService<Intake>();
        var sent = new (int Code, string Company, string Industry, decimal Amount, string Needs)[]
        {
            (0, "深圳芯联微电子有限公司", "大数据电子信息", 80_000m, "需要 2 万平方米标准厂房，双回路供电"),
            (0, "苏州精工智能装备有限公司", "先进装备制造", 35_000m, "需要 50 亩工业用地"),
            (1, "北京数智云科技有限公司", "大数据电子信息", 120_000m, "数据中心用地及电力配套"),
            (2, "杭州云图信息技术有限公司", "大数据电子信息", 15_000m, "办公场地及人才政策"),
            (3, "上海华锦商业管理有限公司", "其他服务业", 30_000m, "区域总部办公楼宇"),
        };
        foreach (var (index, company, industry, amount, needs) in sent.Where(s => s.Code < codes.Count))
        {
            var code = codes[index];
            await intake.SubmitAsync(signer.Segment(code.Token, code.ExpiresOn),
                new IntentionInput(company, null, "投资部经理", "13800000000", industry, amount, needs, Consent: true), () => { }, ct);
        }
    }
}
