using Microsoft.Playwright;
using Zhaoshang.Tests.Infrastructure;

namespace Zhaoshang.BrowserTests;

/// <summary>The real app on Kestrel (a free port on 127.0.0.1) and Debian's Chromium driven by Playwright.</summary>
public sealed class BrowserApp : IAsyncDisposable
{
    private readonly TestApp _app;
    private IPlaywright? _playwright;
    private IBrowser? _browser;

    private BrowserApp(TestApp app) => _app = app;

    public string BaseUrl { get; private set; } = "";
    public IReadOnlyDictionary<string, string> Credentials => _app.Credentials;

    /// <summary>The app under test, for set-up that has no API of its own (extra users).</summary>
    public TestApp App => _app;

    public static async Task<BrowserApp> StartAsync(IDictionary<string, string?>? settings = null)
    {
        var app = new TestApp(settings: settings);
        app.UseKestrel(0);
        app.StartServer();
        var result = new BrowserApp(app)
        {
            BaseUrl = app.ClientOptions.BaseAddress.ToString().TrimEnd('/'),
        };
        result._playwright = await Playwright.CreateAsync();
        result._browser = await result._playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions
        {
            ExecutablePath = Prerequisites.RequireChromium(),
            Headless = true,
            Args = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update", "--disable-sync", "--no-first-run"],
        });
        return result;
    }

    public async Task<IPage> NewPageAsync(int width = 1280, int height = 900)
    {
        var context = await _browser!.NewContextAsync(new BrowserNewContextOptions
        {
            ViewportSize = new ViewportSize { Width = width, Height = height },
            Locale = "en-US", // the UI must still start in Chinese
        });
        return await context.NewPageAsync();
    }

    public async Task SignInAsync(IPage page, string userName, string password)
    {
        await page.GotoAsync(BaseUrl + "/Account/Login");
        await page.FillAsync("[data-testid=login-username]", userName);
        await page.FillAsync("[data-testid=login-password]", password);
        await page.ClickAsync("[data-testid=login-submit]");
    }

    /// <summary>
    /// Waits for the page to reach a URL (after a form post); when it does not, fails with where the page is, what it
    /// says (a validation message, an error page) and what the server logged, instead of a bare timeout.
    /// </summary>
    public async Task WaitForUrlAsync(IPage page, string glob)
    {
        try
        {
            await page.WaitForURLAsync(glob);
        }
        catch (PlaywrightException e)
        {
            var text = await page.Locator("body").InnerTextAsync(new() { Timeout = 5000 });
            throw new System.TimeoutException($"Expected {glob}, still on {page.Url}: {text[..Math.Min(text.Length, 800)]}\nServer log:\n"
                + string.Join("\n", _app.Log.Lines.TakeLast(20)), e);
        }
    }

    /// <summary>An API client signed in as the user, to set up data the way a client system would.</summary>
    public Task<HttpClient> ApiClientAsync(string userName) => _app.ClientForAsync(userName);

    public async ValueTask DisposeAsync()
    {
        if (_browser is not null)
        {
            await _browser.DisposeAsync();
        }
        _playwright?.Dispose();
        await _app.DisposeAsync();
    }
}
