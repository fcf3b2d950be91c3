using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Zhaoshang.Web.Features.Accounts;
using Zhaoshang.Web.Shared;

namespace Zhaoshang.Web.Features.EntryCodes;

/// <summary>Makes an entry code for the officer's unit (or the officer's own card), or changes one's page and expiry.</summary>
[Authorize(Roles = Roles.Officer)]
public sealed class EditModel(EntryCodeService codes, TimeProvider time) : PageModel, IFormPage
{
    public sealed class CodeForm
    {
        public EntryCodeKind Kind { get; set; } = EntryCodeKind.Park;
        public string? Title { get; set; }
        public string? Introduction { get; set; }
        public string? Industries { get; set; }
        public string? ContactName { get; set; }
        public string? ContactPhone { get; set; }
        public DateOnly ExpiresOn { get; set; }
        public long Version { get; set; }
    }

    [BindProperty(SupportsGet = true)] public Guid? Id { get; set; }
    [BindProperty] public CodeForm Input { get; set; } = new();
    public string? Error { get; set; }
    public Dictionary<string, string> FieldErrors { get; } = [];

    public string Invalid(string field) => FieldErrors.ContainsKey(field) ? "is-invalid" : "";

    public async Task OnGetAsync(CancellationToken ct)
    {
        if (Id is { } id)
        {
            var row = await codes.GetAsync(id, ct);
            Input = new CodeForm
            {
                Kind = ApiEnum.Parse<EntryCodeKind>(row.Kind, "kind")!.Value, Title = row.Title, Introduction = row.Introduction, Industries = row.Industries,
                ContactName = row.ContactName, ContactPhone = row.ContactPhone, ExpiresOn = row.ExpiresOn, Version = row.Version,
            };
        }
        else
        {
            Input.ExpiresOn = time.Today().AddYears(1);
        }
    }

    public async Task<IActionResult> OnPostAsync(CancellationToken ct)
    {
        var input = new EntryCodeInput(Input.Kind, Input.Title, Input.Introduction, Input.Industries, Input.ContactName, Input.ContactPhone, Input.ExpiresOn);
        var row = Id is { } id ? await codes.UpdateAsync(id, input, Input.Version, ct) : await codes.CreateAsync(input, ct);
        return RedirectToPage("Card", new { id = row.Id });
    }

    public Task ReloadAsync(CancellationToken ct) => Task.CompletedTask;
}
