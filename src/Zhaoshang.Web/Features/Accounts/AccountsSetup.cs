using System.Text.Encodings.Web;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Authorization.Policy;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.Options;
using Zhaoshang.Web.Data;
using Zhaoshang.Web.Features.Audit;

namespace Zhaoshang.Web.Features.Accounts;

public static class AccountsSetup
{
    public const string CookieScheme = CookieAuthenticationDefaults.AuthenticationScheme;
    public const string BearerScheme = "Bearer";
    private const string SelectorScheme = "CookieOrBearer";

    public static WebApplicationBuilder AddAccounts(this WebApplicationBuilder builder)
    {
        builder.Services.AddSingleton<Data.ISeed, AccountsSeed>();
        var services = builder.Services;
        services.AddOptions<SecurityOptions>().Bind(builder.Configuration.GetSection("Security"))
            .Validate(o => o.MinPasswordLength >= 8 && o.MinCharacterClasses is >= 3 and <= 4 && o.PasswordHistory >= 5
                    && o.PasswordMaxAgeDays is > 0 and <= 90 && o.MaxFailedAttempts is > 0 and <= 5 && o.LockoutMinutes >= 15
                    && o.IdleMinutes is > 0 and <= 30 && o.AdminIdleMinutes is > 0 and <= 15 && o.AbsoluteHours is > 0 and <= 12
                    && o.InactiveDisableDays is > 0 and <= 90 && o.LoginsPerAccountPerMinute is > 0 and <= 20
                    && o.LoginsPerIpPerMinute > 0 && o.SessionRecheckSeconds is > 0 and <= 60,
                "Security settings may only be stricter than the 等保 profile: password ≥ 8 characters with ≥ 3 classes, history ≥ 5, "
                + "expiry ≤ 90 days; lockout after ≤ 5 failures for ≥ 15 min; idle ≤ 30 min (admins ≤ 15), absolute ≤ 12 h; "
                + "inactive accounts disabled within 90 days; ≤ 20 logins a minute per account; revocation within 60 s.")
            .ValidateOnStart();

        services.AddIdentityCore<AppUser>()
            .AddRoles<AppRole>()
            .AddEntityFrameworkStores<AppDb>()
            .AddErrorDescriber<ChineseIdentityErrors>()
            .AddPasswordValidator<PasswordRules>();
        services.AddOptions<IdentityOptions>().Configure<IOptions<SecurityOptions>>((identity, security) =>
        {
            var rules = security.Value;
            identity.Password.RequiredLength = rules.MinPasswordLength;
            identity.Password.RequireDigit = false;
            identity.Password.RequireLowercase = false;
            identity.Password.RequireUppercase = false;
            identity.Password.RequireNonAlphanumeric = false;
            identity.Password.RequiredUniqueChars = 1;
            identity.Lockout.AllowedForNewUsers = true;
            identity.Lockout.MaxFailedAccessAttempts = rules.MaxFailedAttempts;
            identity.Lockout.DefaultLockoutTimeSpan = TimeSpan.FromMinutes(rules.LockoutMinutes);
            identity.User.RequireUniqueEmail = false;
        });

        services.AddMemoryCache();
        services.AddSingleton<LoginThrottle>();
        services.AddScoped<SessionService>();
        services.AddScoped<FailedPasswords>();
        services.AddScoped<LoginService>();
        services.AddScoped<PasswordService>();
        services.AddHostedService<AccountHousekeeping>();

        services.AddAuthentication(SelectorScheme)
            .AddPolicyScheme(SelectorScheme, SelectorScheme, o => o.ForwardDefaultSelector = context =>
                context.Request.Headers.Authorization.ToString().StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase)
                    ? BearerScheme
                    : CookieScheme)
            .AddScheme<AuthenticationSchemeOptions, BearerHandler>(BearerScheme, null)
            .AddCookie(CookieScheme, o =>
            {
                o.Cookie.Name = "zs.auth";
                o.Cookie.HttpOnly = true;
                o.Cookie.SameSite = SameSiteMode.Strict;
                o.Cookie.SecurePolicy = CookieSecurePolicy.SameAsRequest;
                o.LoginPath = "/Account/Login";
                o.LogoutPath = "/Account/Logout";
                o.AccessDeniedPath = "/Account/Denied";
                o.ExpireTimeSpan = TimeSpan.FromHours(12);
                o.SlidingExpiration = false;
                o.Events.OnValidatePrincipal = ValidateCookieAsync;
                o.Events.OnRedirectToLogin = context => ApiAware(context, StatusCodes.Status401Unauthorized);
                o.Events.OnRedirectToAccessDenied = context => ApiAware(context, StatusCodes.Status403Forbidden);
            });

