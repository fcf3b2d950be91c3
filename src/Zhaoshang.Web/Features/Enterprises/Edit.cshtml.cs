using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.Extensions.Localization;
using Zhaoshang.Web.Features.Accounts;
using Zhaoshang.Web.Shared;

namespace Zhaoshang.Web.Features.Enterprises;

/// <summary>
/// One enterprise: create, edit (within the registering unit's subtree), its contacts; the credit code is checked as
/// typed and possible duplicates are named as the name is typed. The project form creates an investor here too
/// (<see cref="OnPostQuickAsync"/>) without leaving the project.
/// </summary>
[Authorize(Roles = Roles.LedgerReaders)]
public sealed class EditModel(EnterpriseService enterprises, IStringLocalizer<SharedResource> L) : PageModel
{
    public sealed class Form
    {
        public string? Name { get; set; }
        public string? CreditCode { get; set; }
        public Ownership Ownership { get; set; }
        public List<EnterpriseClass> Classes { get; set; } = [];
        public SpecializedLevel Specialized { get; set; }
        public string? Headquarters { get; set; }
        public string? Industry { get; set; }
        public long Version { get; set; }

        public EnterpriseInput ToInput() =>
            new(Name, CreditCode, Ownership, Classes.Aggregate(EnterpriseClass.None, (all, c) => all | c), Specialized, Headquarters, Industry);
    }

    [BindProperty(SupportsGet = true)] public Guid? Id { get; set; }
    [BindProperty] public Form Input { get; set; } = new();
    [BindProperty(SupportsGet = true)] public string? Msg { get; set; }

    private static readonly string[] Messages = ["已创建。", "已保存。", "联系人已添加。"];

    /// <summary>A confirmation named in the address: one of this page's own, never free text.</summary>
    public string? Message => Msg is not null && Messages.Contains(Msg) ? Msg : null;
    [BindProperty] public string? ContactName { get; set; }
    [BindProperty] public string? ContactTitle { get; set; }
    [BindProperty] public string? ContactPhone { get; set; }

    public EnterpriseDetail? Detail { get; private set; }
    public IReadOnlyList<DuplicateHint> Similar { get; private set; } = [];
    public DuplicateHint? SameCode { get; private set; }
    public Dictionary<string, string> FieldErrors { get; } = [];
    public string? Error { get; private set; }
    public EnterpriseRow? Current { get; private set; }
    public bool CanWrite => User.IsInRole(Roles.Officer) && (Detail is null || Detail.Enterprise.Editable);

    public async Task<IActionResult> OnGetAsync(CancellationToken ct)
    {
        if (Id is { } id)
        {
            Detail = await enterprises.GetAsync(id, ct);
            var e = Detail.Enterprise;
            Input = new Form
            {
                Name = e.Name, CreditCode = e.CreditCode, Ownership = IndexModel.OwnershipOf(e), Classes = [.. IndexModel.ClassesOf(e)],
                Specialized = IndexModel.SpecializedOf(e), Headquarters = e.Headquarters, Industry = e.Industry, Version = e.Version,
            };
            (Similar, _) = await enterprises.DuplicatesAsync(e.Name, null, id, ct);
        }
        else if (!User.IsInRole(Roles.Officer))
        {
            return Forbid();
        }
        return Page();
    }

    public async Task<IActionResult> OnPostAsync(CancellationToken ct)
    {
        try
        {
            if (Id is { } id)
            {
                await enterprises.UpdateAsync(id, Input.ToInput(), Input.Version, ct);
                return Redirect($"/Enterprises/Edit?id={id}&msg=" + Uri.EscapeDataString("已保存。"));
            }
            var created = await enterprises.CreateAsync(Input.ToInput(), ct);
            return Redirect($"/Enterprises/Edit?id={created.Enterprise.Id}&msg=" + Uri.EscapeDataString("已创建。"));
        }
        catch (ConflictException e)
        {
            Error = e.Localize(L);
            Current = e.Current as EnterpriseRow;
        }
        catch (DomainException e) when (e.Kind is DomainErrorKind.Validation or DomainErrorKind.Forbidden or DomainErrorKind.NotFound)
        {
            Collect(e);
        }
        if (Id is { } again)
        {
            Detail = await enterprises.GetAsync(again, ct);
        }
        (Similar, SameCode) = await enterprises.DuplicatesAsync(Input.Name, Input.CreditCode, Id, ct);
        return Page();
    }

    /// <summary>The duplicates of what is typed so far (htmx, as the name or code changes).</summary>
    public async Task<IActionResult> OnGetDuplicatesAsync([FromQuery(Name = "Input.Name")] string? name, [FromQuery(Name = "Input.CreditCode")] string? creditCode,
        CancellationToken ct)
    {
        (Similar, SameCode) = await enterprises.DuplicatesAsync(name, creditCode, Id, ct);
        return Partial("_Duplicates", this);
    }

    /// <summary>A new investor from the project form (a dialog posting here): the enterprise, or every field's error, as JSON.</summary>
    public async Task<IActionResult> OnPostQuickAsync(CancellationToken ct)
    {
        try
        {
            var created = await enterprises.CreateAsync(Input.ToInput(), ct);
            var e = created.Enterprise;
            return new JsonResult(new { e.Id, e.Name, e.CreditCode });
        }
        catch (ConflictException e) when (e.Current is EnterpriseRow same)
        {
            // The code is registered already: that enterprise is the investor; the form uses it.
            return new JsonResult(new { same.Id, same.Name, same.CreditCode, existing = e.Localize(L) });
        }
        catch (DomainException e) when (e.Kind is DomainErrorKind.Validation or DomainErrorKind.Forbidden)
        {
            Collect(e);
            return new JsonResult(new { error = Error, errors = FieldErrors }) { StatusCode = StatusCodes.Status400BadRequest };
        }
    }

    public async Task<IActionResult> OnPostContactAsync(CancellationToken ct)
    {
        if (Id is not { } id)
        {
            return NotFound();
        }
        try
        {
            await enterprises.AddContactAsync(id, ContactName, ContactTitle, ContactPhone, ct);
            return Redirect($"/Enterprises/Edit?id={id}&msg=" + Uri.EscapeDataString("联系人已添加。") + "#contacts");
        }
        catch (DomainException e) when (e.Kind is DomainErrorKind.Validation)
        {
            foreach (var (field, message) in e.LocalizedFieldErrors(L))
            {
                FieldErrors["contact-" + field] = message;
            }
        }
        await OnGetAsync(ct);
        return Page();
    }

    private void Collect(DomainException e)
    {
        foreach (var (field, message) in e.LocalizedFieldErrors(L))
        {
            FieldErrors[field] = message;
        }
        Error = FieldErrors.Count == 0 || e.Errors.Count > 1 ? e.Localize(L) : null;
    }

    public string Invalid(string field) => FieldErrors.ContainsKey(field) ? "is-invalid" : "";
}
