using System.Text.RegularExpressions;
using Microsoft.Playwright;
using Zhaoshang.Tests.Infrastructure;
using Zhaoshang.Web.Features.Accounts;

namespace Zhaoshang.BrowserTests;

/// <summary>The demo, as each role first sees it: one app with the demo ledger for every walk.</summary>
public sealed class DemoFixture : IAsyncLifetime
{
    public BrowserApp App { get; private set; } = null!;
    public Dictionary<string, string> Passwords { get; } = [];

    public async Task InitializeAsync()
    {
        if (Prerequisites.SkipChromium is not null)
        {
            return;
        }
        App = await BrowserApp.StartAsync(new Dictionary<string, string?> { ["Zhaoshang:DemoLedger"] = "true" });
        foreach (var (name, role) in new[] { ("sys.walk", Roles.SysAdmin), ("sec.walk", Roles.SecAdmin), ("audit.walk", Roles.AuditAdmin) })
        {
            Passwords[name] = (await App.App.AddUserAsync(name, role, "520000")).Password;
        }
    }

    public async Task DisposeAsync()
    {
        if (App is not null)
        {
            await App.DisposeAsync();
        }
    }
}

/// <summary>
/// Each role walks its home and main pages of the demo on a desktop and on a 390×844 phone. A page fails on a console
/// error, a failed request, English or a raw identifier in the Chinese UI (an enum or field name, a GUID), or an element
/// wider than its card (or than the phone's screen). Tables that scroll inside their card are allowed to be wider.
/// </summary>
public sealed partial class RoleWalkTests(DemoFixture demo) : IClassFixture<DemoFixture>
{
    // Words that are names, not English sentences: the product, the formats, the language switch, codes.
    private static readonly HashSet<string> Allowed = ["Zhaoshang", "English", "Word", "Excel", "Webhook", "IP", "API", "PDF", "PNG", "JPEG", "HMAC",
        "SM3", "SM4", "MB", "XM", "WT", "docx", "xlsx", "pdf", "png", "jpg", "jpeg", "Tabler", "https", "http", "Markdown", "sysadmin", "secadmin", "auditadmin"];

    // Account names (officer.yunyan) and unit codes (GUIAN, 520100-GX) are identifiers the pages show on purpose.
    [GeneratedRegex(@"\b[a-z][a-z0-9]*\.[a-z][a-z0-9.]*\b|\b[A-Z]{2,8}\b")]
    private static partial Regex Identifier();

    [GeneratedRegex(@"[A-Za-z][A-Za-z]{2,}")]
    private static partial Regex Word();

    [GeneratedRegex(@"[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}", RegexOptions.IgnoreCase)]
    private static partial Regex Guid();

    public static TheoryData<string, string> Walks() => new()
    {
        { "officer.yunyan", "/ /Cockpit /Projects →/Projects/Detail /Projects/Board /Projects/Edit /Enterprises /Enterprises/Edit /Activities /Activities/Edit /Tickets →/Tickets/Detail /Tickets/New /Assessment /Projects/Import /Notifications/Inbox /Majors →/Majors/Detail /Majors/Supervised /Majors/Settings /EntryCodes /EntryCodes/Edit /EntryCodes/Intentions" },
        { "leader.gy", "/ /?todo=true /Projects /Assessment /Tickets /Tickets/Stats /Enterprises /Activities /Orgs /Majors →/Majors/Detail /Majors/Report /Majors/Supervised /EntryCodes /EntryCodes/Intentions" },
        { "handler.zwzx", "/ /Tickets /Projects" },
        { "assessor.gy", "/ /Assessment →/Assessment/Unit →/Assessment/Facts /Assessment/Targets /Tickets" },
        { "enterprise.demo", "/ /Tickets /Tickets/New" },
        { "sys.walk", "/ /Users /Notifications/Webhooks /Tickets/Settings /Majors/Settings /Orgs" },
        { "sec.walk", "/ /Users" },
        { "audit.walk", "/ /Audit" },
    };

    [BrowserTheory]
    [MemberData(nameof(Walks))]
    public async Task Each_role_walks_its_pages_on_a_desktop_and_a_phone_without_english_raw_names_overflow_or_errors(string user, string pages)
    {
        var password = demo.Passwords.GetValueOrDefault(user) ?? demo.App.Credentials[user];
        var problems = new List<string>();
        foreach (var (width, height) in new[] { (1440, 900), (390, 844) })
        {
            var page = await demo.App.NewPageAsync(width, height);
            var errors = new List<string>();
            page.Console += (_, m) => { if (m.Type == "error") { errors.Add(m.Text); } };
            page.PageError += (_, e) => errors.Add(e);
            page.RequestFailed += (_, r) => errors.Add("failed request " + r.Url);
            await demo.App.SignInAsync(page, user, password);
            await page.WaitForSelectorAsync("#home-title, #cockpit-title");
            foreach (var step in pages.Split(' '))
            {
                errors.Clear();
                // "→/Path" follows the first link of the page to that path (a unit, a fact list, a ticket: pages that need an id).
                var path = step.StartsWith('→') ? await page.Locator($"a[href^='{step[1..]}']").First.GetAttributeAsync("href") ?? step[1..] : step;
                var response = await page.GotoAsync(demo.App.BaseUrl + path);
                await page.WaitForLoadStateAsync(LoadState.NetworkIdle);
                var where = $"{user} {path} @{width}px";
                if (response?.Status != 200)
                {
                    problems.Add($"{where}: HTTP {response?.Status}");
                    continue;
                }
                problems.AddRange(errors.Select(e => $"{where}: console: {e}"));
                var text = await page.Locator("body").InnerTextAsync();
                var english = Word().Matches(Identifier().Replace(text, " ")).Select(m => m.Value)
                    .Where(w => !Allowed.Contains(w, StringComparer.OrdinalIgnoreCase)).Distinct().Take(10).ToList();
                if (english.Count > 0)
                {
                    problems.Add($"{where}: English or raw names: {string.Join(", ", english)}");
                }
                if (Guid().Match(text) is { Success: true } guid)
                {
                    problems.Add($"{where}: a GUID on the page: {guid.Value}");
                }
                var overflow = await page.EvaluateAsync<string[]>("""
                    () => {
                      const out = [];
                      if (document.documentElement.scrollWidth > window.innerWidth + 1) out.push('page wider than the screen: ' + document.documentElement.scrollWidth);
                      for (const card of document.querySelectorAll('.card')) {
                        const box = card.getBoundingClientRect();
                        if (box.width === 0) continue;
                        for (const el of card.querySelectorAll('*')) {
                          if (el.closest('.table-responsive') || el.closest('.dropdown-menu') || el.closest('dialog') || el.offsetParent === null) continue;
                          const r = el.getBoundingClientRect();
                          if (r.width > 0 && r.right > box.right + 2) { out.push((el.id ? '#' + el.id : el.tagName.toLowerCase()) + ' overflows its card by ' + Math.round(r.right - box.right) + 'px'); break; }
                        }
                      }
                      return out.slice(0, 5);
                    }
                    """);
                problems.AddRange(overflow.Select(o => $"{where}: {o}"));
            }
            await page.Context.CloseAsync();
        }
        Assert.True(problems.Count == 0, string.Join("\n", problems));
    }
}
