using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.Extensions.Options;
using Zhaoshang.Web.Shared;

namespace Zhaoshang.Web.Features.EntryCodes;

/// <summary>
/// The page a scanned entry code opens (一码投), on a phone, without signing in: what the code is meant to show and the
/// one short intention form. A forged, altered, expired or withdrawn code gets a page that says which and what to do.
/// </summary>
[AllowAnonymous]
[RequestSizeLimit(64 * 1024)]
[RequestFormLimits(ValueCountLimit = 40, ValueLengthLimit = 4096)]
public sealed class LandingModel(Intake intake, PublicGuard guard, IOptions<EntryCodeOptions> options) : PageModel, IFormPage
{
    public sealed class IntentionForm
    {
        public string? Company { get; set; }
        public string? CreditCode { get; set; }
        public string? ContactName { get; set; }
        public string? Phone { get; set; }
        public string? Industry { get; set; }
        public decimal? AmountWan { get; set; }
        public string? Needs { get; set; }
        public bool Consent { get; set; }
        /// <summary>Hidden from people (a script fills every field it finds).</summary>
        public string? Website { get; set; }
        public string? ChallengeToken { get; set; }
        public string? ChallengeAnswer { get; set; }
    }

    [BindProperty(SupportsGet = true)] public string? Code { get; set; }
    [BindProperty] public IntentionForm Input { get; set; } = new();

    public LandingView? View { get; private set; }
    public string? Refusal { get; private set; }
    public IntentionReceipt? Receipt { get; private set; }
    public Challenge? Question { get; private set; }
    public string? Error { get; set; }
    public Dictionary<string, string> FieldErrors { get; } = [];

    public string Invalid(string field) => FieldErrors.ContainsKey(field) ? "is-invalid" : "";

    public async Task<IActionResult> OnGetAsync(CancellationToken ct)
    {
        EntryCodesApi.Admit(HttpContext, guard, Code);
        try
        {
            View = await intake.OpenAsync(Code, ct);
        }
        catch (CodeRefusedException e)
        {
            Refusal = CodeRefusedException.Explain(e.Reason);
            Response.StatusCode = StatusCodes.Status404NotFound;
            return Page();
        }
        PrepareChallenge();
        return Page();
    }

    public async Task<IActionResult> OnPostAsync(CancellationToken ct)
    {
        EntryCodesApi.Admit(HttpContext, guard, Code);
        try
        {
            await intake.ResolveAsync(Code, ct);
        }
        catch (CodeRefusedException e)
        {
            Refusal = CodeRefusedException.Explain(e.Reason);
            Response.StatusCode = StatusCodes.Status404NotFound;
            return Page();
        }
        var input = new IntentionInput(Input.Company, Input.CreditCode, Input.ContactName, Input.Phone, Input.Industry, Input.AmountWan, Input.Needs,
            Input.Consent, Input.Website, Input.ChallengeToken, Input.ChallengeAnswer);
        EntryCodesApi.CheckSize(HttpContext, options.Value);
        Receipt = await intake.SubmitAsync(Code, input, () => EntryCodesApi.AdmitIntention(HttpContext, guard, Code!, input), ct);
        guard.Accepted(HttpContext.Connection.RemoteIpAddress?.ToString());
        return Page();
    }

    public async Task ReloadAsync(CancellationToken ct)
    {
        View = await intake.OpenAsync(Code, ct, count: false);
        PrepareChallenge();
    }

    private void PrepareChallenge()
    {
        if (guard.NeedsChallenge(HttpContext.Connection.RemoteIpAddress?.ToString()))
        {
            Question = guard.NewChallenge();
        }
    }
}
