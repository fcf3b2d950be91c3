using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Zhaoshang.Tests.Infrastructure;
using Zhaoshang.Web.Features.Activities;
using Zhaoshang.Web.Features.Enterprises;
using Zhaoshang.Web.Features.EntryCodes;

namespace Zhaoshang.Tests.EntryCodes;

/// <summary>
/// Issue 20, points 4–7: an entry code's address is signed and expires; a forged, altered, expired or withdrawn one is
/// refused; an intention sent through it becomes a lead of the code's unit credited to it (a resident office's first
/// contact); duplicates by credit code join the enterprise; the investor follows it; the public endpoints hold their
/// limits and refuse what scripts send.
/// </summary>
public sealed class EntryCodeTests
{
    public static string Credit(string seventeen) => seventeen + CreditCode.CheckCharacter(seventeen);

    public static async Task<JsonElement> CodeAsync(HttpClient officer, string kind, string title, DateOnly expires)
    {
        var made = await officer.PostAsJsonAsync("/api/entry-codes", new
        {
            kind, title, introduction = "园区简介：交通便利，配套齐全。", industries = "大数据电子信息、先进装备制造", contactName = "张科长", contactPhone = "0851-86881234",
            expiresOn = expires.ToString("yyyy-MM-dd"),
        });
        Assert.Equal(HttpStatusCode.Created, made.StatusCode);
        return await made.Content.ReadFromJsonAsync<JsonElement>();
    }

    public static object Intention(string company, string? credit = null, string? challengeToken = null, string? challengeAnswer = null) => new
    {
        company, creditCode = credit, contactName = "李经理", phone = "13800138000", industry = "大数据电子信息", amountWan = 50000m,
        needs = "需要标准厂房 2 万平方米", consent = true, challengeToken, challengeAnswer,
    };

    private static string Segment(JsonElement code) => code.GetProperty("path").GetString()!["/i/".Length..];

    private static DateOnly Today(TestApp app) => DateOnly.FromDateTime(app.Clock.GetUtcNow().UtcDateTime.AddHours(8));

