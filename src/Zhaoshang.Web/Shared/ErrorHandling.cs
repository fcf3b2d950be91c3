using Microsoft.AspNetCore.Diagnostics;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.Localization;

namespace Zhaoshang.Web.Shared;

/// <summary>
/// Maps domain errors to ProblemDetails (400/403/404/409/422/429) for the API and to a short page for the browser;
/// anything else is a 500 with a correlation id and no internals. Refusals are audited as permission denials.
/// </summary>
public sealed class DomainExceptionHandler(
    IProblemDetailsService problems,
    IStringLocalizer<SharedResource> localizer,
    ILogger<DomainExceptionHandler> logger) : IExceptionHandler
{
    public async ValueTask<bool> TryHandleAsync(HttpContext context, Exception exception, CancellationToken ct)
    {
        ErrorPage.ReaderCulture(context); // the message in the reader's language
        var details = Map(exception, context.TraceIdentifier);
        if (exception is DomainException domain)
        {
            details.Detail = domain.Localize(localizer);
            if (details is ValidationProblemDetails validation)
            {
                validation.Errors = domain.LocalizedErrors(localizer);
            }
            if (domain.Kind == DomainErrorKind.Forbidden)
            {
                await context.RequestServices.GetRequiredService<IDeniedAccessLog>().DeniedAsync(context, domain.Message, ct);
            }
        }
        else
        {
            details.Detail = Said(exception, context.TraceIdentifier).Localize(localizer);
            logger.LogError(exception, "Unhandled error {CorrelationId}", context.TraceIdentifier);
        }
        context.Response.StatusCode = details.Status ?? 500;
        if (!context.Request.Path.StartsWithSegments("/api") && context.Request.Headers.Accept.ToString().Contains("text/html", StringComparison.Ordinal))
        {
            await ErrorPage.WriteAsync(context, details.Status ?? 500, details.Detail, localizer, ct);
            return true;
        }
        return await problems.TryWriteAsync(new ProblemDetailsContext { HttpContext = context, ProblemDetails = details, Exception = exception });
    }

    public static ProblemDetails Map(Exception exception, string correlationId)
    {
        ProblemDetails details = exception switch
        {
            ConflictException c => new ProblemDetails { Status = 409, Title = "Conflict", Detail = c.Message, Extensions = { ["current"] = c.Current } },
            DomainException { Kind: DomainErrorKind.Validation } v => new ValidationProblemDetails(v.Errors) { Status = 400, Title = "Validation failed", Detail = v.Message },
            DomainException d => new ProblemDetails
            {
                Status = d.Kind switch
                {
                    DomainErrorKind.Forbidden => 403,
                    DomainErrorKind.NotFound => 404,
                    DomainErrorKind.Conflict => 409,
                    DomainErrorKind.TooManyRequests => 429,
                    _ => 422,
                },
                Title = d.Kind.ToString(),
                Detail = d.Message,
            },
            Microsoft.EntityFrameworkCore.DbUpdateConcurrencyException => new ProblemDetails { Status = 409, Title = "Conflict", Detail = Said(exception, correlationId).ToString() },
            Microsoft.EntityFrameworkCore.DbUpdateException => new ProblemDetails { Status = 409, Title = "Conflict", Detail = Said(exception, correlationId).ToString() },
            BadHttpRequestException b => new ProblemDetails { Status = b.StatusCode, Title = "Bad request", Detail = Said(exception, correlationId).ToString() },
            _ => new ProblemDetails { Status = 500, Title = "Server error", Detail = Said(exception, correlationId).ToString() },
        };
        details.Extensions["correlationId"] = correlationId;
        return details;
    }

    /// <summary>What the reader is told of an error that is not a rule of the domain: its cause when known, never internals.</summary>
    private static Phrase Said(Exception exception, string correlationId) => exception switch
    {
        Microsoft.EntityFrameworkCore.DbUpdateConcurrencyException => new Phrase("数据已被他人修改，请刷新后重试。"),
        Microsoft.EntityFrameworkCore.DbUpdateException => new Phrase("保存失败：与已有数据冲突（例如编码或用户名已被同时占用），请检查后重试。"),
        // A body that does not read (an unknown name where a kind is expected, text where a number is): the field named by its path.
        BadHttpRequestException { InnerException: System.Text.Json.JsonException { Path: { Length: > 1 } path } } =>
            new Phrase("请求格式不正确：字段 {0} 的值无效。", path.TrimStart('$', '.')),
        BadHttpRequestException => new Phrase("请求格式不正确。"),
        _ => new Phrase("服务器内部错误，请联系管理员并提供编号 {0}。", correlationId),
    };
}
