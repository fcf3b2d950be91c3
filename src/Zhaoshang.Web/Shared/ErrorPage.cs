using System.Text.Encodings.Web;
using Microsoft.Extensions.Localization;

namespace Zhaoshang.Web.Shared;

/// <summary>
/// The page a browser gets for an error (404, 403, a refused request, a server error): in the product's own style,
/// saying what happened and what to do, with the way back (the previous page of this site, and home) and, for a server
/// error, the number to quote. Written by hand, outside the page pipeline, so it works whatever failed.
/// </summary>
public static class ErrorPage
{
    private static string Title(int status) => status switch
    {
        400 => "请求有误",
        401 => "请先登录",
        403 => "无权访问",
        404 => "页面不存在",
        409 => "内容已被他人修改",
        422 => "无法执行此操作",
        429 => "操作过于频繁",
        _ => "系统出错",
    };

    public static IEnumerable<string> Words => new[] { 400, 401, 403, 404, 409, 422, 429, 500 }.Select(Title)
        .Concat(["返回首页", "返回上一页", "错误编号 {0}", "您访问的页面不存在，可能已被删除或地址有误。"]);

    /// <summary>
    /// Error pages and problem details are written outside the request-localization middleware, whose culture does not
    /// flow back out: the reader's language is taken again from the request.
    /// </summary>
    public static void ReaderCulture(HttpContext context)
    {
        if (context.Features.Get<Microsoft.AspNetCore.Localization.IRequestCultureFeature>()?.RequestCulture is { } culture)
        {
            System.Globalization.CultureInfo.CurrentCulture = culture.Culture;
            System.Globalization.CultureInfo.CurrentUICulture = culture.UICulture;
        }
    }

    public static Task WriteAsync(HttpContext context, int status, string? detail, IStringLocalizer localizer, CancellationToken ct = default)
    {
        ReaderCulture(context);
        var h = HtmlEncoder.Default;
        var lang = System.Globalization.CultureInfo.CurrentUICulture.Name.StartsWith("en", StringComparison.Ordinal) ? "en" : "zh-CN";
        // Back to where the user came from, when that is a page of this site (never an address another site supplied).
        var back = Uri.TryCreate(context.Request.Headers.Referer.ToString(), UriKind.Absolute, out var referer)
            && referer.Host == context.Request.Host.Host && referer.Port == (context.Request.Host.Port ?? referer.Port)
            && referer.PathAndQuery != context.Request.Path + context.Request.QueryString
            ? referer.PathAndQuery : null;
        context.Response.ContentType = "text/html; charset=utf-8";
        var title = localizer[Title(status)].Value;
        var html = $"""
            <!DOCTYPE html><html lang="{lang}"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
            <title>{status} · {h.Encode(title)}</title><link rel="icon" href="/favicon.svg" type="image/svg+xml">
            <link rel="stylesheet" href="/lib/tabler/tabler.min.css"><link rel="stylesheet" href="/css/site.css"></head>
            <body><div class="page page-center"><div class="container container-tight py-5"><div class="empty">
            <div class="empty-header" id="error-status">{status}</div>
            <p class="empty-title" id="error-title">{h.Encode(title)}</p>
            <p class="empty-subtitle text-secondary" id="error-detail">{h.Encode(detail ?? "")}</p>
            <div class="empty-action d-flex flex-wrap gap-2 justify-content-center">
            {(back is null ? "" : $"<a class=\"btn btn-outline-secondary\" href=\"{h.Encode(back)}\" id=\"error-back\">{h.Encode(localizer["返回上一页"])}</a>")}
            <a class="btn btn-primary" href="/" id="error-home">{h.Encode(localizer["返回首页"])}</a></div>
            {(status >= 500 ? $"<p class=\"text-secondary small mt-3\">{h.Encode(localizer["错误编号 {0}", context.TraceIdentifier])}</p>" : "")}
            </div></div></div></body></html>
            """;
        return context.Response.WriteAsync(html, ct);
    }
}
