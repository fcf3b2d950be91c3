using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Zhaoshang.Tests.Infrastructure;
using Zhaoshang.Web.Features.Enterprises;

namespace Zhaoshang.Tests.Enterprises;

public sealed class EnterpriseTests
{
    [Theory, SqliteData, PostgresData]
    public async Task Enterprises_are_registered_with_a_valid_credit_code_once_and_strong_ones_are_derived(Db db)
    {
        using var app = new TestApp(db);
        var officer = await app.ClientForAsync("officer.yunyan");

        var wrong = await officer.PostAsJsonAsync("/api/enterprises", new { name = "某某科技有限公司", creditCode = "91350100M000100Y44" });
        Assert.Equal(HttpStatusCode.BadRequest, wrong.StatusCode);
        var problem = await wrong.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Contains("第 18 位应为“3”", problem.GetProperty("errors").GetProperty("creditCode")[0].GetString());
        var excel = await officer.PostAsJsonAsync("/api/enterprises", new { name = "某某科技有限公司", creditCode = "913501000001001" });
        Assert.Contains("Excel", await excel.Content.ReadAsStringAsync());

        var created = await officer.PostAsJsonAsync("/api/enterprises", new
        {
            name = "中国华电集团有限公司", creditCode = "９１３５０１００ｍ０００１００ｙ４３", ownership = "centralSoe", classes = new[] { "global500" },
        });
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        var enterprise = (await created.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("enterprise");
        Assert.Equal("91350100M000100Y43", enterprise.GetProperty("creditCode").GetString());
        Assert.True(enterprise.GetProperty("isStrong").GetBoolean());

        // The same code is the same enterprise, wherever it was registered.
        var nanming = await app.ClientForAsync("officer.nanming");
        var again = await nanming.PostAsJsonAsync("/api/enterprises", new { name = "华电", creditCode = "91350100M000100Y43" });
        Assert.Equal(HttpStatusCode.Conflict, again.StatusCode);
        Assert.Equal("中国华电集团有限公司", (await again.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("current").GetProperty("name").GetString());

        // A similar name is accepted but flagged.
        var similar = await nanming.PostAsJsonAsync("/api/enterprises", new { name = "中国华电集团", ownership = "centralSoe" });
        var hints = (await similar.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("possibleDuplicates");
        Assert.Equal("中国华电集团有限公司", hints[0].GetProperty("name").GetString());

        var plain = await officer.PostAsJsonAsync("/api/enterprises", new { name = "贵阳某食品有限公司", ownership = "private", specialized = "none", classes = new[] { "highTech" } });
        Assert.False((await plain.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("enterprise").GetProperty("isStrong").GetBoolean());
        var provincial = await officer.PostAsJsonAsync("/api/enterprises", new { name = "贵州某精密有限公司", specialized = "provincial" });
        Assert.True((await provincial.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("enterprise").GetProperty("isStrong").GetBoolean());

        var strong = await officer.GetFromJsonAsync<JsonElement>("/api/enterprises?strong=true");
        Assert.Equal(3, strong.GetProperty("total").GetInt32());
        Assert.Equal(HttpStatusCode.BadRequest, (await officer.PostAsJsonAsync("/api/enterprises", new { name = "X", ownership = "bogus" })).StatusCode);
    }

    [Fact]
    public async Task Only_the_registering_unit_edits_a_stale_edit_is_a_conflict_and_contacts_stay_in_scope_encrypted()
    {
        using var app = new TestApp();
        var officer = await app.ClientForAsync("officer.yunyan");
        var created = await (await officer.PostAsJsonAsync("/api/enterprises", new { name = "云岩某科技有限公司" })).Content.ReadFromJsonAsync<JsonElement>();
        var id = created.GetProperty("enterprise").GetProperty("id").GetGuid();

        Assert.Equal(HttpStatusCode.OK, (await officer.PutAsJsonAsync($"/api/enterprises/{id}", new { name = "云岩某科技股份有限公司", version = 0 })).StatusCode);
        var stale = await officer.PutAsJsonAsync($"/api/enterprises/{id}", new { name = "过期", version = 0 });
        Assert.Equal(HttpStatusCode.Conflict, stale.StatusCode);
        Assert.Equal("云岩某科技股份有限公司", (await stale.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("current").GetProperty("name").GetString());

        var nanming = await app.ClientForAsync("officer.nanming");
        Assert.Equal(HttpStatusCode.Forbidden, (await nanming.PutAsJsonAsync($"/api/enterprises/{id}", new { name = "改", version = 1 })).StatusCode);
        var leader = await app.ClientForAsync("leader.gz");
        Assert.Equal(HttpStatusCode.Forbidden, (await leader.PostAsJsonAsync("/api/enterprises", new { name = "领导不能登记" })).StatusCode);

        Assert.Equal(HttpStatusCode.Created, (await officer.PostAsJsonAsync($"/api/enterprises/{id}/contacts", new { name = "张经理", title = "投资总监", phone = "138 0013 8000" })).StatusCode);
        Assert.Equal(HttpStatusCode.Created, (await nanming.PostAsJsonAsync($"/api/enterprises/{id}/contacts", new { name = "李总", phone = "13900000000" })).StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, (await officer.PostAsJsonAsync($"/api/enterprises/{id}/contacts", new { name = "王", phone = "电话待定" })).StatusCode);

        var mine = await officer.GetFromJsonAsync<JsonElement>($"/api/enterprises/{id}");
        Assert.Equal(["张经理"], mine.GetProperty("contacts").EnumerateArray().Select(c => c.GetProperty("name").GetString()!).ToArray());
        Assert.Equal("13800138000", mine.GetProperty("contacts")[0].GetProperty("phone").GetString());
        var city = await app.ClientForAsync("leader.gy");
        var all = await city.GetFromJsonAsync<JsonElement>($"/api/enterprises/{id}");
        Assert.Equal(2, all.GetProperty("contacts").GetArrayLength());

        var stored = await app.WithDbAsync(d => d.EnterpriseContacts.Select(c => c.PhoneCipher).ToListAsync());
        Assert.All(stored, cipherText => Assert.DoesNotContain("138", Convert.FromBase64String(cipherText!).Select(b => (char)b).Aggregate("", (a, c) => a + c)));
        var audit = await app.WithDbAsync(d => d.AuditEntries.Where(e => e.ObjectType == "EnterpriseContact").Select(e => e.Details).ToListAsync());
        Assert.NotEmpty(audit);
        Assert.All(audit, details => Assert.DoesNotContain("13800138000", details));
    }

    /// <summary>A wrong credit code is refused in the reader's language, with the characters it found.</summary>
    [Fact]
    public async Task A_wrong_credit_code_is_refused_in_the_readers_language()
    {
        using var app = new TestApp();
        var officer = await app.ClientForAsync("officer.yunyan");
        const string seventeen = "91520103MA6K2M8R0";
        var good = seventeen + CreditCode.CheckCharacter(seventeen);
        var wrong = seventeen + (good[17] == 'A' ? 'B' : 'A');
        async Task<string> DetailAsync(string query) =>
            (await (await officer.PostAsJsonAsync("/api/enterprises" + query, new { name = "贵州某某校验有限公司", creditCode = wrong }))
                .Content.ReadFromJsonAsync<JsonElement>()).GetProperty("detail").GetString()!;
        Assert.Equal($"统一社会信用代码校验位错误：第 18 位应为“{good[17]}”，实际为“{wrong[17]}”。", await DetailAsync(""));
        Assert.Equal($"Wrong check character: the 18th character should be “{good[17]}”, not “{wrong[17]}”.", await DetailAsync("?culture=en&ui-culture=en"));
    }
}
