using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using AngleSharp.Html.Dom;
using AngleSharp.Html.Parser;
using Zhaoshang.Tests.Infrastructure;

namespace Zhaoshang.Tests.Projects;

/// <summary>The ledger pages over real HTTP with a cookie session: forms, field errors, conflicts, saved filters.</summary>
public sealed class LedgerPageTests
{
    [Fact]
    public async Task The_project_form_shows_errors_next_to_fields_and_a_stale_save_shows_the_stored_values()
    {
        using var app = new TestApp();
        var client = await app.SignInAsync("officer.yunyan");

        var blank = await PostFormAsync(client, "/Projects/Edit", new() { ["Input.Name"] = "", ["Input.Amount"] = "100", ["Input.Unit"] = "wan" });
        Assert.Contains("项目名称不能为空", blank.QuerySelector("[data-testid=error-name]")!.TextContent);
        Assert.Contains("is-invalid", blank.QuerySelector("#Input_Name")!.ClassName);
        var badInvestor = await PostFormAsync(client, "/Projects/Edit", new() { ["Input.Name"] = "某项目", ["Input.Amount"] = "100", ["Input.Investors"] = "不存在的企业" });
        Assert.Contains("不存在的企业", badInvestor.QuerySelector("[data-testid=error-investorIds]")!.TextContent);
        // Every error at once, each next to its field: no name, an unknown investor, a negative area.
        var all = await PostFormAsync(client, "/Projects/Edit", new() { ["Input.Name"] = "", ["Input.Amount"] = "100", ["Input.Investors"] = "不存在的企业", ["Input.LandMu"] = "-3" });
        Assert.Equal(["error-investorIds", "error-landMu", "error-name"],
            all.QuerySelectorAll("[data-testid^=error-]").Select(e => e.GetAttribute("data-testid")!).Order().ToArray());

        // What was typed comes back as typed: the amount in its unit, the investors by name.
        var kept = await PostFormAsync(client, "/Projects/Edit", new() { ["Input.Name"] = "", ["Input.Amount"] = "1.5", ["Input.Unit"] = "yi", ["Input.Investors"] = "不存在的企业" });
        Assert.Equal("1.5", kept.QuerySelector("#Input_Amount")!.GetAttribute("value"));
        Assert.Equal("yi", kept.QuerySelector("#Input_Unit option[selected]")!.GetAttribute("value"));
        Assert.Equal("不存在的企业", kept.QuerySelector("#Input_Investors")!.GetAttribute("value"));

        var created = await PostFormAsync(client, "/Projects/Edit", new() { ["Input.Name"] = "云岩区智能终端产业园", ["Input.Amount"] = "1.5", ["Input.Unit"] = "yi", ["Input.IsIndustrial"] = "true" });
        Assert.Contains("已创建", created.QuerySelector("[data-testid=project-message]")!.TextContent);
        Assert.Contains("15,000.00", created.QuerySelector("#project-summary")!.TextContent);
        var id = created.QuerySelector("#project-edit")!.GetAttribute("href")!.Split("id=")[1];

        // Someone else saves first (version 0 → 1); the stale form gets the stored values and a choice.
        var api = await app.ClientForAsync("officer.yunyan");
        Assert.Equal(HttpStatusCode.OK, (await api.PutAsJsonAsync($"/api/projects/{id}", new { name = "云岩区智能终端产业园（一期）", agreedInvestmentYuan = 150_000_000, version = 0 })).StatusCode);
        var stale = await PostFormAsync(client, $"/Projects/Edit?id={id}", new() { ["Input.Name"] = "我的改名", ["Input.Amount"] = "15000", ["Input.Version"] = "0" });
        Assert.Contains("云岩区智能终端产业园（一期）", stale.QuerySelector("[data-testid=edit-conflict]")!.TextContent);
        Assert.Equal("1", stale.QuerySelector("#edit-overwrite")!.GetAttribute("value"));

        var detail = new HtmlParser().ParseDocument(await client.GetStringAsync($"/Projects/Detail?id={id}"));
        var changes = detail.QuerySelectorAll("[data-testid=timeline-item][data-kind=change]");
        Assert.Equal(2, changes.Length); // created, then renamed
        Assert.Contains("云岩区智能终端产业园（一期）", changes[0].TextContent);
    }

