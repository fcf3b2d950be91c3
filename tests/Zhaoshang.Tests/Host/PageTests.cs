using System.Net;
using System.Text.RegularExpressions;
using System.Xml.Linq;
using AngleSharp.Html.Parser;
using Zhaoshang.Tests.Infrastructure;

namespace Zhaoshang.Tests.Host;

public sealed partial class PageTests
{
    [Fact]
    public async Task The_login_page_is_in_Chinese_whatever_the_browser_language_until_the_user_switches()
    {
        using var app = new TestApp();
        var client = app.CreateClient();
        client.DefaultRequestHeaders.AcceptLanguage.ParseAdd("en-US,en;q=0.9");
        var html = await client.GetStringAsync("/Account/Login");
        var page = new HtmlParser().ParseDocument(html);
        Assert.Equal("zh-CN", page.DocumentElement.GetAttribute("lang"));
        Assert.Contains("登录", html); // as text, not as character entities
        Assert.Equal("用户名", page.QuerySelector("label[for=userName]")!.TextContent.Trim());

        var switched = await client.GetAsync("/culture?c=en&returnUrl=%2FAccount%2FLogin");
        Assert.Equal(HttpStatusCode.OK, switched.StatusCode); // followed the redirect with the cookie set
        var english = new HtmlParser().ParseDocument(await switched.Content.ReadAsStringAsync());
        Assert.Equal("en", english.DocumentElement.GetAttribute("lang"));
        Assert.Equal("User name", english.QuerySelector("label[for=userName]")!.TextContent.Trim());
    }

    /// <summary>An error page in the product's style, saying what happened, with the way back: the previous page of this site (never another site's), and home.</summary>
    [Fact]
    public async Task An_error_page_is_styled_and_leads_back_to_the_previous_page_of_the_site_only()
    {
        using var app = new TestApp();
        var officer = await app.ClientForAsync("officer.yunyan");
        async Task<(HttpStatusCode, AngleSharp.Html.Dom.IHtmlDocument)> GetAsync(string url, string? referer)
        {
            using var request = new HttpRequestMessage(HttpMethod.Get, url);
            request.Headers.Accept.ParseAdd("text/html");
            if (referer is not null)
            {
                request.Headers.Referrer = new Uri(referer);
            }
            var response = await officer.SendAsync(request);
            return (response.StatusCode, new HtmlParser().ParseDocument(await response.Content.ReadAsStringAsync()));
        }
        var (status, missing) = await GetAsync("/Projects/Nowhere", officer.BaseAddress + "Projects?stage=signed");
        Assert.Equal(HttpStatusCode.NotFound, status);
        Assert.Equal("页面不存在", missing.GetElementById("error-title")!.TextContent);
        Assert.Equal("/Projects?stage=signed", missing.GetElementById("error-back")!.GetAttribute("href"));
        Assert.NotNull(missing.QuerySelector("link[href='/lib/tabler/tabler.min.css']"));
        var (notFound, project) = await GetAsync($"/Projects/Detail?id={Guid.CreateVersion7()}", "https://evil.example/phish");
        Assert.Equal(HttpStatusCode.NotFound, notFound);
        Assert.Contains("项目不存在", project.GetElementById("error-detail")!.TextContent);
        Assert.Null(project.GetElementById("error-back")); // another site's address is not a way back
        Assert.Equal("/", project.GetElementById("error-home")!.GetAttribute("href"));
        var (_, english) = await GetAsync("/Projects/Nowhere?culture=en&ui-culture=en", null);
        Assert.Equal("Page not found", english.GetElementById("error-title")!.TextContent); // in the reader's language
    }

    [Fact]
    public async Task The_language_switch_only_redirects_inside_the_site()
    {
        using var app = new TestApp();
        var client = app.CreateClient(new Microsoft.AspNetCore.Mvc.Testing.WebApplicationFactoryClientOptions { AllowAutoRedirect = false });
        var response = await client.GetAsync("/culture?c=en&returnUrl=https%3A%2F%2Fevil.example%2F");
        Assert.Equal("/", response.Headers.Location!.ToString());
    }