    [Fact]
    public async Task A_signed_code_opens_and_a_forged_altered_expired_or_withdrawn_one_is_refused()
    {
        using var app = new TestApp();
        var officer = await app.ClientForAsync("officer.yunyan");
        var code = await CodeAsync(officer, "park", "云岩区大数据产业园", Today(app).AddDays(30));
        var segment = Segment(code);
        var investor = app.CreateClient();

        var opened = await investor.GetFromJsonAsync<JsonElement>($"/api/public/codes/{segment}");
        Assert.Equal("云岩区大数据产业园", opened.GetProperty("title").GetString());
        Assert.Equal("园区", opened.GetProperty("kind").GetString());
        Assert.Contains("大数据电子信息", opened.GetProperty("industries").EnumerateArray().Select(x => x.GetString()));
        var page = await investor.GetAsync($"/i/{segment}");
        Assert.Equal(HttpStatusCode.OK, page.StatusCode);
        Assert.Contains("投资意向", await page.Content.ReadAsStringAsync());

        // Any character changed — the token, the expiry (a code "extended" by hand) or the signature — and it is refused.
        char Other(char c) => c == 'a' ? 'b' : 'a';
        var altered = new[]
        {
            Other(segment[0]) + segment[1..],
            segment[..11] + (segment[11] == '2' ? '3' : '2') + segment[12..],
            segment[..^1] + Other(segment[^1]),
            segment[..^1],
            "abcdefghij-20991231-abcdefghijklmnop",
        };
        foreach (var forged in altered)
        {
            var refused = await investor.GetAsync($"/api/public/codes/{forged}");
            Assert.Equal(HttpStatusCode.NotFound, refused.StatusCode);
            Assert.Contains("地址不完整或已被改动", await refused.Content.ReadAsStringAsync());
            var refusedPage = await investor.GetAsync($"/i/{Uri.EscapeDataString(forged)}");
            Assert.Equal(HttpStatusCode.NotFound, refusedPage.StatusCode);
            Assert.Contains("二维码无法打开", await refusedPage.Content.ReadAsStringAsync());
            var sent = await investor.PostAsJsonAsync($"/api/public/codes/{forged}/intentions", Intention("伪造企业"));
            Assert.Equal(HttpStatusCode.NotFound, sent.StatusCode);
        }

        // Past its expiry: refused, saying so.
        app.Clock.Advance(TimeSpan.FromDays(31));
        var expired = await investor.GetAsync($"/api/public/codes/{segment}");
        Assert.Equal(HttpStatusCode.NotFound, expired.StatusCode);
        Assert.Contains("已过有效期", await expired.Content.ReadAsStringAsync());
        app.Clock.Advance(TimeSpan.FromDays(-31));

        // Withdrawn by its unit: refused, saying so; a code renewed has a new address and the old one says withdrawn.
        var other = await CodeAsync(officer, "event", "2026 数博会推介", Today(app).AddDays(30));
        var revoked = await officer.PostAsync($"/api/entry-codes/{other.GetProperty("id").GetGuid()}/revoke?version={other.GetProperty("version").GetInt64()}", null);
        Assert.Equal(HttpStatusCode.OK, revoked.StatusCode);
        var withdrawn = await investor.GetAsync($"/api/public/codes/{Segment(other)}");
        Assert.Equal(HttpStatusCode.NotFound, withdrawn.StatusCode);
        Assert.Contains("已被发码单位停用", await withdrawn.Content.ReadAsStringAsync());
        var renewed = await officer.PutAsJsonAsync($"/api/entry-codes/{code.GetProperty("id").GetGuid()}", new
        {
            kind = "park", title = "云岩区大数据产业园", expiresOn = Today(app).AddDays(60).ToString("yyyy-MM-dd"), version = code.GetProperty("version").GetInt64(),
        });
        Assert.Equal(HttpStatusCode.OK, renewed.StatusCode);
        var newPath = (await renewed.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("path").GetString()!;
        Assert.NotEqual(code.GetProperty("path").GetString(), newPath);
        Assert.Equal(HttpStatusCode.NotFound, (await investor.GetAsync($"/api/public/codes/{segment}")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await investor.GetAsync($"/api/public/codes/{newPath["/i/".Length..]}")).StatusCode);

        // The printable image: a PNG and an SVG holding the page's address.
        var png = await officer.GetAsync($"/api/entry-codes/{code.GetProperty("id").GetGuid()}/image?format=png");
        Assert.Equal("image/png", png.Content.Headers.ContentType?.MediaType);
        Assert.Equal([0x89, (byte)'P', (byte)'N', (byte)'G'], (await png.Content.ReadAsByteArrayAsync())[..4]);
        var svg = await officer.GetStringAsync($"/api/entry-codes/{code.GetProperty("id").GetGuid()}/image?format=svg");
        Assert.Contains("<svg", svg);
        // Another county's officer sees neither the code nor its image.
        var nanming = await app.ClientForAsync("officer.nanming");
        Assert.Equal(HttpStatusCode.NotFound, (await nanming.GetAsync($"/api/entry-codes/{code.GetProperty("id").GetGuid()}/image")).StatusCode);
        Assert.Equal(0, (await nanming.GetFromJsonAsync<JsonElement>("/api/entry-codes")).GetProperty("total").GetInt32());
    }

    [Theory, SqliteData, PostgresData]
    public async Task An_intention_becomes_a_lead_of_the_codes_unit_credited_to_it(Db db)
    {
        using var app = new TestApp(db);
        var office = await app.ClientForAsync("officer.beijing");
        var code = await CodeAsync(office, "residentOffice", "贵阳市驻北京联络处", Today(app).AddDays(90));
        var segment = Segment(code);
        var investor = app.CreateClient();
        var credit = Credit("91110108MA01ABCDE");

        var sent = await investor.PostAsJsonAsync($"/api/public/codes/{segment}/intentions", Intention("北京智算科技有限公司", credit));
        Assert.Equal(HttpStatusCode.Created, sent.StatusCode);
        var receipt = await sent.Content.ReadFromJsonAsync<JsonElement>();
        var reference = receipt.GetProperty("reference").GetString()!;
        Assert.Matches("^YX-[0-9]{5}-[0-9]{5}-[0-9]{5}$", reference);
        Assert.Equal("市政府驻北京联络处", receipt.GetProperty("unit").GetString());

        // The lead is the office's: a project at 线索 in its ledger with the enterprise as investor, the lead through the
        // office's channel, and the office's first contact with the enterprise (seed 002's 100 %).
        var stored = await app.WithDbAsync(async d =>
        {
            var i = await d.Set<Intention>().IgnoreQueryFilters().SingleAsync();
            var officeId = await d.Orgs.IgnoreQueryFilters().Where(o => o.Code == "520100-R01").Select(o => o.Id).SingleAsync();
            var project = await d.Projects.IgnoreQueryFilters().SingleAsync(p => p.Id == i.ProjectId);
            var lead = await d.Set<Lead>().IgnoreQueryFilters().SingleAsync(l => l.Id == i.LeadId);
            var investors = await d.ProjectInvestors.Where(x => x.ProjectId == project.Id).Select(x => x.EnterpriseId).ToListAsync();
            var part = await (from a in d.Activities.IgnoreQueryFilters()
                              join o in d.ActivityOffices on a.Id equals o.ActivityId
                              join e in d.Set<ActivityEnterprise>().IgnoreQueryFilters() on a.Id equals e.ActivityId
                              where a.ProjectId == project.Id
                              select new { a.Kind, o.OrgId, o.Role, e.EnterpriseId }).SingleAsync();
            var enterprise = await d.Enterprises.SingleAsync(e => e.Id == i.EnterpriseId);
            return (i, officeId, project, lead, investors, part.Kind, part.OrgId, part.Role, part.EnterpriseId, enterprise.CreditCode);
        });
        Assert.Equal(stored.officeId, stored.project.OrgId);
        Assert.Equal(Zhaoshang.Web.Features.Projects.ProjectStage.Lead, stored.project.Stage);
        Assert.Equal(500_000_000L, stored.project.AgreedInvestmentYuan);
        Assert.Equal([stored.i.EnterpriseId], stored.investors);
        Assert.Equal((LeadChannel.ResidentOffice, (Guid?)stored.officeId, stored.officeId), (stored.lead.Channel, stored.lead.SourceOrgId, stored.lead.OrgId));
        Assert.Equal((ActivityKind.Intention, stored.officeId, OfficeRole.FirstVisit, stored.i.EnterpriseId), (stored.Kind, stored.OrgId, stored.Role, stored.EnterpriseId));
        Assert.Equal(credit, stored.CreditCode);
        // The phone is encrypted at rest, and masked in the officer's list.
        Assert.DoesNotContain("13800138000", stored.i.PhoneCipher);
        Assert.False(string.IsNullOrEmpty(stored.i.PhoneCipher));
        var listed = await office.GetFromJsonAsync<JsonElement>("/api/intentions");
        Assert.Equal(1, listed.GetProperty("total").GetInt32());
        Assert.Equal("138****8000", listed.GetProperty("items")[0].GetProperty("phone").GetString());
        // The office's officers are told, with a link to the lead.
        var inbox = await office.GetStringAsync("/api/inbox");
        Assert.Contains("北京智算科技有限公司提交了投资意向", inbox);
        // The officer sees it in the ledger; another unit's officer does not.
        var ledger = await office.GetFromJsonAsync<JsonElement>("/api/projects?q=北京智算");
        Assert.Equal(1, ledger.GetProperty("total").GetInt32());
        var yunyan = await app.ClientForAsync("officer.yunyan");
        Assert.Equal(0, (await yunyan.GetFromJsonAsync<JsonElement>("/api/intentions")).GetProperty("total").GetInt32());

        // The same credit code again joins the enterprise and its open lead: one enterprise, one project, two intentions.
        var again = await investor.PostAsJsonAsync($"/api/public/codes/{segment}/intentions", Intention("北京智算科技", credit));
        Assert.Equal(HttpStatusCode.Created, again.StatusCode);
        var counts = await app.WithDbAsync(async d => (
            await d.Enterprises.CountAsync(e => e.CreditCode == credit),
            await d.Set<Intention>().IgnoreQueryFilters().Select(i => i.ProjectId).Distinct().CountAsync(),
            await d.Set<Intention>().IgnoreQueryFilters().CountAsync()));
        Assert.Equal((1, 1, 2), counts);

        // The investor follows it; after signing, asks for the enterprise account with the credit code; the officer
        // verifies and the user administrators are asked to open it.
        var follow = await investor.GetFromJsonAsync<JsonElement>($"/api/public/intentions/{reference}");
        Assert.Equal("线索", follow.GetProperty("stage").GetString());
        Assert.False(follow.GetProperty("signed").GetBoolean());
        Assert.Equal(HttpStatusCode.NotFound, (await investor.GetAsync("/api/public/intentions/YX-22222-22222-22222")).StatusCode);
        Assert.Equal(HttpStatusCode.UnprocessableEntity, (await investor.PostAsJsonAsync($"/api/public/intentions/{reference}/account", new { creditCode = credit })).StatusCode);
        var moved = await office.PostAsJsonAsync($"/api/projects/{stored.project.Id}/stage",
            new { to = "signed", date = Today(app).ToString("yyyy-MM-dd"), contractAmountYuan = 600_000_000L });
        Assert.True(moved.IsSuccessStatusCode, await moved.Content.ReadAsStringAsync());
        follow = await investor.GetFromJsonAsync<JsonElement>($"/api/public/intentions/{reference}");
        Assert.True(follow.GetProperty("signed").GetBoolean());
        Assert.Equal("签约", follow.GetProperty("stage").GetString());
        var wrong = await investor.PostAsJsonAsync($"/api/public/intentions/{reference}/account", new { creditCode = Credit("91110108MA01ABCDF") });
        Assert.Equal(HttpStatusCode.BadRequest, wrong.StatusCode);
        Assert.Contains("不一致", await wrong.Content.ReadAsStringAsync());
        Assert.Equal(HttpStatusCode.NoContent, (await investor.PostAsJsonAsync($"/api/public/intentions/{reference}/account", new { creditCode = credit })).StatusCode);
        var requested = await office.GetFromJsonAsync<JsonElement>("/api/intentions?accountRequested=true");
        Assert.Equal(1, requested.GetProperty("total").GetInt32());
        var intentionId = requested.GetProperty("items")[0].GetProperty("id").GetGuid();
        Assert.Equal(HttpStatusCode.NotFound, (await yunyan.PostAsync($"/api/intentions/{intentionId}/verify-account", null)).StatusCode);
        Assert.Equal(HttpStatusCode.NoContent, (await office.PostAsync($"/api/intentions/{intentionId}/verify-account", null)).StatusCode);
        var secadmin = await app.ClientForAsync("secadmin");
        Assert.Contains("开通企业账号", await secadmin.GetStringAsync("/api/inbox"));
        Assert.True((await investor.GetFromJsonAsync<JsonElement>($"/api/public/intentions/{reference}")).GetProperty("accountVerified").GetBoolean());

        // The conversion: one code of the office's channel, two intentions, one lead, signed.
        await app.Services.GetRequiredService<ScanCounter>().FlushAsync(CancellationToken.None);
        var conversion = await office.GetFromJsonAsync<JsonElement>("/api/entry-codes/conversion");
        var total = conversion.GetProperty("total");
        Assert.Equal((1, 2, 1, 1), (total.GetProperty("codes").GetInt32(), total.GetProperty("intentions").GetInt32(), total.GetProperty("leads").GetInt32(),
            total.GetProperty("signed").GetInt32()));
        Assert.Equal("residentOffice", conversion.GetProperty("kinds")[0].GetProperty("kind").GetString());
    }

    [Fact]
    public async Task An_officers_card_credits_the_officer_and_scans_are_counted()
    {
        using var app = new TestApp();
        var officer = await app.ClientForAsync("officer.yunyan");
        var card = await CodeAsync(officer, "officer", "云岩区招商专员名片", Today(app).AddDays(90));
        Assert.Equal("云岩区招商专员（演示）", card.GetProperty("owner").GetString());
        var investor = app.CreateClient();
        for (var i = 0; i < 3; i++)
        {
            Assert.Equal(HttpStatusCode.OK, (await investor.GetAsync($"/i/{Segment(card)}")).StatusCode);
        }
        Assert.Equal(HttpStatusCode.Created, (await investor.PostAsJsonAsync($"/api/public/codes/{Segment(card)}/intentions", Intention("深圳云芯电子有限公司"))).StatusCode);
        Assert.Equal(3, await app.Services.GetRequiredService<ScanCounter>().FlushAsync(CancellationToken.None));
        var row = await officer.GetFromJsonAsync<JsonElement>($"/api/entry-codes/{card.GetProperty("id").GetGuid()}");
        Assert.Equal((3, 1, 1), (row.GetProperty("scans").GetInt32(), row.GetProperty("intentions").GetInt32(), row.GetProperty("leads").GetInt32()));
        var lead = await app.WithDbAsync(d => d.Set<Lead>().IgnoreQueryFilters().SingleAsync());
        Assert.Equal(LeadChannel.EntryCode, lead.Channel);
        // The card's officer is told; a district's lead has no office part.
        Assert.Contains("深圳云芯电子有限公司", await officer.GetStringAsync("/api/inbox"));
        Assert.False(await app.WithDbAsync(d => d.ActivityOffices.AnyAsync()));
    }

    [Fact]
    public async Task The_public_endpoints_hold_their_limits_and_refuse_what_scripts_send()
    {
        using var app = new TestApp(settings: new Dictionary<string, string?>
        {
            ["EntryCodes:ScansPerAddressPerMinute"] = "40",
            ["EntryCodes:IntentionsPerAddressPerHour"] = "5",
            ["EntryCodes:ChallengeAfter"] = "1",
        });
        var officer = await app.ClientForAsync("officer.yunyan");
        var segment = Segment(await CodeAsync(officer, "park", "云岩区大数据产业园", Today(app).AddDays(30)));
        var investor = app.CreateClient();
        async Task<HttpResponseMessage> Send(object body) => await investor.PostAsJsonAsync($"/api/public/codes/{segment}/intentions", body);
        async Task<string> Refusal(object body)
        {
            var r = await Send(body);
            Assert.Equal(HttpStatusCode.BadRequest, r.StatusCode);
            return await r.Content.ReadAsStringAsync();
        }

        // What scripts send is refused before any limit is spent, naming the field.
        Assert.Contains("\"company\"", await Refusal(Intention("<script>alert(1)</script>有限公司")));
        Assert.Contains("\"needs\"", await Refusal(new { company = "某某公司", contactName = "王", phone = "13800138000", needs = "a\u202Eb", consent = true }));
        Assert.Contains("\"website\"", await Refusal(new { company = "某某公司", contactName = "王", phone = "13800138000", consent = true, website = "http://spam" }));
        var fields = await Refusal(new { company = "", contactName = "", phone = "12345", consent = false, creditCode = "91520103MA6H0000X", amountWan = -1 });
        foreach (var field in new[] { "company", "contactName", "phone", "consent", "creditCode", "amountWan" })
        {
            Assert.Contains($"\"{field}\"", fields);
        }
        var huge = await Send(Intention(new string('厂', 20_000)));
        Assert.Equal(HttpStatusCode.BadRequest, huge.StatusCode);
        Assert.Contains("过大", await huge.Content.ReadAsStringAsync());
        Assert.False(await app.WithDbAsync(d => d.Set<Intention>().IgnoreQueryFilters().AnyAsync()));

        // The first intention is free; the next needs the challenge answered, once, correctly.
        Assert.Equal(HttpStatusCode.Created, (await Send(Intention("第一家企业"))).StatusCode);
        Assert.Contains("\"challenge\"", await Refusal(Intention("第二家企业")));
        var challenge = await investor.GetFromJsonAsync<JsonElement>("/api/public/challenge");
        var question = challenge.GetProperty("question").GetString()!;
        var sum = question.Split(['+', '='], StringSplitOptions.TrimEntries).Take(2).Sum(int.Parse);
        var token = challenge.GetProperty("token").GetString()!;
        Assert.Contains("\"challenge\"", await Refusal(Intention("第二家企业", challengeToken: token, challengeAnswer: (sum + 1).ToString())));
        Assert.Contains("\"challenge\"", await Refusal(Intention("第二家企业", challengeToken: token, challengeAnswer: sum.ToString())));
        var fresh = await investor.GetFromJsonAsync<JsonElement>("/api/public/challenge");
        var freshSum = fresh.GetProperty("question").GetString()!.Split(['+', '='], StringSplitOptions.TrimEntries).Take(2).Sum(int.Parse);
        Assert.Equal(HttpStatusCode.Created, (await Send(Intention("第二家企业", challengeToken: fresh.GetProperty("token").GetString(), challengeAnswer: freshSum.ToString()))).StatusCode);
        // Five intentions an hour from one address (counted once they pass the form's checks, refused by the challenge or not): the sixth gets 429.
        var limited = await Send(Intention("第三家企业"));
        Assert.Equal(HttpStatusCode.TooManyRequests, limited.StatusCode);
        Assert.Contains("过于频繁", await limited.Content.ReadAsStringAsync());
        Assert.Equal(2, await app.WithDbAsync(d => d.Set<Intention>().IgnoreQueryFilters().CountAsync()));

        // Scans: forty a minute from one address, then 429 until the window passes.
        var answers = new List<HttpStatusCode>();
        for (var i = 0; i < 45; i++)
        {
            answers.Add((await investor.GetAsync($"/api/public/codes/{segment}")).StatusCode);
        }
        Assert.Contains(HttpStatusCode.TooManyRequests, answers);
        Assert.True(answers.Count(a => a == HttpStatusCode.OK) <= 40);
    }
}