    /// <summary>Issue 16, D5: 99999999999999999 亿 on the project form is a field error, not a 500; the fund form keeps what was typed (D6).</summary>
    [Fact]
    public async Task An_amount_beyond_range_on_the_forms_is_a_field_error_and_the_fund_form_keeps_what_was_typed()
    {
        using var app = new TestApp();
        var client = await app.SignInAsync("officer.yunyan");
        var huge = await PostFormAsync(client, "/Projects/Edit", new() { ["Input.Name"] = "溢出", ["Input.Amount"] = "99999999999999999", ["Input.Unit"] = "yi" });
        Assert.Contains("超出合理范围", huge.QuerySelector("[data-testid=error-agreedInvestmentYuan]")!.TextContent);
        Assert.Equal("溢出", huge.QuerySelector("#Input_Name")!.GetAttribute("value"));

        var api = await app.ClientForAsync("officer.yunyan");
        var id = (await (await api.PostAsJsonAsync("/api/projects", new { name = "云岩区资金项目", agreedInvestmentYuan = 100_000_000 })).Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetGuid();
        Assert.Equal(HttpStatusCode.OK, (await api.PostAsJsonAsync($"/api/projects/{id}/stage", new { to = "signed", date = "2026-02-01", contractAmountYuan = 100_000_000 })).StatusCode);
        var early = await PostFormAsync(client, $"/Projects/Detail?id={id}", new() { ["year"] = "2025", ["month"] = "12", ["amountWan"] = "300", ["evidence"] = "月报" },
            handler: "Fund", formId: "fund-form");
        Assert.Contains("早于项目签约日期", early.QuerySelector("#fund-month")!.ParentElement!.TextContent);
        Assert.Equal(("2025", "12", "300", "月报"), (early.QuerySelector("#fund-year")!.GetAttribute("value"), early.QuerySelector("#fund-month")!.GetAttribute("value"),
            early.QuerySelector("#fund-amount")!.GetAttribute("value"), early.QuerySelector("#fund-evidence")!.GetAttribute("value")));
        var far = await PostFormAsync(client, $"/Projects/Detail?id={id}", new() { ["year"] = "2026", ["month"] = "3", ["amountWan"] = "99999999999999999" },
            handler: "Fund", formId: "fund-form");
        Assert.Contains("超出合理范围", far.QuerySelector("#fund-amount")!.ParentElement!.TextContent);
    }

    [Fact]
    public async Task Saved_filters_belong_to_their_user_and_reopen_the_same_list()
    {
        using var app = new TestApp();
        var api = await app.ClientForAsync("officer.yunyan");
        foreach (var name in new[] { "云岩区磷化工项目", "云岩区文旅综合体" })
        {
            await api.PostAsJsonAsync("/api/projects", new { name, agreedInvestmentYuan = 1 });
        }
        var client = await app.SignInAsync("officer.yunyan");
        var list = await PostFormAsync(client, "/Projects?q=磷化工", new() { ["name"] = "磷化工在谈", ["query"] = "q=%E7%A3%B7%E5%8C%96%E5%B7%A5" }, handler: "SaveFilter", formId: "save-filter-form");
        var saved = list.QuerySelector("[data-testid=saved-filter] a")!;
        Assert.Equal("磷化工在谈", saved.TextContent.Trim());
        var reopened = new HtmlParser().ParseDocument(await client.GetStringAsync(saved.GetAttribute("href")!));
        Assert.Equal(["云岩区磷化工项目"], reopened.QuerySelectorAll("[data-testid=ledger-link]").Select(a => a.TextContent.Trim()).ToArray());

        var other = await app.SignInAsync("officer.nanming");
        var theirs = new HtmlParser().ParseDocument(await other.GetStringAsync("/Projects"));
        Assert.Empty(theirs.QuerySelectorAll("[data-testid=saved-filter]"));
    }


    /// <summary>Loads the page, takes the form's antiforgery token, and posts the fields as the browser would.</summary>
    [Fact]
    public async Task A_project_on_hold_resumes_from_the_kanban_to_the_stage_it_was_in()
    {
        using var app = new TestApp();
        var api = await app.ClientForAsync("officer.yunyan");
        var id = (await (await api.PostAsJsonAsync("/api/projects", new { name = "云岩区暂停项目", agreedInvestmentYuan = 1 })).Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetGuid();
        Assert.Equal(HttpStatusCode.OK, (await api.PostAsJsonAsync($"/api/projects/{id}/stage", new { to = "reserve" })).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await api.PostAsJsonAsync($"/api/projects/{id}/stage", new { to = "onHold", reason = "企业融资调整" })).StatusCode);
        var row = (await api.GetFromJsonAsync<JsonElement>("/api/projects?stage=onHold")).GetProperty("items")[0];
        Assert.Equal("reserve", row.GetProperty("heldFrom").GetString());

        var client = await app.SignInAsync("officer.yunyan");
        var board = new HtmlParser().ParseDocument(await client.GetStringAsync("/Projects/Board"));
        var card = board.QuerySelector("[data-testid=kanban-column-onHold] [data-testid=kanban-card]")!;
        Assert.Equal(["reserve", "terminated"], card.QuerySelectorAll("[data-testid=stage-to] option").Select(o => o.GetAttribute("value")!).ToArray());
        var moved = await PostFormAsync(client, "/Projects/Board", new() { ["id"] = id.ToString(), ["to"] = "reserve", ["version"] = row.GetProperty("version").ToString() },
            handler: "Move", formId: card.QuerySelector("[data-testid=stage-form]")!.Id!);
        Assert.Contains("云岩区暂停项目", moved.QuerySelector("[data-testid=board-message]")!.TextContent);
        Assert.Equal("reserve", (await api.GetFromJsonAsync<JsonElement>($"/api/projects/{id}")).GetProperty("project").GetProperty("stage").GetString());
    }

    /// <summary>
    /// A stage change missing its evidence comes back in the stage form itself: every missing piece named at once, the
    /// chosen stage still chosen, what was typed still there.
    /// </summary>
    [Fact]
    public async Task A_stage_change_without_its_evidence_names_every_missing_piece_and_keeps_what_was_typed()
    {
        using var app = new TestApp();
        var api = await app.ClientForAsync("officer.yunyan");
        var id = (await (await api.PostAsJsonAsync("/api/projects", new { name = "云岩区待签约项目", agreedInvestmentYuan = 100_000_000 })).Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetGuid();
        var client = await app.SignInAsync("officer.yunyan");
        var url = $"/Projects/Detail?id={id}";
        var page = new HtmlParser().ParseDocument(await client.GetStringAsync(url));
        var formId = page.QuerySelector("[data-testid=stage-form]")!.Id!;
        var back = await PostFormAsync(client, url, new() { ["id"] = id.ToString(), ["to"] = "signed", ["version"] = "0", ["reason"] = "（无）" },
            handler: "Stage", formId: formId);
        var form = back.QuerySelector("[data-testid=stage-form]")!;
        Assert.Equal("签约须填写合同投资额（大于 0）、签约日期。", form.QuerySelector("[data-testid=stage-error]")!.TextContent.Trim());
        Assert.Equal("signed", form.QuerySelector("[data-testid=stage-to] option[selected]")!.GetAttribute("value"));

        var half = await PostFormAsync(client, url, new() { ["id"] = id.ToString(), ["to"] = "signed", ["version"] = "0", ["contractAmountWan"] = "12000" },
            handler: "Stage", formId: formId);
        Assert.Equal("签约须填写签约日期。", half.QuerySelector("[data-testid=stage-error]")!.TextContent.Trim());
        Assert.Equal("12000", half.QuerySelector("[data-testid=stage-amount]")!.GetAttribute("value"));
    }

    /// <summary>The ledger's total row adds up every project the filter matches (all pages), in 亿元; the list itself does not wait for it.</summary>
    [Theory, SqliteData, PostgresData]
    public async Task The_ledger_total_row_adds_up_every_filtered_project_in_yi(Db db)
    {
        using var app = new TestApp(db);
        var api = await app.ClientForAsync("officer.yunyan");
        foreach (var (name, amount) in new[] { ("云岩区甲项目", 150_000_000L), ("云岩区乙项目", 80_000_000L), ("云岩区丙项目", 5_000_000L) })
        {
            Assert.True((await api.PostAsJsonAsync("/api/projects", new { name, agreedInvestmentYuan = amount })).IsSuccessStatusCode);
        }
        var signed = await TicketsFlowSignedAsync(api);
        var client = await app.SignInAsync("officer.yunyan");
        var list = new HtmlParser().ParseDocument(await client.GetStringAsync("/Projects"));
        Assert.NotNull(list.QuerySelector("#ledger-total-row[hx-trigger=load]")); // asked for once the list is shown
        // The answer is a table row, as htmx puts it in place of the waiting one.
        async Task<IHtmlDocument> RowAsync(string url) => new HtmlParser().ParseDocument("<table><tfoot>" + await client.GetStringAsync(url) + "</tfoot></table>");
        var all = await RowAsync("/Projects?handler=Total");
        // 1.5 + 0.8 + 0.05 亿 agreed, and the signed project at its contract amount (4 亿, not its agreed 5 亿).
        Assert.Equal("6.35 亿元", all.QuerySelector("[data-testid=ledger-total-amount]")!.TextContent.Trim());
        Assert.Contains("4 个项目", all.QuerySelector("[data-testid=ledger-total-row]")!.TextContent);
        var onlySigned = await RowAsync("/Projects?handler=Total&stage=signed");
        Assert.Equal("4.00 亿元", onlySigned.QuerySelector("[data-testid=ledger-total-amount]")!.TextContent.Trim());
    }

    /// <summary>
    /// The ledger page, its export and the API read one filter (<c>ProjectQuery</c>): an amount band (the page's way) or
    /// bounds in 元 (the API's), stages with the page's blank "all" choice left aside; the form gives back what was chosen.
    /// </summary>
    [Theory, SqliteData, PostgresData]
    public async Task The_ledger_page_and_the_api_read_one_filter(Db db)
    {
        using var app = new TestApp(db);
        var api = await app.ClientForAsync("officer.yunyan");
        foreach (var (name, amount) in new[] { ("云岩区大项目", 2_500_000_000L), ("云岩区中项目", 1_500_000_000L), ("云岩区小项目", 50_000_000L) })
        {
            Assert.True((await api.PostAsJsonAsync("/api/projects", new { name, agreedInvestmentYuan = amount })).IsSuccessStatusCode);
        }
        async Task<string[]> ApiNamesAsync(string query) => [.. (await api.GetFromJsonAsync<JsonElement>("/api/projects?" + query)).GetProperty("items")
            .EnumerateArray().Select(p => p.GetProperty("name").GetString()!).Order()];
        Assert.Equal(["云岩区大项目"], await ApiNamesAsync("band=ge20"));
        Assert.Equal(["云岩区中项目"], await ApiNamesAsync("band=10to20"));
        Assert.Equal(["云岩区中项目", "云岩区大项目"], (await ApiNamesAsync("minAmountYuan=1000000000")).Order().ToArray());
        Assert.Equal(["云岩区中项目", "云岩区大项目"], (await ApiNamesAsync("band=lt1&minAmountYuan=1000000000")).Order().ToArray()); // bounds win over a band
        Assert.Equal(HttpStatusCode.UnprocessableEntity, (await api.GetAsync("/api/projects?stage=nonsense")).StatusCode);

        var client = await app.SignInAsync("officer.yunyan");
        var page = new HtmlParser().ParseDocument(await client.GetStringAsync("/Projects?band=10to20&stage=&stage=lead&q=云岩区"));
        Assert.Equal(["云岩区中项目"], page.QuerySelectorAll("[data-testid=ledger-row]").Select(r => r.QuerySelector("a")!.TextContent.Trim()).ToArray());
        Assert.Equal("10to20", page.QuerySelector("#ledger-band option[selected]")!.GetAttribute("value"));
        Assert.Equal("lead", page.QuerySelector("#ledger-stage option[selected]")!.GetAttribute("value"));
        Assert.Equal("云岩区", page.QuerySelector("#ledger-q")!.GetAttribute("value"));
        Assert.Contains("band=10to20", page.QuerySelector("[data-testid=ledger-export]")!.GetAttribute("href"));

        // The board reads the same filter (every stage), and says that it is filtered.
        var board = new HtmlParser().ParseDocument(await client.GetStringAsync("/Projects/Board?band=10to20"));
        Assert.Equal(["云岩区中项目"], board.QuerySelectorAll("[data-testid=kanban-card] a").Select(a => a.TextContent.Trim()).Where(t => t.StartsWith("云岩区", StringComparison.Ordinal)).ToArray());
        Assert.NotNull(board.QuerySelector("[data-testid=board-filtered]"));
        Assert.Null(new HtmlParser().ParseDocument(await client.GetStringAsync("/Projects/Board?q=云岩区")).QuerySelector("[data-testid=board-filtered]"));
    }

    /// <summary>A problem filed from a project's page names the project by its code and name, never by its internal id.</summary>
    [Fact]
    public async Task The_problem_form_shows_the_projects_code_and_name_not_its_id()
    {
        using var app = new TestApp();
        var api = await app.ClientForAsync("officer.yunyan");
        var id = await TicketsFlowSignedAsync(api);
        var code = (await api.GetFromJsonAsync<JsonElement>($"/api/projects/{id}")).GetProperty("project").GetProperty("code").GetString()!;
        var client = await app.SignInAsync("officer.yunyan");
        var html = await client.GetStringAsync($"/Tickets/New?projectId={id}");
        var form = new HtmlParser().ParseDocument(html);
        Assert.Equal(code, form.GetElementById("ticket-project")!.GetAttribute("value"));
        Assert.Contains("云岩区已签约项目", form.GetElementById("ticket-project-name")!.TextContent);
        Assert.DoesNotContain(id.ToString(), form.Body!.TextContent); // nothing the user reads (the language link keeps the address)
    }

    private static Task<Guid> TicketsFlowSignedAsync(HttpClient api) => Tickets.TicketFlow.SignedProjectAsync(api, "云岩区已签约项目");

    private static async Task<IHtmlDocument> PostFormAsync(HttpClient client, string url, Dictionary<string, string> fields, string? handler = null, string formId = "project-form")
    {
        var page = new HtmlParser().ParseDocument(await client.GetStringAsync(url));
        var form = page.GetElementById(formId)!;
        fields["__RequestVerificationToken"] = form.QuerySelector("input[name=__RequestVerificationToken]")!.GetAttribute("value")!;
        var action = form.GetAttribute("action");
        var target = handler is null ? url : !string.IsNullOrEmpty(action) && action.Contains("handler=" + handler, StringComparison.Ordinal) ? action
            : url.Split('?')[0] + "?handler=" + handler;
        var response = await client.PostAsync(target, new FormUrlEncodedContent(fields));
        Assert.True(response.IsSuccessStatusCode, $"{target}: {(int)response.StatusCode}");
        return new HtmlParser().ParseDocument(await response.Content.ReadAsStringAsync());
    }
}
