using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Zhaoshang.Tests.Infrastructure;
using Zhaoshang.Web.Features.Enterprises;

namespace Zhaoshang.Tests.Tickets;

/// <summary>Set-up shared by the ticket tests: a signed project, enterprises, the clock on a known day.</summary>
public static class TicketFlow
{
    /// <summary>Moves the app's clock to a moment in China time (tokens taken before it are then stale: take new ones).</summary>
    public static void SetChinaTime(this TestApp app, DateTime chinaLocal)
    {
        var target = new DateTimeOffset(chinaLocal, TimeSpan.FromHours(8));
        app.Clock.Advance(target - app.Clock.GetUtcNow());
    }

    public static async Task<Guid> SignedProjectAsync(HttpClient officer, string name)
    {
        var created = await officer.PostAsJsonAsync("/api/projects", new { name, agreedInvestmentYuan = 500_000_000, isIndustrial = true });
        Assert.True(created.IsSuccessStatusCode, await created.Content.ReadAsStringAsync());
        var id = (await created.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetGuid();
        var signed = await officer.PostAsJsonAsync($"/api/projects/{id}/stage", new { to = "signed", date = "2026-09-01", contractAmountYuan = 400_000_000 });
        Assert.True(signed.IsSuccessStatusCode, await signed.Content.ReadAsStringAsync());
        return id;
    }

    public static string CreditCodeFor(string seventeen) => seventeen + CreditCode.CheckCharacter(seventeen);

    public static async Task<Guid> EnterpriseAsync(HttpClient officer, string name, string seventeen)
    {
        var created = await officer.PostAsJsonAsync("/api/enterprises", new { name, creditCode = CreditCodeFor(seventeen) });
        Assert.True(created.IsSuccessStatusCode, await created.Content.ReadAsStringAsync());
        return (await created.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("enterprise").GetProperty("id").GetGuid();
    }

    /// <summary>An enterprise account in an org, tied to its enterprise by the system admin's API.</summary>
    public static async Task<string> InvestorAsync(this TestApp app, string userName, string orgCode, Guid enterpriseId)
    {
        var (id, password) = await app.AddUserAsync(userName, Zhaoshang.Web.Features.Accounts.Roles.Enterprise, orgCode);
        var (_, adminPassword) = await app.AddUserAsync(userName + ".admin", Zhaoshang.Web.Features.Accounts.Roles.SysAdmin, "520000");
        using var admin = await app.ClientForAsync(userName + ".admin", adminPassword);
        var linked = await admin.PutAsJsonAsync($"/api/users/{id}/enterprise", new { enterpriseId });
        Assert.True(linked.IsSuccessStatusCode, await linked.Content.ReadAsStringAsync());
        return password;
    }

    public static async Task<JsonElement> ActAsync(HttpClient client, Guid ticket, object action)
    {
        var response = await client.PostAsJsonAsync($"/api/tickets/{ticket}/actions", action);
        Assert.True(response.IsSuccessStatusCode, $"{JsonSerializer.Serialize(action)}: {(int)response.StatusCode} {await response.Content.ReadAsStringAsync()}");
        return await response.Content.ReadFromJsonAsync<JsonElement>();
    }

    public static string State(JsonElement detail) => detail.GetProperty("ticket").GetProperty("state").GetString()!;

    public static async Task WaitUntilAsync(Func<Task<bool>> condition, string what, int seconds = 20)
    {
        var clock = System.Diagnostics.Stopwatch.StartNew();
        while (!await condition())
        {
            Assert.True(clock.Elapsed < TimeSpan.FromSeconds(seconds), "Timed out waiting for " + what);
            await Task.Delay(100);
        }
    }

    public static async Task<int> CountAsync<T>(this TestApp app, System.Linq.Expressions.Expression<Func<T, bool>> where) where T : class =>
        await app.WithDbAsync(db => db.Set<T>().CountAsync(where));
}