        services.AddAuthorizationBuilder()
            .SetFallbackPolicy(new AuthorizationPolicyBuilder().RequireAuthenticatedUser().Build())
            .AddPolicy(Policies.SysAdmin, p => p.RequireRole(Roles.SysAdmin))
            .AddPolicy(Policies.SecAdmin, p => p.RequireRole(Roles.SecAdmin))
            .AddPolicy(Policies.AuditAdmin, p => p.RequireRole(Roles.AuditAdmin))
            .AddPolicy(Policies.UserAdmin, p => p.RequireRole(Roles.SysAdmin, Roles.SecAdmin));
        services.AddSingleton<IAuthorizationMiddlewareResultHandler, AuditedAuthorizationResultHandler>();
        return builder;
    }

    private static async Task ValidateCookieAsync(CookieValidatePrincipalContext context)
    {
        var sessionId = Guid.TryParse(context.Principal?.FindFirst(CurrentUser.SessionClaim)?.Value, out var id) ? id : Guid.Empty;
        var sessions = context.HttpContext.RequestServices.GetRequiredService<SessionService>();
        var session = sessionId == Guid.Empty ? null : await sessions.ValidateAsync(sessionId, context.HttpContext.RequestAborted);
        if (session is null)
        {
            context.RejectPrincipal();
            await context.HttpContext.SignOutAsync(CookieScheme);
            return;
        }
        context.ReplacePrincipal(session.ToPrincipal(CookieScheme));
    }

    private static Task ApiAware(RedirectContext<CookieAuthenticationOptions> context, int status)
    {
        if (context.Request.Path.StartsWithSegments("/api"))
        {
            context.Response.StatusCode = status;
            return Task.CompletedTask;
        }
        context.Response.Redirect(context.RedirectUri);
        return Task.CompletedTask;
    }

    /// <summary>
    /// Until a forced password change is done, pages lead to the change form and the API only reads (plus the change
    /// itself, sign-out and the audit verify, which writes nothing but its own record).
    /// </summary>
    public static IApplicationBuilder UseForcedPasswordChange(this IApplicationBuilder app) => app.Use(async (context, next) =>
    {
        var path = context.Request.Path;
        if (context.User.HasClaim(SessionPrincipal.MustChangePasswordClaim, "true"))
        {
            if (path.StartsWithSegments("/api"))
            {
                if (!HttpMethods.IsGet(context.Request.Method) && !HttpMethods.IsHead(context.Request.Method)
                    && !ApiAllowedBeforeChange.Any(p => path.Equals(p, StringComparison.OrdinalIgnoreCase)))
                {
                    throw Shared.DomainException.Forbidden("请先修改初始密码或已过期的密码（POST /api/auth/password），再进行此操作。");
                }
            }
            else if (!path.StartsWithSegments("/Account") && !path.StartsWithSegments("/lib") && !path.StartsWithSegments("/css")
                     && !path.StartsWithSegments("/js") && !path.StartsWithSegments("/culture"))
            {
                // Where the user was going, so the change continues there (a page, not a form post).
                var target = HttpMethods.IsGet(context.Request.Method) ? path.Value + context.Request.QueryString.Value : null;
                context.Response.Redirect("/Account/ChangePassword" + (target is { Length: > 1 } ? "?returnUrl=" + Uri.EscapeDataString(target) : ""));
                return;
            }
        }
        await next();
    });

    private static readonly string[] ApiAllowedBeforeChange = ["/api/auth/password", "/api/auth/logout", "/api/audit/verify"];

    /// <summary>
    /// The API takes a bearer token or the sign-in cookie; a cookie-authenticated write must also carry the page's
    /// antiforgery token (header RequestVerificationToken), so another site cannot make the browser write.
    /// </summary>
    public static IApplicationBuilder UseApiAntiforgery(this IApplicationBuilder app) => app.Use(async (context, next) =>
    {
        var request = context.Request;
        if (request.Path.StartsWithSegments("/api") && !HttpMethods.IsGet(request.Method) && !HttpMethods.IsHead(request.Method)
            && context.User.Identity?.AuthenticationType == CookieScheme)
        {
            try
            {
                await context.RequestServices.GetRequiredService<Microsoft.AspNetCore.Antiforgery.IAntiforgery>().ValidateRequestAsync(context);
            }
            catch (Microsoft.AspNetCore.Antiforgery.AntiforgeryValidationException)
            {
                throw Shared.DomainException.Forbidden("缺少或无效的防伪令牌：请从页面发起操作，或使用访问令牌（Bearer）调用接口。");
            }
        }
        await next();
    });
}

/// <summary>Bearer tokens are opaque session references: revocable at once, and never readable by a client.</summary>
public sealed class BearerHandler(IOptionsMonitor<AuthenticationSchemeOptions> options, ILoggerFactory logger, UrlEncoder encoder)
    : AuthenticationHandler<AuthenticationSchemeOptions>(options, logger, encoder)
{
    protected override async Task<AuthenticateResult> HandleAuthenticateAsync()
    {
        var header = Request.Headers.Authorization.ToString();
        if (!header.StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase))
        {
            return AuthenticateResult.NoResult();
        }
        var token = header["Bearer ".Length..].Trim();
        var sessions = Context.RequestServices.GetRequiredService<SessionService>();
        var session = token.Length == 0 ? null : await sessions.ValidateTokenAsync(token, Context.RequestAborted);
        return session is null
            ? AuthenticateResult.Fail("The token is unknown, expired or revoked.")
            : AuthenticateResult.Success(new AuthenticationTicket(session.ToPrincipal(Scheme.Name), Scheme.Name));
    }
}

/// <summary>Every permission denial leaves an audit record.</summary>
public sealed class AuditedAuthorizationResultHandler : IAuthorizationMiddlewareResultHandler
{
    private readonly AuthorizationMiddlewareResultHandler _default = new();

    public async Task HandleAsync(RequestDelegate next, HttpContext context, AuthorizationPolicy policy, PolicyAuthorizationResult result)
    {
        if (result.Forbidden)
        {
            var audit = context.RequestServices.GetRequiredService<AuditLog>();
            await audit.WriteAsync("access.denied", AuditResults.Denied, "Endpoint", null,
                new { method = context.Request.Method, path = context.Request.Path.Value });
        }
        await _default.HandleAsync(next, context, policy, result);
    }
}
