using Microsoft.AspNetCore.Http.HttpResults;
using Zhaoshang.Web.Features.Cockpit;
using Zhaoshang.Web.Shared;

namespace Zhaoshang.Web.Features.EntryCodes;

public static class EntryCodesApi
{
    public sealed record CodeBody(string? Kind, string? Title, string? Introduction, string? Industries, string? ContactName, string? ContactPhone,
        DateOnly ExpiresOn, Guid? OrgId = null, long Version = 0);

    public sealed record AccountBody(string? CreditCode);

    public static WebApplicationBuilder AddEntryCodes(this WebApplicationBuilder builder)
    {
        builder.Services.AddOptions<EntryCodeOptions>().Bind(builder.Configuration.GetSection("EntryCodes"));
        builder.Services.AddSingleton<CodeSigner>();
        builder.Services.AddSingleton<CodeBook>();
        builder.Services.AddSingleton<PublicGuard>();
        builder.Services.AddSingleton<ScanCounter>();
        builder.Services.AddHostedService(s => s.GetRequiredService<ScanCounter>());
        builder.Services.AddSingleton<IntakeWriter>();
        builder.Services.AddScoped<Intake>();
        builder.Services.AddScoped<EntryCodeService>();
        builder.Services.AddCockpitTile<EntryCodesTile>();
        builder.Services.AddSingleton<Data.ISeed, DemoEntryCodesSeed>();
        builder.Services.AddSingleton<Audit.IAuditVocabulary, EntryCodeAuditVocabulary>();
        return builder;
    }

    /// <summary>The public pages' and answers' gate: the address's and the code's budgets (429 when spent).</summary>
    public static void Admit(HttpContext context, PublicGuard guard, string? segment)
    {
        if (!guard.TryScan(context.Connection.RemoteIpAddress?.ToString(), segment is { Length: > CodeSigner.TokenLength } s ? s[..CodeSigner.TokenLength] : null))
        {
            throw new DomainException(DomainErrorKind.TooManyRequests, "访问过于频繁，请稍后再试。");
        }
    }

    /// <summary>An intention's own gate: the address's and the code's budgets, and the challenge after repeated ones.</summary>
    public static void CheckSize(HttpContext context, EntryCodeOptions options)
    {
        if (context.Request.ContentLength > options.MaxIntentionBytes)
        {
            throw DomainException.Invalid("body", "提交内容过大（上限 {0} KB）。", options.MaxIntentionBytes / 1024);
        }
    }

    public static void AdmitIntention(HttpContext context, PublicGuard guard, string segment, IntentionInput input)
    {
        var ip = context.Connection.RemoteIpAddress?.ToString();
        if (!guard.TryIntention(ip, segment.Length > CodeSigner.TokenLength ? segment[..CodeSigner.TokenLength] : segment))
        {
            throw new DomainException(DomainErrorKind.TooManyRequests, "提交过于频繁，请稍后再试。");
        }
        if (guard.NeedsChallenge(ip) && !guard.Check(input.ChallengeToken, input.ChallengeAnswer))
        {
            throw DomainException.Invalid("challenge", "请正确回答验证问题后再提交。");
        }
    }