    [Fact]
    public async Task Wrong_password_on_the_form_shows_the_reason_on_the_page()
    {
        using var app = new TestApp();
        var client = app.CreateClient();
        var form = new HtmlParser().ParseDocument(await client.GetStringAsync("/Account/Login"));
        var token = form.QuerySelector("input[name=__RequestVerificationToken]")!.GetAttribute("value")!;
        var response = await client.PostAsync("/Account/Login", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["UserName"] = "officer.yunyan",
            ["Password"] = "wrong-password",
            ["__RequestVerificationToken"] = token,
        }));
        var page = new HtmlParser().ParseDocument(await response.Content.ReadAsStringAsync());
        Assert.Equal("用户名或密码错误。", page.QuerySelector("[data-testid=login-error]")!.TextContent.Trim());
    }

    [Fact]
    public void Every_ui_string_has_an_English_translation()
    {
        var web = Repo.WebProject;
        var keys = Directory.EnumerateFiles(web, "*.cshtml", SearchOption.AllDirectories)
            .Concat(Directory.EnumerateFiles(web, "*.cs", SearchOption.AllDirectories).Where(f => f.EndsWith(".cshtml.cs", StringComparison.Ordinal)))
            .SelectMany(f => LocalizerKey().Matches(File.ReadAllText(f)).Select(m => m.Groups[1].Value))
            .Concat(Web.Features.Orgs.OrgKinds.AllowedParents.Keys.Select(k => Web.Features.Orgs.OrgKinds.ChineseName(k)))
            .Concat(Web.Features.Accounts.Roles.All.Select(Web.Features.Accounts.Roles.ChineseName))
            .Concat(Enum.GetValues<Web.Features.Enterprises.Ownership>().Select(Web.Features.Enterprises.EnterpriseTerms.Name))
            .Concat(Enum.GetValues<Web.Features.Enterprises.EnterpriseClass>().Select(Web.Features.Enterprises.EnterpriseTerms.Name))
            .Concat(Enum.GetValues<Web.Features.Enterprises.SpecializedLevel>().Select(Web.Features.Enterprises.EnterpriseTerms.Name))
            .Concat(Web.Features.Audit.ReadableChanges.Labels).Concat(Web.Features.Audit.ReadableChanges.Words)
            .Concat(typeof(Web.Features.Audit.IAuditVocabulary).Assembly.GetTypes()
                .Where(t => t.IsClass && typeof(Web.Features.Audit.IAuditVocabulary).IsAssignableFrom(t))
                .SelectMany(t => ((Web.Features.Audit.IAuditVocabulary)Activator.CreateInstance(t)!).Fields.Values.Select(f => f.Label)))
            .Concat(Web.Features.Tickets.TicketWorkflow.Table.Select(t => t.Name))
            .Concat(Enum.GetValues<Web.Features.Tickets.Actor>().Select(Web.Features.Tickets.TicketWorkflow.ActorName))
            .Concat(Enum.GetValues<Web.Features.Tickets.TicketState>().Select(Web.Features.Tickets.TicketWorkflow.StateName))
            .Concat(Enum.GetValues<Web.Features.Projects.ProjectStage>().Select(Web.Features.Projects.StageMachine.Name))
            .Concat(Web.Features.Home.ToDo.Words).Concat(Web.Features.Activities.ActivityTerms.Words).Concat(Web.Shared.ErrorPage.Words)
            .Concat(BulletinWords().Matches(File.ReadAllText(Path.Combine(web, "Features", "Assessment", "Bulletin.cs"))).Select(m => m.Groups[1].Value))
            .ToHashSet();
        Assert.True(keys.Count > 50, $"only {keys.Count} keys found");
        var english = XDocument.Load(Path.Combine(web, "Shared", "SharedResource.en.resx")).Root!.Elements("data")
            .ToDictionary(d => d.Attribute("name")!.Value, d => d.Element("value")!.Value);
        var missing = keys.Where(k => !english.ContainsKey(k)).Order().ToList();
        Assert.True(missing.Count == 0, "No English for: " + string.Join(" | ", missing));
        Assert.All(english, e => Assert.False(string.IsNullOrWhiteSpace(e.Value), e.Key));
    }

    /// <summary>
    /// Every message the code composes (a refusal, an import's row error, a remark: DomainException and its kinds,
    /// XlsxException, SheetError, sheet.Error/Warn, Phrase, and the localizer in plain classes) is a template with an
    /// English translation, and none is built by interpolation, which no reader's language could translate.
    /// </summary>
    [Fact]
    public void Every_composed_message_is_a_template_with_an_English_translation()
    {
        var english = XDocument.Load(Path.Combine(Repo.WebProject, "Shared", "SharedResource.en.resx")).Root!.Elements("data")
            .Select(d => d.Attribute("name")!.Value).ToHashSet();
        var templates = new List<(string File, string Text, bool Interpolated)>();
        foreach (var file in Directory.EnumerateFiles(Repo.WebProject, "*.cs", SearchOption.AllDirectories)
                     .Where(f => !f.Contains($"{Path.DirectorySeparatorChar}obj{Path.DirectorySeparatorChar}", StringComparison.Ordinal)))
        {
            var code = string.Join('\n', File.ReadLines(file).Where(l => !l.TrimStart().StartsWith("//", StringComparison.Ordinal)));
            foreach (Match call in MessageCall().Matches(code))
            {
                var end = code.IndexOf(';', call.Index + call.Length);
                var statement = code[(call.Index + call.Length)..(end < 0 ? code.Length : end)];
                templates.AddRange(StringLiteral().Matches(statement).Where(m => Cjk().IsMatch(m.Groups[2].Value))
                    .Select(m => (Path.GetFileName(file), m.Groups[2].Value, m.Groups[1].Value == "$")));
            }
            templates.AddRange(PlainLocalizerKey().Matches(code).Select(m => (Path.GetFileName(file), m.Groups[1].Value, false)));
        }
        Assert.True(templates.Count > 300, $"only {templates.Count} messages found");
        Assert.Contains(templates, t => t.Text == "只有{0}可以执行“{1}”。");
        var interpolated = templates.Where(t => t.Interpolated).Select(t => $"{t.File}: {t.Text}").ToList();
        Assert.True(interpolated.Count == 0, "Composed by interpolation (use a template and its values): " + string.Join(" | ", interpolated));
        var missing = templates.Where(t => !t.Interpolated && !english.Contains(t.Text)).Select(t => $"{t.File}: {t.Text}").Distinct().ToList();
        Assert.True(missing.Count == 0, "No English for: " + string.Join(" | ", missing));
    }

    [GeneratedRegex("""(?:\b(?:Invalid|Forbidden|NotFound|Unprocessable|Error|Warn|Phrase|SheetError|PhrasedIdentityError)|Exception)\(""")]
    private static partial Regex MessageCall();

    [GeneratedRegex(@"(\$?)""((?:[^""\\\n]|\\.)*)""")]
    private static partial Regex StringLiteral();

    [GeneratedRegex(@"\p{IsCJKUnifiedIdeographs}")]
    private static partial Regex Cjk();

    [GeneratedRegex("""\b(?:localizer|words)\["([^"]+)"[\],]""")]
    private static partial Regex PlainLocalizerKey();

    [GeneratedRegex("""L\["([^"]+)"[\],]""")]
    private static partial Regex LocalizerKey();

    /// <summary>The bulletin's own words (T("…")), which it writes in the reader's language.</summary>
    [GeneratedRegex("""\bT\("([^"]+)"[),]""")]
    private static partial Regex BulletinWords();
}
