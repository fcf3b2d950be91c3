using System.Globalization;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Localization;

namespace Zhaoshang.Web.Shared;

/// <summary>The host around the features: pages, localisation, errors, security headers, health, OpenAPI.</summary>
public static class WebShell
{
    public static readonly CultureInfo[] Cultures = [new("zh-CN"), new("en")];

    /// <summary>Endpoints open without signing in; a test fails on any other anonymous endpoint.</summary>
    public static readonly string[] AnonymousAllowList = ["/Account/Login", "/api/auth/token", "/healthz", "/readyz", "/culture",
        // 一码投: an investor's scan opens these without an account (each checks the code's signature and expiry, and is rate-limited).
        "/i/{code}", "/i/r/{reference?}", "/api/public/codes/{code}", "/api/public/codes/{code}/intentions", "/api/public/challenge",
        "/api/public/intentions/{reference}", "/api/public/intentions/{reference}/account"];

    public static WebApplicationBuilder AddWebShell(this WebApplicationBuilder builder)
    {
        new AppPaths(builder.Configuration, builder.Environment).PrepareUploadDirectory();
        var services = builder.Services;
        if (!builder.Environment.IsDevelopment())
        {
            builder.Logging.ClearProviders();
            builder.Logging.AddJsonConsole();
        }
        // Chinese text is written as text, not as &#x...; entities.
        services.Configure<Microsoft.Extensions.WebEncoders.WebEncoderOptions>(o =>
            o.TextEncoderSettings = new System.Text.Encodings.Web.TextEncoderSettings(System.Text.Unicode.UnicodeRanges.All));
        services.AddLocalization();
        services.AddRazorPages(o =>
        {
            o.RootDirectory = "/Features";
            o.Conventions.AllowAnonymousToPage("/Account/Login");
        }).AddMvcOptions(o => o.Filters.Add<FormErrorFilter>());
        services.Configure<RequestLocalizationOptions>(o =>
        {
            o.DefaultRequestCulture = new RequestCulture("zh-CN");
            o.SupportedCultures = Cultures;
            o.SupportedUICultures = Cultures;
            // Chinese unless the user chose otherwise: the browser's language does not switch the UI.
            o.RequestCultureProviders = [new QueryStringRequestCultureProvider(), new CookieRequestCultureProvider()];
        });
        // Behind nginx: trust X-Forwarded-For from the listed proxies only, so rate limits and the audit see the client.
        services.Configure<ForwardedHeadersOptions>(o =>
        {
            o.ForwardedHeaders = Microsoft.AspNetCore.HttpOverrides.ForwardedHeaders.XForwardedFor | Microsoft.AspNetCore.HttpOverrides.ForwardedHeaders.XForwardedProto;
            // ASP.NET trusts loopback by default; only the proxies the operator lists are trusted here.
            o.KnownIPNetworks.Clear();
            o.KnownProxies.Clear();
            foreach (var proxy in TrustedProxies(builder.Configuration))
            {
                o.KnownProxies.Add(proxy);
            }
        });
        services.AddProblemDetails();
        services.AddExceptionHandler<DomainExceptionHandler>();
        services.AddOpenApi(ApiContract.Describe);
        services.ConfigureHttpJsonOptions(o =>
        {
            o.SerializerOptions.Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping;
            // Enums travel as camelCase names ("atCapacity"), never as numbers.
            o.SerializerOptions.Converters.Add(new System.Text.Json.Serialization.JsonStringEnumConverter(System.Text.Json.JsonNamingPolicy.CamelCase, allowIntegerValues: false));
        });
        return builder;
    }

    private static System.Net.IPAddress[] TrustedProxies(IConfiguration configuration) =>
        [.. (configuration["Zhaoshang:TrustedProxies"] ?? "").Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
            .Select(System.Net.IPAddress.Parse)];

