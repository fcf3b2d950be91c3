using Microsoft.AspNetCore.Mvc.Filters;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.Extensions.Localization;

namespace Zhaoshang.Web.Shared;

/// <summary>
/// A page whose form shows a refused action where it belongs: each field's message next to its field, the rest above
/// the form. A handler that posts simply calls its service; <see cref="FormErrorFilter"/> shows what the service refused.
/// </summary>
public interface IFormPage
{
    Dictionary<string, string> FieldErrors { get; }
    string? Error { get; set; }

    /// <summary>What the page shows around the form, read again before the page is shown with the errors.</summary>
    Task ReloadAsync(CancellationToken ct);
}

/// <summary>A form page that shows, beside a stale edit, the record as it now stands.</summary>
public interface IShowsConflict
{
    object? Current { set; }
}

/// <summary>
/// Turns a domain refusal in a form post (a field's rule, a rule of the whole, a thing not found, a stale edit) into the
/// page's messages, in the reader's language, and shows the page again with what was typed. A refusal of the caller
/// (forbidden, too many requests) and every error of a GET keep their own answers (403, 404 …).
/// </summary>
public sealed class FormErrorFilter(IStringLocalizer<SharedResource> L) : IAsyncPageFilter
{
    public Task OnPageHandlerSelectionAsync(PageHandlerSelectedContext context) => Task.CompletedTask;

    public async Task OnPageHandlerExecutionAsync(PageHandlerExecutingContext context, PageHandlerExecutionDelegate next)
    {
        var executed = await next();
        if (executed.Exception is not DomainException e || executed.ExceptionHandled || context.HandlerInstance is not IFormPage page
            || HttpMethods.IsGet(context.HttpContext.Request.Method) || e.Kind is DomainErrorKind.Forbidden or DomainErrorKind.TooManyRequests)
        {
            return;
        }
        Show(page, e, L);
        await page.ReloadAsync(context.HttpContext.RequestAborted);
        executed.Result = new PageResult();
        executed.ExceptionHandled = true;
    }

    /// <summary>The refusal on the page: each field's message by its field, or the whole message when it names none.</summary>
    public static void Show(IFormPage page, DomainException e, IStringLocalizer L, string prefix = "")
    {
        if (e is ConflictException c && page is IShowsConflict shows)
        {
            shows.Current = c.Current;
        }
        var fields = e is ConflictException ? new Dictionary<string, string>() : e.LocalizedFieldErrors(L);
        foreach (var (field, message) in fields)
        {
            page.FieldErrors[prefix + field] = message;
        }
        if (fields.Count == 0)
        {
            page.Error = e.Localize(L);
        }
    }
}
