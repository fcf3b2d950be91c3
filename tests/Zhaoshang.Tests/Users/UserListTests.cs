using System.Net.Http.Json;
using System.Text.Json;
using Zhaoshang.Tests.Accounts;
using Zhaoshang.Tests.Infrastructure;
using Zhaoshang.Web.Shared;

namespace Zhaoshang.Tests.Users;

public sealed class UserListTests
{
    [Fact]
    public async Task Users_are_filtered_sorted_paged_and_exported_on_the_server_and_audit_records_export_too()
    {
        using var app = new TestApp();
        var sys = await app.ClientForAsync("sysadmin", await LoginTests.ChangeAdminPasswordAsync(app, "sysadmin"));
        var first = await sys.GetFromJsonAsync<JsonElement>("/api/users?sort=-userName&pageSize=5");
        Assert.Equal(18, first.GetProperty("total").GetInt32()); // 3 admins + 15 demo accounts (the desk officers come with the demo ledger)
        Assert.Equal("sysadmin", first.GetProperty("items")[0].GetProperty("userName").GetString());
        var last = await sys.GetFromJsonAsync<JsonElement>("/api/users?sort=-userName&pageSize=5&page=4");
        Assert.Equal(3, last.GetProperty("items").GetArrayLength()); // 18 users: 3 pages of 5, then 3
        var filtered = await sys.GetFromJsonAsync<JsonElement>("/api/users?q=" + Uri.EscapeDataString("云岩区"));
        Assert.Equal(["officer.yunyan"], filtered.GetProperty("items").EnumerateArray().Select(u => u.GetProperty("userName").GetString()!).ToArray());

        var sheet = Xlsx.Read(await sys.GetStreamAsync("/api/users/export?q=officer"), 1000).Single();
        Assert.Equal("用户名", sheet.Rows[0][0]);
        Assert.Equal(5, sheet.Rows.Count - 1); // the five demo officers

        var auditor = await app.ClientForAsync("auditadmin", await LoginTests.ChangeAdminPasswordAsync(app, "auditadmin"));
        var trail = Xlsx.Read(await auditor.GetStreamAsync("/api/audit/export?action=export"), 1000).Single();
        Assert.Equal("序号", trail.Rows[0][0]);
        // Readable columns first (user by name, action in words), the raw record after them.
        Assert.Contains(trail.Rows, r => r[4] == "导出" && r[2] == "系统管理员（sysadmin）" && r[10] == "User" && r[12]!.Contains("\"rows\":5"));
    }
}
