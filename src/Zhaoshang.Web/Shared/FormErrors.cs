using Microsoft.AspNetCore.Mvc.Filters;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.Extensions.Localization;

namespace Zhaoshang.Web.Shared;

/// <summary>
/// A page whose posts a service may refuse: <see cref="FormErrorFilter"/> says the refusal above the page and shows the
/// page again, so a handler that posts simply calls its service.
/// </summary>
public interface IRefusalPage
{
    string? Error { get; set; }

    /// <summary>What the page shows, read again before the page is shown with the refusal.</summary>
    Task ReloadAsync(CancellationToken ct);

    /// <summary>
    /// Where a handler's refusal is shown (<paramref name="handler"/>: "Stage" for OnPostStageAsync, "" for OnPostAsync):
    /// by default above the page; a page with several forms puts each form's refusal in that form.
    /// </summary>
    void Show(string handler, DomainException e, IStringLocalizer L) => Error = e.Localize(L);
}

/// <summary>A page whose form shows a refusal where it belongs: each field's message next to its field, the rest above the form.</summary>
public interface IFormPage : IRefusalPage
{
    Dictionary<string, string> FieldErrors { get; }

    void IRefusalPage.Show(string handler, DomainException e, IStringLocalizer L) => FormErrorFilter.Show(this, e, L);
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
        if (executed.Exception is not DomainException e || executed.ExceptionHandled || context.HandlerInstance is not IRefusalPage page
            || HttpMethods.IsGet(context.HttpContext.Request.Method) || e.Kind is DomainErrorKind.Forbidden or DomainErrorKind.TooManyRequests)
        {
            return;
        }
        page.Show(context.HandlerMethod?.Name ?? "", e, L);
        await page.ReloadAsync(context.HttpContext.RequestAborted);
        executed.Result = new PageResult();
        executed.ExceptionHandled = true;
    }

    /// <summary>
    /// The refusal on the page: each field's message by its field (named <paramref name="prefix"/> + field, for a page
    /// with several forms), or the whole message when it names none: above the form, or by the field
    /// <paramref name="wholeAt"/> when the form has no place of its own for it.
    /// </summary>
    public static void Show(IFormPage page, DomainException e, IStringLocalizer L, string prefix = "", string? wholeAt = null)
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
        if (fields.Count == 0 && wholeAt is not null)
        {
            page.FieldErrors[prefix + wholeAt] = e.Localize(L);
        }
        else if (fields.Count == 0)
        {
            page.Error = e.Localize(L);
        }
    }
}
