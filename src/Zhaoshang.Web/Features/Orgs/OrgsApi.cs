using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Extensions.Localization;
using Zhaoshang.Web.Features.Accounts;
using Zhaoshang.Web.Shared;

namespace Zhaoshang.Web.Features.Orgs;

public static class OrgsApi
{
    public sealed record CreateOrgRequest(string Code, string Name, string? NameEn, string Kind, Guid? ParentId, int SortOrder = 0);
    /// <summary><see cref="Coordinates"/>: whether the unit coordinates its level (reads its whole subtree); left as it is when absent.</summary>
    public sealed record RenameOrgRequest(string Name, string? NameEn, long Version, bool? Coordinates = null);
    public sealed record MoveOrgRequest(Guid ParentId, long Version);
    public sealed record VersionRequest(long Version);
    public sealed record OrgListItem(Guid Id, string Code, string Name, string? NameEn, string Kind, Guid? ParentId, bool IsActive, bool Coordinates);

    public static WebApplicationBuilder AddOrgs(this WebApplicationBuilder builder)
    {
        builder.Services.AddSingleton<Data.ISeed, OrgsSeed>();
        builder.Services.AddScoped<OrgService>();
        builder.Services.AddScoped<OrgExcel>();
        return builder;
    }

    public static IEndpointRouteBuilder MapOrgsApi(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/api/orgs").WithTags("Orgs")
            .RequireAuthorization(new Microsoft.AspNetCore.Authorization.AuthorizeAttribute { Roles = Accounts.Roles.Government });
        group.MapGet("/", async (OrgService orgs, bool? includeInactive, CancellationToken ct) =>
        {
            var list = await orgs.ListAsync(includeInactive ?? true, ct);
            // The caller's tree is rooted at their own org: a parent outside the scope is not named.
            var visible = list.Select(o => o.Id).ToHashSet();
            return TypedResults.Ok(list.Select(o => new OrgListItem(o.Id, o.Code, o.Name, o.NameEn, o.Kind.ApiName(),
                o.ParentId is { } p && visible.Contains(p) ? p : null, o.IsActive, o.Coordinates)));
        }).WithName("listOrgs").WithSummary("本人数据范围内的组织树");
        group.MapGet("/{id:guid}", async (Guid id, OrgService orgs, CancellationToken ct) => TypedResults.Ok(await orgs.GetDtoAsync(id, ct)))
            .WithName("getOrg").WithSummary("组织详情");

        var admin = group.MapGroup("").RequireAuthorization(Policies.SysAdmin);
        admin.MapPost("/", async Task<Created<OrgDto>> (CreateOrgRequest body, OrgService orgs, CancellationToken ct) =>
        {
            if (!OrgKinds.TryParse(body.Kind, out var kind))
            {
                throw DomainException.Invalid("kind", "“{0}”不是有效的单位类型。", body.Kind);
            }
            var org = await orgs.CreateAsync(new OrgInput(body.Code, body.Name, body.NameEn, kind, body.ParentId, body.SortOrder), ct);
            return TypedResults.Created($"/api/orgs/{org.Id}", OrgDto.From(org));
        }).WithName("createOrg").WithSummary("新建组织（系统管理员）");
        admin.MapPut("/{id:guid}", async (Guid id, RenameOrgRequest body, OrgService orgs, CancellationToken ct) =>
            TypedResults.Ok(await orgs.ToDtoAsync(await orgs.RenameAsync(id, body.Name, body.NameEn, body.Version, ct, body.Coordinates), ct)))
            .WithName("updateOrg").WithSummary("修改组织（系统管理员）");
        admin.MapPost("/{id:guid}/move", async (Guid id, MoveOrgRequest body, OrgService orgs, CancellationToken ct) =>
            TypedResults.Ok(await orgs.ToDtoAsync(await orgs.MoveAsync(id, body.ParentId, body.Version, ct), ct)))
            .WithName("moveOrg").WithSummary("调整组织的上级（系统管理员）");
        admin.MapPost("/{id:guid}/deactivate", async (Guid id, VersionRequest body, OrgService orgs, CancellationToken ct) =>
            TypedResults.Ok(await orgs.ToDtoAsync(await orgs.SetActiveAsync(id, false, body.Version, ct), ct)))
            .WithName("deactivateOrg").WithSummary("停用组织（系统管理员）");
        admin.MapPost("/{id:guid}/activate", async (Guid id, VersionRequest body, OrgService orgs, CancellationToken ct) =>
            TypedResults.Ok(await orgs.ToDtoAsync(await orgs.SetActiveAsync(id, true, body.Version, ct), ct)))
            .WithName("activateOrg").WithSummary("启用组织（系统管理员）");
        admin.MapGet("/export", async (OrgExcel excel, CancellationToken ct) =>
        {
            var stream = new MemoryStream();
            await excel.ExportAsync(stream, ct);
            stream.Position = 0;
            return TypedResults.File(stream, Xlsx.ContentType, "单位.xlsx");
        }).WithName("exportOrgs").WithSummary("导出组织树（.xlsx）").Downloads(Xlsx.ContentType);
        admin.MapPost("/import", async Task<Results<Ok<OrgImportReport>, UnprocessableEntity<OrgImportReport>>> (IFormFile file, OrgExcel excel, IStringLocalizer<SharedResource> localizer, CancellationToken ct) =>
        {
            await using var stream = file.OpenReadStream();
            var report = (await excel.ImportAsync(stream, ct)).In(localizer);
            return report.Ok ? TypedResults.Ok(report) : TypedResults.UnprocessableEntity(report);
        }).DisableAntiforgery()
            .WithName("importOrgs").WithSummary("导入组织树（.xlsx，全部成功或全部不写入）");
        return app;
    }
}
