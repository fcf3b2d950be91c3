using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using AngleSharp.Html.Parser;
using Microsoft.Extensions.Localization;
using Zhaoshang.Tests.Infrastructure;
using Zhaoshang.Tests.Tickets;
using Zhaoshang.Web.Features.Projects;
using Zhaoshang.Web.Shared;

namespace Zhaoshang.Tests.Host;

/// <summary>
/// Messages the code composes with values inside — an import's row errors, the ticket workflow's refusals, a form's
/// several field errors, the password rules — read in the reader's language: Chinese by default, English when chosen,
/// with the values (and the words among them: a stage, an action, who may act) in place.
/// </summary>
public sealed class ReaderLanguageTests
{
    private const string English = "?culture=en&ui-culture=en";

    [Fact]
    public async Task An_imports_row_errors_read_in_the_readers_language_on_the_page_and_in_the_api()
    {
        using var app = new TestApp();
        string[] headers = ["项目名称", "责任单位", "约定投资额（万元）", "项目阶段", "签约日期"];
        using var stream = new MemoryStream();
        Xlsx.Write(stream, ProjectSheet.SheetName, headers, [
            ["云岩区语言测试项目", "云岩区", 5000, "签约", "2024-03-01"],
            ["云岩区语言测试项目二", "云岩区", 5000, null, "明年"],
        ]);
        var file = stream.ToArray();

        // The page, in English: the message in English, the sheet and the column as the file names them.
        var client = await app.SignInAsync("officer.yunyan");
        await client.GetAsync("/culture?c=en&returnUrl=%2FProjects%2FImport");
        var page = new HtmlParser().ParseDocument(await client.GetStringAsync("/Projects/Import"));
        var token = page.QuerySelector("#import-projects input[name=__RequestVerificationToken]")!.GetAttribute("value")!;
        using var form = new MultipartFormDataContent
        {
            { new StringContent("projects"), "kind" },
            { new StringContent(token), "__RequestVerificationToken" },
            { new ByteArrayContent(file), "file", "projects.xlsx" },
        };
        var posted = await client.PostAsync("/Projects/Import", form);
        Assert.Equal(HttpStatusCode.OK, posted.StatusCode);
        var report = new HtmlParser().ParseDocument(await posted.Content.ReadAsStringAsync());
        var rows = report.QuerySelectorAll("[data-testid=import-error]").Select(r => r.QuerySelectorAll("td").Select(c => c.TextContent.Trim()).ToArray()).ToList();
        Assert.Contains(["Error", ProjectSheet.SheetName, "2", "签约金额（万元）", "A project at stage “Signed” needs its contract amount (above 0)."], rows);
        Assert.Contains(["Error", ProjectSheet.SheetName, "3", "签约日期", "“明年” is not a valid date (e.g. 2024-03-01 or 2024年3月1日)."], rows);

        // The API: Chinese by default, English when asked, the same errors at the same places.
        var api = await app.ClientForAsync("officer.yunyan");
        async Task<List<(int Row, string Column, string Message)>> ErrorsAsync(string query)
        {
            using var upload = new MultipartFormDataContent { { new ByteArrayContent(file), "file", "projects.xlsx" } };
            var response = await api.PostAsync("/api/imports/projects" + query, upload);
            Assert.Equal(HttpStatusCode.UnprocessableEntity, response.StatusCode);
            return [.. (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("errors").EnumerateArray()
                .Select(e => (e.GetProperty("row").GetInt32(), e.GetProperty("column").GetString()!, e.GetProperty("message").GetString()!))];
        }
        Assert.Contains((2, "签约金额（万元）", "“签约”阶段的项目须填写签约金额（大于 0）。"), await ErrorsAsync(""));
        Assert.Contains((2, "签约金额（万元）", "A project at stage “Signed” needs its contract amount (above 0)."), await ErrorsAsync(English));

        // A file that is no workbook at all: the reason in the reader's language too.
        using var notXlsx = new MultipartFormDataContent { { new ByteArrayContent("项目名称,责任单位\n甲,乙"u8.ToArray()), "file", "projects.xlsx" } };
        var refused = await (await api.PostAsync("/api/imports/projects" + English, notXlsx)).Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal("The file is not an .xlsx workbook (whatever its extension): upload an .xlsx file saved by Excel.",
            refused.GetProperty("errors")[0].GetProperty("message").GetString());
    }

    /// <summary>An imported row names every piece of evidence its stage needs, for every stage it has passed (the stage machine's rule).</summary>
    [Fact]
    public async Task An_imported_row_names_the_evidence_of_every_stage_it_has_passed()
    {
        using var app = new TestApp();
        string[] headers = ["项目名称", "责任单位", "约定投资额（万元）", "项目阶段", "签约金额（万元）", "签约日期", "开工日期", "投产日期", "设计产能", "实际产能"];
        using var stream = new MemoryStream();
        Xlsx.Write(stream, ProjectSheet.SheetName, headers, [
            ["证据测试投产项目", "云岩区", 5000, "投产", null, null, null, null, null, null],
            ["证据测试达产项目", "云岩区", 5000, "达产", 3000, "2024-01-05", "2024-03-01", "2024-09-01", 100, null],
            ["证据测试暂停项目", "云岩区", 5000, "暂停", null, null, null, null, null, null],
        ]);
        var api = await app.ClientForAsync("officer.yunyan");
        using var upload = new MultipartFormDataContent { { new ByteArrayContent(stream.ToArray()), "file", "projects.xlsx" } };
        var response = await api.PostAsync("/api/imports/projects", upload);
        Assert.Equal(HttpStatusCode.UnprocessableEntity, response.StatusCode);
        var errors = (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("errors").EnumerateArray()
            .Select(e => (e.GetProperty("row").GetInt32(), e.GetProperty("column").GetString()!, e.GetProperty("message").GetString()!)).ToList();
        Assert.Equal(
        [
            (2, "签约金额（万元）", "“投产”阶段的项目须填写签约金额（大于 0）。"),
            (2, "签约日期", "“投产”阶段的项目须填写签约日期。"),
            (2, "开工日期", "“投产”阶段的项目须填写开工日期。"),
            (2, "投产日期", "“投产”阶段的项目须填写投产日期。"),
            (3, "实际产能", "达产的项目须填写设计产能和实际产能（均大于 0）。"),
            (4, "暂停或终止原因", "暂停的项目须填写原因。"),
        ], errors);
    }

    [Fact]
    public async Task The_ticket_workflow_says_who_may_act_and_when_in_the_readers_language()
    {
        using var app = new TestApp();
        using var officer = await app.ClientForAsync("officer.yunyan");
        var project = await TicketFlow.SignedProjectAsync(officer, "云岩区语言测试工单项目");
        var created = await officer.PostAsJsonAsync("/api/tickets", new { kind = "problem", category = "land", level = "city", projectId = project, title = "用地报批慢" });
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        var ticket = (await created.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("ticket").GetProperty("id").GetGuid();
        async Task<string> RefusalAsync(string query, object action)
        {
            var response = await officer.PostAsJsonAsync($"/api/tickets/{ticket}/actions" + query, action);
            Assert.Equal(HttpStatusCode.UnprocessableEntity, response.StatusCode);
            return (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("detail").GetString()!;
        }

        Assert.Equal("工单当前状态为“已提交”，不能执行“评价”（只能在“待评价”状态下执行）。", await RefusalAsync("", new { action = "rate", rating = 5 }));
        Assert.Equal("The ticket is “Submitted”: “Rate” is not possible now (only when “Awaiting rating”).", await RefusalAsync(English, new { action = "rate", rating = 5 }));
        Assert.Equal("只有受理派单单位可以执行“受理”。", await RefusalAsync("", new { action = "accept" }));
        Assert.Equal("Only the accepting and dispatching unit can “Accept”.", await RefusalAsync(English, new { action = "accept" }));
    }

    /// <summary>
    /// What the system writes into a ticket's history and the inbox (the routing, an escalation, a new ticket's message)
    /// is stored in Chinese — the group robots get it so — and shown to each reader in their language.
    /// </summary>
    [Fact]
    public async Task A_tickets_history_and_the_inbox_read_in_the_readers_language()
    {
        using var app = new TestApp();
        app.SetChinaTime(new DateTime(2026, 9, 21, 10, 0, 0));
        using var officer = await app.ClientForAsync("officer.yunyan");
        var project = await TicketFlow.SignedProjectAsync(officer, "云岩区语言测试督办项目");
        var created = await officer.PostAsJsonAsync("/api/tickets", new { kind = "problem", category = "land", level = "city", projectId = project, title = "用地报批慢" });
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        var ticket = (await created.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("ticket");
        var (id, number) = (ticket.GetProperty("id").GetGuid(), ticket.GetProperty("number").GetString()!);
        using var desk = await app.ClientForAsync("officer.tcj");
        await TicketFlow.ActAsync(desk, id, new { action = "accept" });
        await TicketFlow.ActAsync(desk, id, new { action = "dispatch" });
        await TicketFlow.ActAsync(desk, id, new { action = "escalate", note = "请加快办理" });

        var client = await app.SignInAsync("officer.tcj");
        async Task<(string Routing, List<string> Notes, List<string> Inbox)> ReadAsync(string query)
        {
            var detail = new HtmlParser().ParseDocument(await client.GetStringAsync($"/Tickets/Detail/{id}" + query));
            var inbox = new HtmlParser().ParseDocument(await client.GetStringAsync("/Notifications/Inbox" + query));
            return (detail.QuerySelector("#ticket-routing")!.TextContent.Trim(),
                [.. detail.QuerySelectorAll("[data-testid=timeline-note]").Select(n => n.TextContent.Trim())],
                [.. inbox.QuerySelectorAll("[data-testid=inbox-item]").Select(n => n.TextContent)]);
        }
        var chinese = await ReadAsync("");
        Assert.StartsWith("按", chinese.Routing);
        Assert.Contains(chinese.Notes, n => n.StartsWith("第1级督办：升级至承办单位分管领导（", StringComparison.Ordinal) && n.EndsWith("。请加快办理", StringComparison.Ordinal));
        Assert.Contains(chinese.Inbox, i => i.Contains($"新项目堵点待受理：{number}", StringComparison.Ordinal));

        var english = await ReadAsync(English);
        Assert.Matches("^By .+'s routing rule$", english.Routing);
        Assert.Contains(english.Notes, n => n.StartsWith("Escalation level 1: raised to the handling unit's leader in charge (", StringComparison.Ordinal)
            && n.EndsWith(". 请加快办理", StringComparison.Ordinal));
        Assert.Contains(english.Inbox, i => i.Contains($"New Project problem to accept: {number}", StringComparison.Ordinal)
            && i.Contains("用地报批慢 (", StringComparison.Ordinal));

        // Stored as written in Chinese: the API's records and the group robots read the same text.
        var events = (await desk.GetFromJsonAsync<JsonElement>($"/api/tickets/{id}")).GetProperty("events").EnumerateArray();
        Assert.Contains(events, e => e.GetProperty("note").GetString() is { } note && note.StartsWith("第1级督办", StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_forms_several_field_errors_and_the_password_rules_read_in_the_readers_language()
    {
        using var app = new TestApp();
        var client = await app.SignInAsync("officer.yunyan");
        await client.GetAsync("/culture?c=en&returnUrl=%2FEnterprises%2FEdit");
        var edit = new HtmlParser().ParseDocument(await client.GetStringAsync("/Enterprises/Edit"));
        var form = edit.QuerySelector("form#enterprise-form")!;
        var fields = form.QuerySelectorAll("input[name], select[name], textarea[name]")
            .Where(i => i.GetAttribute("type") is not ("checkbox" or "submit"))
            .GroupBy(i => i.GetAttribute("name")!).ToDictionary(g => g.Key, g => g.First().GetAttribute("value") ?? "");
        fields["Input.Name"] = "";
        fields["Input.CreditCode"] = "91520103MA6K2M8R0" + "Z";
        var posted = new HtmlParser().ParseDocument(await (await client.PostAsync("/Enterprises/Edit", new FormUrlEncodedContent(fields))).Content.ReadAsStringAsync());
        var errors = posted.QuerySelectorAll(".invalid-feedback").Select(e => e.TextContent.Trim()).Where(t => t.Length > 0).ToList();
        Assert.Contains("An enterprise name is required, at most 200 characters.", errors);
        Assert.Contains("Character 18 (“Z”) is not valid in a credit code (I, O, S, V and Z are not used).", errors);
        Assert.DoesNotContain(errors, e => e.Any(c => c is >= '\u4e00' and <= '\u9fff'));

        // The API lists each field's message in the reader's language as well.
        var api = await app.ClientForAsync("officer.yunyan");
        var problem = await (await api.PostAsJsonAsync("/api/enterprises" + English, new { name = "", creditCode = "91520103" })).Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal("Please correct the 2 marked fields.", problem.GetProperty("detail").GetString());
        Assert.Equal("The unified social credit code has 18 characters; this one has 8.", problem.GetProperty("errors").GetProperty("creditCode")[0].GetString());

        // A password rule with its number in it.
        var password = await api.PostAsJsonAsync("/api/auth/password" + English, new { currentPassword = app.Credentials["officer.yunyan"], newPassword = "Ab1!xyz" });
        Assert.Equal(HttpStatusCode.BadRequest, password.StatusCode);
        var messages = (await password.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("errors").GetProperty("newPassword").EnumerateArray().Select(m => m.GetString()).ToList();
        Assert.Contains("The password needs at least 8 characters.", messages);
    }

    /// <summary>A workbook's error located in one line (the unit import's list): the place and the reason in the reader's language.</summary>
    [Fact]
    public void A_sheet_error_names_its_place_in_the_readers_language()
    {
        using var app = new TestApp();
        var localizer = app.Services.GetRequiredService<IStringLocalizer<SharedResource>>();
        var error = new SheetError("单位", 3, "排序", "“{0}”不是整数。", "x");
        var before = CultureInfo.CurrentUICulture;
        try
        {
            CultureInfo.CurrentUICulture = CultureInfo.GetCultureInfo("zh-CN");
            Assert.Equal("工作表“单位”第 3 行“排序”列：“x”不是整数。", error.Describe(localizer));
            CultureInfo.CurrentUICulture = CultureInfo.GetCultureInfo("en");
            Assert.Equal("Sheet “单位”, row 3, column “排序”: “x” is not a whole number.", error.Describe(localizer));
            Assert.Equal("“x” is not a whole number.", error.In(localizer).Message);
            Assert.Equal("“x”不是整数。", error.Message);
        }
        finally
        {
            CultureInfo.CurrentUICulture = before;
        }
    }

}
