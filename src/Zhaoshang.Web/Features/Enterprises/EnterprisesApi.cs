using Microsoft.AspNetCore.Http.HttpResults;
using Zhaoshang.Web.Shared;

namespace Zhaoshang.Web.Features.Enterprises;

public static class EnterprisesApi
{
    public sealed record EnterpriseBody(string? Name, string? CreditCode, string? Ownership, string[]? Classes, string? Specialized,
        string? Headquarters, string? Industry, long Version = 0)
    {
        public EnterpriseInput ToInput()
        {
            var classes = EnterpriseClass.None;
            foreach (var c in Classes ?? [])
            {
                classes |= Parse<EnterpriseClass>(c, "classes");
            }
            return new EnterpriseInput(Name, CreditCode, Parse<Ownership>(Ownership ?? "unknown", "ownership"), classes,
                Parse<SpecializedLevel>(Specialized ?? "none", "specialized"), Headquarters, Industry);
        }

        private static T Parse<T>(string text, string field) where T : struct, Enum =>
            ApiEnum.TryParse<T>(text, out var value) ? value : throw DomainException.Invalid(field, "“{0}”不是有效的取值，可选：{1}。", text, ApiEnum.Choices<T>());
    }

    public sealed record ContactBody(string? Name, string? Title, string? Phone);

    public static WebApplicationBuilder AddEnterprises(this WebApplicationBuilder builder)
    {
        builder.Services.AddSingleton<Audit.IAuditVocabulary, EnterpriseAuditVocabulary>();
        builder.Services.AddSingleton<Data.ISeed, DemoAccountSeed>();
        builder.Services.AddScoped<EnterpriseService>();
        builder.Services.AddScoped<EnterpriseImport>();
        builder.Services.AddSingleton<FieldCipher>();
        return builder;
    }

    public static IEndpointRouteBuilder MapEnterprisesApi(this IEndpointRouteBuilder app)
    {
        app.MapImport<EnterpriseImport>("enterprises", "Enterprises", "企业", "企业导入模板.xlsx", EnterpriseImport.WriteTemplate,
            (import, stream, maxRows, ct) => import.ImportAsync(stream, maxRows, ct));
        var group = app.MapGroup("/api/enterprises").WithTags("Enterprises");
        group.MapGet("/", async (string? q, bool? strong, string? ownership, int? page, int? pageSize, EnterpriseService enterprises, CancellationToken ct) =>
        {
            Ownership? owner = ownership is null ? null : new EnterpriseBody(null, null, ownership, null, null, null, null).ToInput().Ownership;
            return TypedResults.Ok(await enterprises.SearchAsync(q, strong, owner, page ?? 1, pageSize ?? 50, ct));
        }).WithName("listEnterprises").WithSummary("企业名录：按名称、信用代码等筛选");
        group.MapGet("/{id:guid}", async (Guid id, EnterpriseService enterprises, CancellationToken ct) => TypedResults.Ok(await enterprises.GetAsync(id, ct)))
            .WithName("getEnterprise").WithSummary("企业详情");
        group.MapPost("/", async Task<Created<CreatedEnterprise>> (EnterpriseBody body, EnterpriseService enterprises, CancellationToken ct) =>
        {
            var created = await enterprises.CreateAsync(body.ToInput(), ct);
            return TypedResults.Created($"/api/enterprises/{created.Enterprise.Id}", created);
        }).WithName("createEnterprise").WithSummary("登记企业（统一社会信用代码校验）");
        group.MapPut("/{id:guid}", async (Guid id, EnterpriseBody body, EnterpriseService enterprises, CancellationToken ct) =>
            TypedResults.Ok(await enterprises.UpdateAsync(id, body.ToInput(), body.Version, ct)))
            .WithName("updateEnterprise").WithSummary("修改企业（带版本号）");
        group.MapPost("/{id:guid}/contacts", async Task<Created<ContactRow>> (Guid id, ContactBody body, EnterpriseService enterprises, CancellationToken ct) =>
        {
            var contact = await enterprises.AddContactAsync(id, body.Name, body.Title, body.Phone, ct);
            return TypedResults.Created($"/api/enterprises/{id}", contact);
        }).WithName("addEnterpriseContact").WithSummary("添加企业联系人（电话加密存储）");
        return app;
    }
}