    public static IEndpointRouteBuilder MapEntryCodesApi(this IEndpointRouteBuilder app)
    {
        var codes = app.MapGroup("/api/entry-codes").WithTags("EntryCodes");
        codes.MapGet("/", async (string? kind, bool? active, int? page, int? pageSize, EntryCodeService service, CancellationToken ct) =>
                TypedResults.Ok(await service.SearchAsync(ApiEnum.Parse<EntryCodeKind>(kind, "kind"), active, page ?? 1, pageSize ?? 20, ct)))
            .WithName("listEntryCodes").WithSummary("本范围的投资入口二维码（一码投）及其扫码、意向、线索、签约数");
        codes.MapGet("/{id:guid}", async (Guid id, EntryCodeService service, CancellationToken ct) => TypedResults.Ok(await service.GetAsync(id, ct)))
            .WithName("getEntryCode").WithSummary("一个投资入口二维码");
        codes.MapPost("/", async (CodeBody body, EntryCodeService service, CancellationToken ct) =>
            {
                var row = await service.CreateAsync(Input(body), ct);
                return TypedResults.Created($"/api/entry-codes/{row.Id}", row);
            })
            .WithName("createEntryCode").WithSummary("制作投资入口二维码（招商人员名片、驻外办事处、活动、园区、地块、政策或专属推介），签名并设有效期");
        codes.MapPut("/{id:guid}", async (Guid id, CodeBody body, EntryCodeService service, CancellationToken ct) =>
                TypedResults.Ok(await service.UpdateAsync(id, Input(body), body.Version, ct)))
            .WithName("updateEntryCode").WithSummary("修改二维码的页面内容或有效期（带版本号；改有效期即换新码）");
        codes.MapPost("/{id:guid}/revoke", async (Guid id, long version, EntryCodeService service, CancellationToken ct) =>
                TypedResults.Ok(await service.RevokeAsync(id, version, ct)))
            .WithName("revokeEntryCode").WithSummary("停用二维码（如名片遗失）：扫码页面提示已停用，已收到的意向保留");
        codes.MapGet("/{id:guid}/image", async (Guid id, string? format, EntryCodeService service, HttpContext context, CancellationToken ct) =>
            {
                if (format is not (null or "png" or "svg"))
                {
                    throw DomainException.Invalid("format", "格式只能是 png 或 svg。");
                }
                var (bytes, type) = await service.ImageAsync(id, format ?? "png", $"{context.Request.Scheme}://{context.Request.Host}", ct);
                return TypedResults.File(bytes, type, $"一码投-{id:N}.{format ?? "png"}");
            })
            .WithName("getEntryCodeImage").WithSummary("二维码图片：PNG（名片、海报）或 SVG（任意尺寸印刷）").Downloads("image/png", "image/svg+xml");
        codes.MapGet("/conversion", async (DateOnly? from, DateOnly? to, EntryCodeService service, TimeProvider time, CancellationToken ct) =>
            {
                var today = time.Today();
                return TypedResults.Ok(await service.ConversionAsync(from ?? new DateOnly(today.Year, 1, 1), to ?? today, ct));
            })
            .WithName("getEntryCodeConversion").WithSummary("一码投转化：按渠道（二维码类型）统计扫码、意向、线索、签约");
        var intentions = app.MapGroup("/api/intentions").WithTags("EntryCodes");
        intentions.MapGet("/", async (Guid? codeId, bool? accountRequested, int? page, int? pageSize, EntryCodeService service, CancellationToken ct) =>
                TypedResults.Ok(await service.IntentionsAsync(codeId, accountRequested, page ?? 1, pageSize ?? 20, ct)))
            .WithName("listIntentions").WithSummary("经本范围二维码提交的投资意向（电话脱敏）及其线索");
        intentions.MapPost("/{id:guid}/verify-account", async (Guid id, EntryCodeService service, CancellationToken ct) =>
            {
                await service.VerifyAccountAsync(id, ct);
                return TypedResults.NoContent();
            })
            .WithName("verifyInvestorAccount").WithSummary("核验已签约投资方的企业账号申请，转用户管理员开通");

        var open = app.MapGroup("/api/public").WithTags("Public").AllowAnonymous();
        open.MapGet("/codes/{code}", async (string code, Intake intake, PublicGuard guard, HttpContext context, CancellationToken ct) =>
            {
                Admit(context, guard, code);
                return TypedResults.Ok(await intake.OpenAsync(code, ct));
            })
            .WithName("openEntryCode").WithSummary("扫码：二维码页面的内容（无需登录；地址签名、有效期均经核验）");
        open.MapPost("/codes/{code}/intentions", async Task<Created<IntentionReceipt>> (string code, IntentionInput body, Intake intake, PublicGuard guard,
                Microsoft.Extensions.Options.IOptions<EntryCodeOptions> options, HttpContext context, CancellationToken ct) =>
            {
                Admit(context, guard, code);
                CheckSize(context, options.Value);
                var receipt = await intake.SubmitAsync(code, body, () => AdmitIntention(context, guard, code, body), ct);
                guard.Accepted(context.Connection.RemoteIpAddress?.ToString());
                return TypedResults.Created($"/api/public/intentions/{receipt.Reference}", receipt);
            })
            .WithName("submitIntention").WithSummary("提交投资意向（无需登录）：登记为发码单位的项目线索并记其名下；返回意向编号")
            .WithMetadata(new Microsoft.AspNetCore.Mvc.RequestSizeLimitAttribute(64 * 1024));
        open.MapGet("/challenge", (PublicGuard guard, HttpContext context) =>
            {
                Admit(context, guard, null);
                return TypedResults.Ok(guard.NewChallenge());
            })
            .WithName("getChallenge").WithSummary("验证问题：同一地址多次提交意向后，下一次须附上答案");
        open.MapGet("/intentions/{reference}", async (string reference, Intake intake, PublicGuard guard, HttpContext context, CancellationToken ct) =>
            {
                Admit(context, guard, null);
                return TypedResults.Ok(await intake.FollowAsync(reference, ct));
            })
            .WithName("followIntention").WithSummary("凭意向编号查询办理进度；签约后可见本企业的诉求");
        open.MapPost("/intentions/{reference}/account", async (string reference, AccountBody body, Intake intake, PublicGuard guard, HttpContext context,
                CancellationToken ct) =>
            {
                Admit(context, guard, null);
                await intake.RequestAccountAsync(reference, body.CreditCode, ct);
                return TypedResults.NoContent();
            })
            .WithName("requestInvestorAccount").WithSummary("签约后申请企业账号（核对统一社会信用代码，经对接人员核验后开通）");
        return app;
    }

    private static EntryCodeInput Input(CodeBody body) =>
        new(ApiEnum.Parse<EntryCodeKind>(body.Kind, "kind") ?? throw DomainException.Invalid("kind", "请选择二维码类型。"), body.Title, body.Introduction,
            body.Industries, body.ContactName, body.ContactPhone, body.ExpiresOn, body.OrgId);
}
