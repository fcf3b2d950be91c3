using Microsoft.AspNetCore.Http.HttpResults;
using Zhaoshang.Web.Features.Accounts;
using Zhaoshang.Web.Shared;

namespace Zhaoshang.Web.Features.Users;

public static class UsersApi
{
    public sealed record CreateUserRequest(string UserName, string DisplayName, Guid OrgId);
    public sealed record CreatedUser(UserRow User, string OneTimePassword);
    public sealed record DisableRequest(string? Reason);
    public sealed record RolesRequest(string[] Roles);
    public sealed record EnterpriseRequest(Guid? EnterpriseId);

    public static WebApplicationBuilder AddUsers(this WebApplicationBuilder builder)
    {
        builder.Services.AddScoped<UserAdminService>();
        return builder;
    }

    public static IEndpointRouteBuilder MapUsersApi(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/api/users").WithTags("Users");
        group.MapGet("/", async (string? q, string? sort, int? page, int? pageSize, UserAdminService users, CancellationToken ct) =>
            TypedResults.Ok(await users.SearchAsync(q, sort, page ?? 1, pageSize ?? 50, ct))).RequireAuthorization(Policies.UserAdmin)
            .WithName("listUsers").WithSummary("用户列表");
        group.MapGet("/export", async (string? q, string? sort, UserAdminService users, CancellationToken ct) =>
        {
            var stream = new MemoryStream();
            await users.ExportAsync(stream, q, sort, ct);
            stream.Position = 0;
            return TypedResults.File(stream, Xlsx.ContentType, "用户.xlsx");
        }).RequireAuthorization(Policies.UserAdmin)
            .WithName("exportUsers").WithSummary("导出用户列表（.xlsx）").Downloads(Xlsx.ContentType);
        group.MapGet("/{id:guid}", async (Guid id, UserAdminService users, CancellationToken ct) => TypedResults.Ok(await users.GetAsync(id, ct)))
            .RequireAuthorization(Policies.UserAdmin)
            .WithName("getUser").WithSummary("用户详情");

        var sys = group.MapGroup("").RequireAuthorization(Policies.SysAdmin);
        sys.MapPost("/", async Task<Created<CreatedUser>> (CreateUserRequest body, UserAdminService users, CancellationToken ct) =>
        {
            var (user, password) = await users.CreateAsync(new NewUser(body.UserName, body.DisplayName, body.OrgId), ct);
            return TypedResults.Created($"/api/users/{user.Id}", new CreatedUser(user, password));
        }).WithName("createUser").WithSummary("新建用户，返回一次性初始密码（系统管理员）");
        sys.MapPost("/{id:guid}/disable", async (Guid id, DisableRequest body, UserAdminService users, CancellationToken ct) =>
            TypedResults.Ok(await users.SetDisabledAsync(id, true, body.Reason, ct)))
            .WithName("disableUser").WithSummary("停用用户（系统管理员）");
        sys.MapPost("/{id:guid}/enable", async (Guid id, UserAdminService users, CancellationToken ct) =>
            TypedResults.Ok(await users.SetDisabledAsync(id, false, null, ct)))
            .WithName("enableUser").WithSummary("启用用户（系统管理员）");
        sys.MapPut("/{id:guid}/enterprise", async (Guid id, EnterpriseRequest body, UserAdminService users, CancellationToken ct) =>
            TypedResults.Ok(await users.SetEnterpriseAsync(id, body.EnterpriseId, ct)))
            .WithName("setUserEnterprise").WithSummary("关联企业账号的企业（系统管理员）");
        sys.MapPost("/{id:guid}/reset-password", async (Guid id, UserAdminService users, CancellationToken ct) =>
            TypedResults.Ok(await users.ResetPasswordAsync(id, ct)))
            .WithName("resetUserPassword").WithSummary("重置密码，返回一次性密码（系统管理员）");

        var sec = group.MapGroup("").RequireAuthorization(Policies.SecAdmin);
        sec.MapPut("/{id:guid}/roles", async (Guid id, RolesRequest body, UserAdminService users, CancellationToken ct) =>
            TypedResults.Ok(await users.SetRolesAsync(id, body.Roles ?? [], ct)))
            .WithName("setUserRoles").WithSummary("设置用户角色（安全管理员）");
        sec.MapPost("/{id:guid}/unlock", async (Guid id, UserAdminService users, CancellationToken ct) =>
            TypedResults.Ok(await users.UnlockAsync(id, ct)))
            .WithName("unlockUser").WithSummary("解除账号锁定（安全管理员）");
        return app;
    }
}