    public static WebApplication UseWebShell(this WebApplication app)
    {
        // Only behind a listed proxy (an empty list would make ASP.NET believe any sender, its default list loopback).
        if (TrustedProxies(app.Configuration).Length > 0)
        {
            app.UseForwardedHeaders();
        }
        // Before the exception handler, and written as the response starts: an error response (which the handler
        // clears and rewrites) carries the same headers as any other.
        app.Use((context, next) =>
        {
            context.Response.OnStarting(() =>
            {
                SecurityHeaders(context);
                return Task.CompletedTask;
            });
            return next(context);
        });
        app.UseExceptionHandler();
        app.UseStatusCodePages(async context =>
        {
            var response = context.HttpContext.Response;
            if (!context.HttpContext.Request.Path.StartsWithSegments("/api") && response.StatusCode == 404)
            {
                var localizer = context.HttpContext.RequestServices.GetRequiredService<Microsoft.Extensions.Localization.IStringLocalizer<SharedResource>>();
                ErrorPage.ReaderCulture(context.HttpContext);
                await ErrorPage.WriteAsync(context.HttpContext, 404, localizer["您访问的页面不存在，可能已被删除或地址有误。"], localizer);
            }
        });
        // Files under wwwroot are public and versioned (asp-append-version): a browser may keep them and revalidate.
        app.UseStaticFiles(new StaticFileOptions { OnPrepareResponse = f => f.Context.Response.Headers.CacheControl = "no-cache" });
        app.UseRequestLocalization();
        app.UseRouting();
        app.UseAuthentication();
        // Swagger UI: for signed-in users only, and in production only when the operator turns it on.
        if (app.Environment.IsDevelopment() || app.Configuration.GetValue("Zhaoshang:SwaggerUi", false))
        {
            app.UseWhen(c => c.Request.Path.StartsWithSegments("/swagger"), branch =>
            {
                branch.Use(async (context, next) =>
                {
                    if (context.User.Identity?.IsAuthenticated != true)
                    {
                        await context.ChallengeAsync();
                        return;
                    }
                    await next(context);
                });
                branch.UseSwaggerUI(o =>
                {
                    o.SwaggerEndpoint("/openapi/v1.json", "Zhaoshang API v1");
                    o.RoutePrefix = "swagger";
                });
            });
        }
        app.UseAuthorization();
        return app; // then the accounts' own steps (Program.cs) and antiforgery
    }

    /// <summary>Antiforgery, after every step that may end a request on its own (sign-in, forced password change).</summary>
    public static WebApplication UseFormProtection(this WebApplication app)
    {
        app.UseAntiforgery();
        return app;
    }

    /// <summary>
    /// The headers every response carries, errors included: CSP, no framing, no sniffing, same-origin referrers; HSTS on
    /// HTTPS (directly or through a trusted proxy); and no caching of anything but static files:
    /// pages, API data and exports hold what only their user may see.
    /// </summary>
    private static void SecurityHeaders(HttpContext context)
    {
        var headers = context.Response.Headers;
        headers.XContentTypeOptions = "nosniff";
        headers.XFrameOptions = "DENY";
        headers["Referrer-Policy"] = "same-origin";
        headers.ContentSecurityPolicy = "default-src 'self'; img-src 'self' data:; style-src 'self' 'unsafe-inline'; script-src 'self'; frame-ancestors 'none'";
        if (context.Request.IsHttps)
        {
            headers.StrictTransportSecurity = "max-age=31536000";
        }
        if (string.IsNullOrEmpty(headers.CacheControl))
        {
            headers.CacheControl = "no-store";
        }
    }

    public static WebApplication MapWebShell(this WebApplication app)
    {
        app.MapRazorPages();
        app.MapOpenApi();
        app.MapHealthChecks("/healthz", new() { Predicate = _ => false }).AllowAnonymous();
        app.MapHealthChecks("/readyz", new() { Predicate = c => c.Tags.Contains("ready") }).AllowAnonymous();
        app.MapGet("/culture", (string c, string? returnUrl, HttpContext context) =>
        {
            var culture = Cultures.FirstOrDefault(x => x.Name.Equals(c, StringComparison.OrdinalIgnoreCase)) ?? Cultures[0];
            context.Response.Cookies.Append(CookieRequestCultureProvider.DefaultCookieName,
                CookieRequestCultureProvider.MakeCookieValue(new RequestCulture(culture)),
                new CookieOptions { Expires = DateTimeOffset.MaxValue, IsEssential = true, SameSite = SameSiteMode.Lax, HttpOnly = true });
            var target = returnUrl is not null && Uri.IsWellFormedUriString(returnUrl, UriKind.Relative) && returnUrl.StartsWith('/') && !returnUrl.StartsWith("//")
                ? returnUrl
                : "/";
            return Results.LocalRedirect(target);
        }).AllowAnonymous().ExcludeFromDescription();
        return app;
    }
}
