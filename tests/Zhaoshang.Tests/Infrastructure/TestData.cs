using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Zhaoshang.Web.Features.Accounts;
using Zhaoshang.Web.Features.Orgs;

namespace Zhaoshang.Tests.Infrastructure;

/// <summary>Direct set-up of orgs and users for a test, through the app's own services (as system).</summary>
public static class TestData
{
    /// <summary>A browser-like client signed in through the login page (a cookie, as a user has), for the pages.</summary>
    public static async Task<HttpClient> SignInAsync(this TestApp app, string user, string? password = null)
    {
        var client = app.CreateClient();
        var login = new AngleSharp.Html.Parser.HtmlParser().ParseDocument(await client.GetStringAsync("/Account/Login"));
        var response = await client.PostAsync("/Account/Login", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["UserName"] = user,
            ["Password"] = password ?? app.Credentials[user],
            ["__RequestVerificationToken"] = login.QuerySelector("input[name=__RequestVerificationToken]")!.GetAttribute("value")!,
        }));
        Assert.Equal(System.Net.HttpStatusCode.OK, response.StatusCode);
        return client;
    }

    public static async Task<Org> OrgAsync(this TestApp app, string code) =>
        await app.WithDbAsync(db => db.Orgs.SingleAsync(o => o.Code == code));

    public static async Task<Org> AddOrgAsync(this TestApp app, string code, string name, OrgKind kind, string parentCode)
    {
        using var scope = app.Services.CreateScope();
        var orgs = scope.ServiceProvider.GetRequiredService<OrgService>();
        var parent = await app.OrgAsync(parentCode);
        return await orgs.CreateAsync(new OrgInput(code, name, null, kind, parent.Id));
    }

    /// <summary>Creates a user holding one role in an org, with no forced password change; returns its password.</summary>
    public static async Task<(Guid Id, string Password)> AddUserAsync(this TestApp app, string userName, string role, string orgCode)
    {
        using var scope = app.Services.CreateScope();
        var users = scope.ServiceProvider.GetRequiredService<UserManager<AppUser>>();
        var org = await app.OrgAsync(orgCode);
        var user = AppUser.Create(userName, userName, org, mustChangePassword: false, app.Clock.GetUtcNow().UtcDateTime);
        var password = PasswordService.Generate();
        var created = await users.CreateAsync(user, password);
        Assert.True(created.Succeeded, string.Join("; ", created.Errors.Select(e => e.Description)));
        await users.AddToRoleAsync(user, role);
        return (user.Id, password);
    }

    public static async Task<Guid> UserIdAsync(this TestApp app, string userName) =>
        await app.WithDbAsync(db => db.Users.Where(u => u.UserName == userName).Select(u => u.Id).SingleAsync());
}
