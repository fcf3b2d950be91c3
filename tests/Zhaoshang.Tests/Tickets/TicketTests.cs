using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Zhaoshang.Tests.Infrastructure;
using Zhaoshang.Web.Features.Accounts;
using Zhaoshang.Web.Features.Notifications;
using Zhaoshang.Web.Features.Tickets;

namespace Zhaoshang.Tests.Tickets;

public sealed class TicketTests
{
    private static readonly Dictionary<string, string?> FastJobs = new()
    {
        ["Tickets:SweepInterval"] = "00:00:00.200",
        ["Tickets:LeaseTime"] = "00:00:05",
        ["Notifications:SendInterval"] = "00:00:00.100",
        ["Notifications:Timeout"] = "00:00:02",
    };

    /// <summary>
    /// Done-when 1: a land problem on a signed project goes to the factor-guarantee department (市自然资源和规划局) with 15
    /// working days counted over 中秋 and 国庆 (2026-09-21 → 2026-10-19, not the 10-12 of plain weekdays); left overdue it is
    /// reminded once, then escalated to the handler's leader, the desk and the joint meeting, one step at a time, each
    /// once — on PostgreSQL with two app instances running the sweep against the same database.
    /// </summary>
    [Theory]
    [SqliteData]
    [PostgresData]
    public async Task A_land_problem_is_routed_with_its_deadline_and_escalates_step_by_step_once_each(Db db)
    {
        using var app = new TestApp(db, FastJobs);
        _ = app.Services; // the first node migrates and seeds
        var apps = new List<TestApp> { app };
        using var second = db == Db.Postgres
            ? new TestApp(db, new Dictionary<string, string?>(FastJobs)
            {
                ["Database:ConnectionString"] = app.Database.ConnectionString,
                ["Audit:KeyFile"] = Path.Combine(app.DataDirectory, "audit.key"),
            })
            : null;
        if (second is not null)
        {
            _ = second.Services; // starts the second node's jobs
            apps.Add(second);
        }
        void At(int month, int day) => apps.ForEach(a => a.SetChinaTime(new DateTime(2026, month, day, 10, 0, 0)));
        At(9, 21);
        var (_, handlerPassword) = await app.AddUserAsync("handler.land", Roles.Handler, "520100-D16");
        await app.AddUserAsync("leader.land", Roles.Leader, "520100-D16");

        using var officer = await app.ClientForAsync("officer.yunyan");
        var project = await TicketFlow.SignedProjectAsync(officer, "贵阳某新材料产业园项目");
        var created = await officer.PostAsJsonAsync("/api/tickets", new
        {
            kind = "problem", category = "land", level = "city", projectId = project, title = "项目用地报批未完成，无法开工", description = "用地指标尚未落实。",
        });
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        var ticket = (await created.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("ticket");
        var id = ticket.GetProperty("id").GetGuid();
        Assert.StartsWith("WT-2026-", ticket.GetProperty("number").GetString());

        // The city-level desk is the city bureau; the district officer cannot accept.
        var notDesk = await officer.PostAsJsonAsync($"/api/tickets/{id}/actions", new { action = "accept" });
        Assert.Equal(HttpStatusCode.UnprocessableEntity, notDesk.StatusCode);
        Assert.Contains("受理派单单位", await notDesk.Content.ReadAsStringAsync());
        using var desk = await app.ClientForAsync("officer.tcj");
        var early = await desk.PostAsJsonAsync($"/api/tickets/{id}/actions", new { action = "dispatch" });
        Assert.Equal(HttpStatusCode.UnprocessableEntity, early.StatusCode);
        Assert.Contains("已提交", await early.Content.ReadAsStringAsync());
        await TicketFlow.ActAsync(desk, id, new { action = "accept" });
        var dispatched = await TicketFlow.ActAsync(desk, id, new { action = "dispatch" });
        var land = await app.OrgAsync("520100-D16");
        Assert.Equal(land.Id, dispatched.GetProperty("ticket").GetProperty("handlerOrgId").GetGuid());
        Assert.Equal("2026-10-19", dispatched.GetProperty("ticket").GetProperty("dueDate").GetString());
        Assert.Equal(15, dispatched.GetProperty("slaWorkingDays").GetInt32());

        // The handler sees it through its party row, though the project's district is outside its scope.
        using (var handler = await app.ClientForAsync("handler.land", handlerPassword))
        {
            var list = await handler.GetFromJsonAsync<JsonElement>("/api/tickets?open=true");
            Assert.Contains(list.GetProperty("items").EnumerateArray(), t => t.GetProperty("id").GetGuid() == id);
            await TicketFlow.ActAsync(handler, id, new { action = "start" });
        }

        async Task<int> Level() => await app.WithDbAsync(d => d.Set<Ticket>().Where(t => t.Id == id).Select(t => t.EscalationLevel).SingleAsync());
        async Task Settle() => await Task.Delay(1200); // several sweeps of both nodes

        At(10, 16); // one working day before the deadline: reminded, once
        await TicketFlow.WaitUntilAsync(async () => await app.WithDbAsync(d => d.Set<Ticket>().AnyAsync(t => t.Id == id && t.RemindedAt != null)), "the reminder");
        await Settle();
        Assert.Equal(0, await Level());

        At(10, 20); // 1 working day overdue: the handler's leader
        await TicketFlow.WaitUntilAsync(async () => await Level() == 1, "level 1");
        At(10, 21); // 2 days: still level 1
        await Settle();
        Assert.Equal(1, await Level());
        At(10, 22); // 3 days: the desk
        await TicketFlow.WaitUntilAsync(async () => await Level() == 2, "level 2");
        At(10, 26); // 5 working days (23 Fri, 26 Mon): the joint meeting
        await TicketFlow.WaitUntilAsync(async () => await Level() == 3, "level 3");
        At(11, 30);
        await Settle();

        Assert.Equal([1, 2, 3], await app.WithDbAsync(d => d.Set<TicketEscalation>().Where(e => e.TicketId == id).OrderBy(e => e.Level).Select(e => e.Level).ToListAsync()));
        Assert.Equal(3, await app.CountAsync<TicketEvent>(e => e.TicketId == id && e.Action == "escalate"));
        var leader = await app.UserIdAsync("leader.land");
        Assert.Equal(1, await app.CountAsync<Notification>(n => n.UserId == leader && n.Title.Contains("第1级")));
        var landHandler = await app.UserIdAsync("handler.land");
        Assert.Equal(1, await app.CountAsync<Notification>(n => n.UserId == landHandler && n.Title.Contains("临近办理期限")));
        var lgo = await app.OrgAsync("520100-LGO");
        Assert.True(await app.WithDbAsync(d => d.Set<TicketParty>().AnyAsync(p => p.TicketId == id && p.OrgId == lgo.Id)));

        // The overdue ticket shows on the ledger's risk and in the overdue list; the leader of the bureau sees it escalated.
        using var desk2 = await app.ClientForAsync("officer.tcj");
        var detail = await desk2.GetFromJsonAsync<JsonElement>($"/api/tickets/{id}");
        Assert.True(detail.GetProperty("ticket").GetProperty("overdue").GetBoolean());
        Assert.Equal(3, detail.GetProperty("ticket").GetProperty("escalationLevel").GetInt32());
        var overdue = await desk2.GetFromJsonAsync<JsonElement>("/api/tickets?overdue=true");
        Assert.Equal(1, overdue.GetProperty("total").GetInt32());
    }

    /// <summary>The transition table refuses what the state or the caller does not allow, with the reason; a stale version is a conflict.</summary>
    [Theory]
    [SqliteData]
    public async Task Illegal_actions_are_refused_with_their_reason(Db db)
    {
        using var app = new TestApp(db);
        using var officer = await app.ClientForAsync("officer.yunyan");
        var project = await TicketFlow.SignedProjectAsync(officer, "云岩区某项目");
        var lead = await officer.PostAsJsonAsync("/api/projects", new { name = "线索项目", agreedInvestmentYuan = 1 });
        var leadId = (await lead.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetGuid();
        var unsigned = await officer.PostAsJsonAsync("/api/tickets", new { kind = "problem", category = "power", projectId = leadId, title = "用电" });
        Assert.Equal(HttpStatusCode.BadRequest, unsigned.StatusCode);
        Assert.Contains("已签约", await unsigned.Content.ReadAsStringAsync());

        // County level by default: the district is its own desk; power goes to 市发展改革委 by the city's rule.
        var created = await (await officer.PostAsJsonAsync("/api/tickets", new { kind = "problem", category = "power", projectId = project, title = "电力增容" }))
            .Content.ReadFromJsonAsync<JsonElement>();
        var id = created.GetProperty("ticket").GetProperty("id").GetGuid();
        Assert.Equal((await app.OrgAsync("520103")).Id, created.GetProperty("deskOrgId").GetGuid());
        var rate = await officer.PostAsJsonAsync($"/api/tickets/{id}/actions", new { action = "rate", rating = 5 });
        Assert.Equal(HttpStatusCode.UnprocessableEntity, rate.StatusCode);
        Assert.Contains("待评价", (await rate.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("detail").GetString());
        Assert.Equal(HttpStatusCode.BadRequest, (await officer.PostAsJsonAsync($"/api/tickets/{id}/actions", new { action = "fly" })).StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, (await officer.PostAsJsonAsync($"/api/tickets/{id}/actions", new { action = "decline" })).StatusCode); // no reason
        var returned = await TicketFlow.ActAsync(officer, id, new { action = "return", note = "请补充增容容量" });
        Assert.Equal("returned", TicketFlow.State(returned));
        var version = returned.GetProperty("ticket").GetProperty("version").GetInt64();
        await TicketFlow.ActAsync(officer, id, new { action = "supplement", note = "需增容 2000 kVA" });
        var stale = await officer.PostAsJsonAsync($"/api/tickets/{id}/actions", new { action = "accept", version });
        Assert.Equal(HttpStatusCode.Conflict, stale.StatusCode);
        await TicketFlow.ActAsync(officer, id, new { action = "accept" });
        var ndrc = await app.OrgAsync("520100-D04");
        var overrideWithout = await officer.PostAsJsonAsync($"/api/tickets/{id}/actions", new { action = "dispatch", orgIds = new[] { (await app.OrgAsync("520100-D05")).Id } });
        Assert.Equal(HttpStatusCode.BadRequest, overrideWithout.StatusCode);
        Assert.Contains("改派", await overrideWithout.Content.ReadAsStringAsync());
        var dispatched = await TicketFlow.ActAsync(officer, id, new { action = "dispatch" });
        Assert.Equal(ndrc.Id, dispatched.GetProperty("ticket").GetProperty("handlerOrgId").GetGuid());
        var answer = await officer.PostAsJsonAsync($"/api/tickets/{id}/actions", new { action = "answer", note = "已办" });
        Assert.Equal(HttpStatusCode.UnprocessableEntity, answer.StatusCode); // not started yet
        using var other = await app.ClientForAsync("handler.gxj");
        Assert.Equal(HttpStatusCode.NotFound, (await other.GetAsync($"/api/tickets/{id}")).StatusCode);
    }

    /// <summary>
    /// Parallel review: three departments at once; one asks for more material and only its part reopens; the combined
    /// result follows each answer, and the ticket is answered when the last part is in.
    /// </summary>
    [Theory]
    [SqliteData]
    [PostgresData]
    public async Task A_parallel_review_combines_the_departments_answers_and_reopens_only_one_part(Db db)
    {
        using var app = new TestApp(db);
        using var officer = await app.ClientForAsync("officer.yunyan");
        var project = await TicketFlow.SignedProjectAsync(officer, "并联会审项目");
        var id = (await (await officer.PostAsJsonAsync("/api/tickets", new { kind = "problem", category = "approvals", projectId = project, title = "项目合作细节会审" }))
            .Content.ReadFromJsonAsync<JsonElement>()).GetProperty("ticket").GetProperty("id").GetGuid();
        await TicketFlow.ActAsync(officer, id, new { action = "accept" });
        var (gxj, ndrc, land) = ((await app.OrgAsync("520100-D05")).Id, (await app.OrgAsync("520100-D04")).Id, (await app.OrgAsync("520100-D16")).Id);
        var d = await TicketFlow.ActAsync(officer, id, new { action = "dispatch", orgIds = new[] { gxj, ndrc, land }, review = true, note = "涉及三个部门，并联会审" });
        Assert.True(d.GetProperty("isReview").GetBoolean());
        Assert.Equal("会审中", d.GetProperty("reviewResult").GetString());

        using var h1 = await app.ClientForAsync("handler.gxj");
        using var h2 = await app.ClientForAsync("handler.fgw");
        var (_, landPassword) = await app.AddUserAsync("handler.land", Roles.Handler, "520100-D16");
        using var h3 = await app.ClientForAsync("handler.land", landPassword);
        Assert.Equal(HttpStatusCode.UnprocessableEntity, (await h1.PostAsJsonAsync($"/api/tickets/{id}/actions", new { action = "answer", note = "x" })).StatusCode);
        await TicketFlow.ActAsync(h1, id, new { action = "review", decision = "approved", note = "同意" });
        // A part once answered stands: its department may not answer it again.
        Assert.Equal(HttpStatusCode.UnprocessableEntity, (await h1.PostAsJsonAsync($"/api/tickets/{id}/actions", new { action = "review", decision = "declined", note = "改变主意" })).StatusCode);
        await TicketFlow.ActAsync(h2, id, new { action = "requestMaterial", note = "请补充能耗评估" });
        var partial = await TicketFlow.ActAsync(h3, id, new { action = "review", decision = "approvedWithConditions", note = "须先完成用地预审" });
        Assert.Equal("inProgress", TicketFlow.State(partial));
        var parts = partial.GetProperty("reviews").EnumerateArray().ToDictionary(r => r.GetProperty("orgId").GetGuid(), r => r.GetProperty("state").GetString());
        Assert.Equal(("approved", "materialRequested", "approvedWithConditions"), (parts[gxj], parts[ndrc], parts[land]));

        var supplemented = await TicketFlow.ActAsync(officer, id, new { action = "supplement", note = "已上传能耗评估报告" });
        parts = supplemented.GetProperty("reviews").EnumerateArray().ToDictionary(r => r.GetProperty("orgId").GetGuid(), r => r.GetProperty("state").GetString());
        Assert.Equal(("approved", "pending", "approvedWithConditions"), (parts[gxj], parts[ndrc], parts[land]));
        var done = await TicketFlow.ActAsync(h2, id, new { action = "review", decision = "approved", note = "同意" });
        Assert.Equal("answered", TicketFlow.State(done));
        Assert.Equal("有条件同意", done.GetProperty("reviewResult").GetString());
    }

    /// <summary>
    /// Done-when 2 (API side): an investor's appeal goes round the loop, the department's closure rate moves from 0 to
    /// 100 %, and the investor can open nothing else — not another enterprise's appeal, not the ledger.
    /// </summary>
    [Theory]
    [SqliteData]
    [PostgresData]
    public async Task An_investor_sees_only_its_own_appeals_and_its_rating_closes_the_loop(Db db)
    {
        using var app = new TestApp(db);
        using var officer = await app.ClientForAsync("officer.yunyan");
        var mine = await TicketFlow.EnterpriseAsync(officer, "贵州某某新能源有限公司", "91520100MA6H7K2X0");
        var theirs = await TicketFlow.EnterpriseAsync(officer, "贵州另一家科技有限公司", "91520100MA6H7K3X0");
        var password = await app.InvestorAsync("investor.a", "520100-GX", mine);
        var otherPassword = await app.InvestorAsync("investor.b", "520100-GX", theirs);
        await app.AddUserAsync("officer.gx", Roles.Officer, "520100-GX");
        var (_, gxPassword) = await app.AddUserAsync("officer.gx2", Roles.Officer, "520100-GX");
        var (_, d18Password) = await app.AddUserAsync("handler.d18", Roles.Handler, "520100-D18");

        using var investor = await app.ClientForAsync("investor.a", password);
        using var other = await app.ClientForAsync("investor.b", otherPassword);
        var created = await investor.PostAsJsonAsync("/api/tickets", new { kind = "appeal", category = "approvals", title = "环评审批进度咨询", description = "请协调加快环评审批。" });
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        var id = (await created.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("ticket").GetProperty("id").GetGuid();
        var foreign = (await (await other.PostAsJsonAsync("/api/tickets", new { kind = "appeal", category = "financing", title = "融资对接" }))
            .Content.ReadFromJsonAsync<JsonElement>()).GetProperty("ticket").GetProperty("id").GetGuid();

        Assert.Equal(HttpStatusCode.NotFound, (await investor.GetAsync($"/api/tickets/{foreign}")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await investor.PostAsJsonAsync($"/api/tickets/{foreign}/actions", new { action = "comment", note = "x" })).StatusCode);
        var list = await investor.GetFromJsonAsync<JsonElement>("/api/tickets");
        Assert.Equal([id], list.GetProperty("items").EnumerateArray().Select(t => t.GetProperty("id").GetGuid()).ToArray());
        Assert.Equal(HttpStatusCode.Forbidden, (await investor.GetAsync("/api/projects")).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await investor.GetAsync("/api/enterprises")).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await investor.GetAsync("/api/orgs")).StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, (await investor.PostAsJsonAsync("/api/tickets", new { kind = "problem", category = "land", title = "x" })).StatusCode);
        var accept = await investor.PostAsJsonAsync($"/api/tickets/{id}/actions", new { action = "accept" });
        Assert.Equal(HttpStatusCode.UnprocessableEntity, accept.StatusCode);

        using var desk = await app.ClientForAsync("officer.gx2", gxPassword);
        using var handler = await app.ClientForAsync("handler.d18", d18Password);
        async Task<JsonElement> D18Stats()
        {
            var stats = await desk.GetFromJsonAsync<JsonElement>("/api/tickets/stats?by=department");
            return stats.GetProperty("rows").EnumerateArray().Single(r => r.GetProperty("name").GetString() == "市政务服务中心");
        }
        await TicketFlow.ActAsync(desk, id, new { action = "accept" });
        await TicketFlow.ActAsync(desk, id, new { action = "dispatch" });
        Assert.Equal(0m, (await D18Stats()).GetProperty("closureRate").GetDecimal());
        await TicketFlow.ActAsync(handler, id, new { action = "start" });
        await TicketFlow.ActAsync(handler, id, new { action = "comment", note = "请提供环评报告编号" });
        await TicketFlow.ActAsync(investor, id, new { action = "comment", note = "编号 黔环评〔2026〕12 号" });
        await TicketFlow.ActAsync(handler, id, new { action = "answer", note = "已协调，环评批复将于本周出具。" });
        await TicketFlow.ActAsync(desk, id, new { action = "check" });
        var closed = await TicketFlow.ActAsync(investor, id, new { action = "rate", rating = 5, note = "很满意" });
        Assert.Equal("closed", TicketFlow.State(closed));
        var row = await D18Stats();
        Assert.Equal((1, 1, 100m, 100m), (row.GetProperty("total").GetInt32(), row.GetProperty("solved").GetInt32(),
            row.GetProperty("closureRate").GetDecimal(), row.GetProperty("onTimeRate").GetDecimal()));
        var xlsx = await desk.GetAsync("/api/tickets/stats?by=department&format=xlsx");
        var sheet = Zhaoshang.Web.Shared.Xlsx.Read(await xlsx.Content.ReadAsStreamAsync(), 1000).Single();
        Assert.Contains(sheet.Rows, r => r[0] == "市政务服务中心" && r[2] == "1" && r[3] == "1"); // one closed of one: 100 %
        // The same statistics as a document to send: through the one document builder, its table read back.
        using (var docx = DocumentFormat.OpenXml.Packaging.WordprocessingDocument.Open(
            new MemoryStream(await desk.GetByteArrayAsync("/api/tickets/stats?by=department&format=docx&number=" + Uri.EscapeDataString("筑投促〔2026〕3号"))), false))
        {
            var rows = docx.MainDocumentPart!.Document.Body!.Descendants<DocumentFormat.OpenXml.Wordprocessing.TableRow>()
                .Select(r => string.Join("|", r.Descendants<DocumentFormat.OpenXml.Wordprocessing.TableCell>().Select(c => c.InnerText))).ToList();
            Assert.Contains("市政务服务中心|1|1|100.0%|100.0%|", string.Join("\n", rows));
            Assert.Contains("筑投促〔2026〕3号", docx.MainDocumentPart.Document.Body.InnerText);
        }
        var investorInbox = await investor.GetFromJsonAsync<JsonElement>("/api/inbox");
        Assert.True(investorInbox.GetProperty("unread").GetInt32() > 0);
    }

    /// <summary>Attachments are judged by content: a PDF is kept with its detected type; a program renamed .pdf is refused.</summary>
    [Theory]
    [SqliteData]
    public async Task Attachments_are_checked_on_content_not_on_name(Db db)
    {
        using var app = new TestApp(db);
        using var officer = await app.ClientForAsync("officer.yunyan");
        var enterprise = await TicketFlow.EnterpriseAsync(officer, "贵州附件测试有限公司", "91520100MA6H7K4X0");
        var id = (await (await officer.PostAsJsonAsync("/api/tickets", new { kind = "appeal", category = "singleItem", enterpriseId = enterprise, title = "附件" }))
            .Content.ReadFromJsonAsync<JsonElement>()).GetProperty("ticket").GetProperty("id").GetGuid();
        async Task<HttpResponseMessage> Upload(byte[] content, string name)
        {
            using var form = new MultipartFormDataContent { { new ByteArrayContent(content), "file", name } };
            return await officer.PostAsync($"/api/tickets/{id}/attachments", form);
        }
        var pdf = "%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF"u8.ToArray();
        var ok = await Upload(pdf, "说明.png");
        Assert.Equal(HttpStatusCode.Created, ok.StatusCode);
        var row = await ok.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal("application/pdf", row.GetProperty("contentType").GetString());
        var exe = new byte[] { 0x4D, 0x5A, 0x90, 0x00, 0x03, 0x00, 0x00, 0x00 };
        var refused = await Upload(exe, "合同.pdf");
        Assert.Equal(HttpStatusCode.BadRequest, refused.StatusCode);
        Assert.Contains("合同.pdf", await refused.Content.ReadAsStringAsync());
        var big = new byte[AttachmentRules.MaxBytes + 1];
        pdf.CopyTo(big, 0);
        Assert.Equal(HttpStatusCode.BadRequest, (await Upload(big, "big.pdf")).StatusCode);
        var download = await officer.GetAsync($"/api/tickets/{id}/attachments/{row.GetProperty("id").GetGuid()}");
        Assert.Equal(pdf, await download.Content.ReadAsByteArrayAsync());
        Assert.Equal(1, await app.CountAsync<TicketAttachment>(a => a.TicketId == id));
    }
}
