using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;
using Zhaoshang.Web.Data;
using Zhaoshang.Web.Features.Orgs;
using Zhaoshang.Web.Shared;

namespace Zhaoshang.Web.Features.Accounts;

public static class AuthApi
{
    public sealed record TokenRequest(string? UserName, string? Password);
    public sealed record TokenResponse(string AccessToken, string TokenType, long ExpiresIn, bool PasswordChangeRequired);
    public sealed record ChangePasswordRequest(string? CurrentPassword, string? NewPassword);
    public sealed record MeOrg(Guid Id, string Code, string Name, string Kind);
    public sealed record MeScope(Guid OrgId, string OrgPath, int OrgCount);
    public sealed record MeResponse(Guid Id, string UserName, string DisplayName, string[] Roles, MeOrg Org, MeScope Scope,
        bool PasswordChangeRequired, DateTime SessionExpiresAt);

    public static IEndpointRouteBuilder MapAuthApi(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/api").WithTags("Auth");

        group.MapPost("/auth/token", async Task<Results<Ok<TokenResponse>, ProblemHttpResult>> (TokenRequest body, LoginService login, TimeProvider time, CancellationToken ct) =>
        {
            if (string.IsNullOrWhiteSpace(body.UserName) || string.IsNullOrEmpty(body.Password))
            {
                throw new DomainException(DomainErrorKind.Validation, "请提供用户名和密码。", null, new Dictionary<string, string[]>
                {
                    ["userName"] = string.IsNullOrWhiteSpace(body.UserName) ? ["请输入用户名。"] : [],
                    ["password"] = string.IsNullOrEmpty(body.Password) ? ["请输入密码。"] : [],
                });
            }
            var result = await login.SignInAsync(body.UserName, body.Password, bearer: true, ct);
            if (!result.Succeeded)
            {
                var status = result.Outcome == LoginOutcome.RateLimited ? StatusCodes.Status429TooManyRequests : StatusCodes.Status401Unauthorized;
                return TypedResults.Problem(result.Message, statusCode: status, title: result.Outcome.ToString(),
                    extensions: new Dictionary<string, object?> { ["code"] = ApiEnum.Name(result.Outcome.ToString()) });
            }
            var session = result.Session!;
            var expiresIn = (long)(session.ExpiresAt - time.GetUtcNow().UtcDateTime).TotalSeconds;
            return TypedResults.Ok(new TokenResponse(result.Token!, "Bearer", expiresIn, session.MustChangePassword));
        }).AllowAnonymous().DisableAntiforgery()
            .WithName("createToken").WithSummary("用户名和密码换取访问令牌（Bearer）");

        group.MapPost("/auth/logout", async (LoginService login, CancellationToken ct) =>
        {
            await login.SignOutAsync(ct);
            return TypedResults.NoContent();
        }).WithName("logout").WithSummary("注销当前会话");

        group.MapPost("/auth/password", async (ChangePasswordRequest body, PasswordService passwords, CancellationToken ct) =>
        {
            await passwords.ChangeOwnAsync(body.CurrentPassword ?? "", body.NewPassword ?? "", ct);
            return TypedResults.NoContent();
        }).WithName("changePassword").WithSummary("修改本人密码");

        group.MapGet("/me", async Task<Results<Ok<MeResponse>, NotFound>> (CurrentUser me, AppDb db, SessionService sessions, CancellationToken ct) =>
        {
            var session = me.SessionId is { } sid ? await sessions.ValidateAsync(sid, ct) : null;
            var org = await db.Orgs.AsNoTracking().FirstOrDefaultAsync(o => o.Id == me.OrgId, ct);
            if (session is null || org is null)
            {
                return TypedResults.NotFound();
            }
            var count = await db.Orgs.CountAsync(ct);
            return TypedResults.Ok(new MeResponse(session.UserId, session.UserName, session.DisplayName, session.Roles,
                new MeOrg(org.Id, org.Code, org.Name, org.Kind.ApiName()), new MeScope(org.Id, org.Path, count),
                session.MustChangePassword, session.ExpiresAt));
        }).WithName("getMe").WithSummary("当前用户：单位、角色、数据范围");
        return app;
    }

}
