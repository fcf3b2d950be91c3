using System.Net;
using System.Net.Http.Json;
using Microsoft.EntityFrameworkCore;
using Zhaoshang.Tests.Infrastructure;
using Zhaoshang.Web.Features.Accounts;
using Zhaoshang.Web.Features.Orgs;
using Zhaoshang.Web.Shared;

namespace Zhaoshang.Tests.Data;
/// <summary>The sweep's cases: one per /api endpoint, each calling it against the foreign records as the role at hand.</summary>
public sealed partial class ScopeSweepTests
{
    private static readonly HashSet<HttpStatusCode> Refused = [HttpStatusCode.Forbidden, HttpStatusCode.NotFound];

    private static readonly Dictionary<string, Func<Sweep, Task>> Cases = new()
    {
        ["POST /api/auth/token"] = _ => Task.CompletedTask, // anonymous; takes credentials, reads no record
        ["POST /api/auth/logout"] = _ => Task.CompletedTask, // ends the caller's own session only
        ["POST /api/auth/password"] = _ => Task.CompletedTask, // changes the caller's own password only
        ["GET /api/me"] = async s => await ListExcludesAsync(s, "/api/me"),
        ["GET /api/orgs"] = async s => await ListExcludesAsync(s, "/api/orgs"),
        ["GET /api/orgs/{id:guid}"] = async s => await EachForeignOrgAsync(s, id => s.Client.GetAsync($"/api/orgs/{id}")),
        ["POST /api/orgs"] = async s =>
        {
            foreach (var parent in s.ForeignOrgs)
            {
                var code = "SW" + Random.Shared.Next(100000, 999999);
                await RefusedAsync(s, s.Client.PostAsJsonAsync("/api/orgs", new { code, name = "越权单位", kind = "devZone", parentId = parent }));
                Assert.False(await s.App.WithDbAsync(db => db.Orgs.AnyAsync(o => o.Code == code)));
            }
        },
        ["PUT /api/orgs/{id:guid}"] = async s => await EachForeignOrgAsync(s, id => s.Client.PutAsJsonAsync($"/api/orgs/{id}", new { name = "越权改名", version = 0 })),
        ["POST /api/orgs/{id:guid}/move"] = async s =>
        {
            await EachForeignOrgAsync(s, id => s.Client.PostAsJsonAsync($"/api/orgs/{id}/move", new { parentId = s.OwnZone, version = 0 }));
            // An own unit cannot be moved under a foreign parent either.
            await EachForeignOrgAsync(s, parent => s.Client.PostAsJsonAsync($"/api/orgs/{s.OwnZone}/move", new { parentId = parent, version = 0 }));
        },
        ["POST /api/orgs/{id:guid}/deactivate"] = async s => await EachForeignOrgAsync(s, id => s.Client.PostAsJsonAsync($"/api/orgs/{id}/deactivate", new { version = 0 })),
        ["POST /api/orgs/{id:guid}/activate"] = async s => await EachForeignOrgAsync(s, id => s.Client.PostAsJsonAsync($"/api/orgs/{id}/activate", new { version = 0 })),
        ["GET /api/orgs/export"] = async s =>
        {
            var response = await s.Client.GetAsync("/api/orgs/export");
            if (response.StatusCode == HttpStatusCode.OK)
            {
                var sheet = Xlsx.Read(await response.Content.ReadAsStreamAsync(), 100_000).Single();
                var codes = sheet.Rows.Select(r => r[0]).ToHashSet();
                Assert.DoesNotContain(s.ForeignCodes, codes.Contains);
            }
            else
            {
                Assert.Contains(response.StatusCode, Refused);
            }
        },
        ["POST /api/orgs/import"] = async s =>
        {
            foreach (var parentCode in s.ForeignCodes)
            {
                var code = "SW" + Random.Shared.Next(100000, 999999);
                using var file = new MemoryStream();
                Xlsx.Write(file, OrgExcel.SheetName, OrgExcel.Headers, [[code, "越权导入", null, "开发区/园区", parentCode, "启用", 1]]);
                using var form = new MultipartFormDataContent { { new ByteArrayContent(file.ToArray()), "file", "orgs.xlsx" } };
                var response = await s.Client.PostAsync("/api/orgs/import", form);
                Assert.True(response.StatusCode is HttpStatusCode.Forbidden or HttpStatusCode.NotFound or HttpStatusCode.UnprocessableEntity,
                    $"{s.Role} import under {parentCode}: {(int)response.StatusCode}");
                Assert.False(await s.App.WithDbAsync(db => db.Orgs.AnyAsync(o => o.Code == code)));
            }
        },
        ["GET /api/users"] = async s => await ListExcludesAsync(s, "/api/users"),
        ["GET /api/users/export"] = async s =>
        {
            var response = await s.Client.GetAsync("/api/users/export");
            if (response.StatusCode != HttpStatusCode.OK)
            {
                Assert.Contains(response.StatusCode, Refused);
                return;
            }
            var names = Xlsx.Read(await response.Content.ReadAsStreamAsync(), 100_000).Single().Rows.Select(r => r[0]).ToHashSet();
            Assert.Contains("sweep." + s.Role, names);
            Assert.DoesNotContain("officer.nanming", names);
            Assert.DoesNotContain("leader.gy", names);
            Assert.DoesNotContain("officer.honghuagang", names);
        },
        ["GET /api/users/{id:guid}"] = async s => await EachForeignUserAsync(s, id => s.Client.GetAsync($"/api/users/{id}")),
        ["POST /api/users"] = async s =>
        {
            foreach (var org in s.ForeignOrgs)
            {
                var name = "sweep.new" + Random.Shared.Next(100000, 999999);
                await RefusedAsync(s, s.Client.PostAsJsonAsync("/api/users", new { userName = name, displayName = "越权账户", orgId = org }));
                Assert.False(await s.App.WithDbAsync(db => db.Users.IgnoreQueryFilters().AnyAsync(u => u.UserName == name)));
            }
        },
        ["POST /api/users/{id:guid}/disable"] = async s => await EachForeignUserAsync(s, id => s.Client.PostAsJsonAsync($"/api/users/{id}/disable", new { reason = "越权" })),
        ["POST /api/users/{id:guid}/enable"] = async s => await EachForeignUserAsync(s, id => s.Client.PostAsync($"/api/users/{id}/enable", null)),
        ["POST /api/users/{id:guid}/reset-password"] = async s => await EachForeignUserAsync(s, id => s.Client.PostAsync($"/api/users/{id}/reset-password", null)),
        ["PUT /api/users/{id:guid}/roles"] = async s => await EachForeignUserAsync(s, id => s.Client.PutAsJsonAsync($"/api/users/{id}/roles", new { roles = new[] { "leader" } })),
        ["POST /api/users/{id:guid}/unlock"] = async s => await EachForeignUserAsync(s, id => s.Client.PostAsync($"/api/users/{id}/unlock", null)),
        // Enterprise registry data is shared province-wide by design (ADR-005); what a unit records about it is not.
        ["GET /api/enterprises"] = async s =>
        {
            await ListExcludesAsync(s, "/api/enterprises");
            var body = await s.Client.GetStringAsync("/api/enterprises").ContinueWith(t => t.IsCompletedSuccessfully ? t.Result : "");
            Assert.DoesNotContain(s.ForeignContact.ToString(), body);
        },
        ["GET /api/enterprises/{id:guid}"] = async s =>
        {
            var response = await s.Client.GetAsync($"/api/enterprises/{s.ForeignEnterprise}");
            if (response.StatusCode != HttpStatusCode.OK)
            {
                Assert.Contains(response.StatusCode, Refused);
                return;
            }
            var body = await response.Content.ReadAsStringAsync();
            Assert.DoesNotContain(s.ForeignContact.ToString(), body);
            Assert.DoesNotContain("南明联系人", body);
            Assert.Contains("\"editable\":false", body);
        },
        ["POST /api/enterprises"] = _ => Task.CompletedTask, // registers in the caller's own org: takes no org or record id
        ["PUT /api/enterprises/{id:guid}"] = async s =>
            await RefusedAsync(s, s.Client.PutAsJsonAsync($"/api/enterprises/{s.ForeignEnterprise}", new { name = "越权改名", version = 0 })),
        ["POST /api/enterprises/{id:guid}/contacts"] = _ => Task.CompletedTask, // the new contact belongs to the caller's own org
        ["GET /api/projects"] = async s =>
        {
            await ListExcludesAsync(s, "/api/projects");
            await ListExcludesAsync(s, "/api/projects?q=" + Uri.EscapeDataString("南明区的项目")); // through the bigram index
            await EachForeignOrgAsync(s, org => s.Client.GetAsync($"/api/projects?orgId={org}"));
        },
        ["GET /api/imports/projects/template"] = _ => Task.CompletedTask, // an empty layout
        ["GET /api/imports/enterprises/template"] = _ => Task.CompletedTask,
        ["POST /api/imports/enterprises"] = _ => Task.CompletedTask, // registers in the caller's own org, like POST /api/enterprises
        ["GET /api/imports/activities/template"] = _ => Task.CompletedTask,
        ["POST /api/imports/activities"] = async s =>
        {
            // An activity is recorded in the caller's own unit; a project of another unit cannot be named in it.
            var code = await s.App.WithDbAsync(db => db.Projects.IgnoreQueryFilters().Where(p => p.Id == s.ForeignProject).Select(p => p.Code).SingleAsync());
            using var file = new MemoryStream();
            var title = "越权活动" + code;
            Xlsx.Write(file, "招商活动", ["活动日期", "活动类型", "活动名称", "项目编码"], [["2023-05-01", "洽谈", title, code]]);
            using var form = new MultipartFormDataContent { { new ByteArrayContent(file.ToArray()), "file", "a.xlsx" } };
            var response = await s.Client.PostAsync("/api/imports/activities", form);
            Assert.True(response.StatusCode is HttpStatusCode.UnprocessableEntity or HttpStatusCode.Forbidden, $"{code}: {(int)response.StatusCode}");
            Assert.False(await s.App.WithDbAsync(db => db.Activities.IgnoreQueryFilters().AnyAsync(a => a.Title == title)));
        },
        ["POST /api/imports/projects"] = async s =>
        {
            foreach (var code in s.ForeignCodes)
            {
                using var file = new MemoryStream();
                var name = "越权导入" + code;
                Xlsx.Write(file, "项目", ["项目名称", "责任单位", "约定投资额（万元）"], [[name, code, "1"]]);
                using var form = new MultipartFormDataContent { { new ByteArrayContent(file.ToArray()), "file", "p.xlsx" } };
                var response = await s.Client.PostAsync("/api/imports/projects", form);
                Assert.True(response.StatusCode is HttpStatusCode.UnprocessableEntity or HttpStatusCode.Forbidden, $"{code}: {(int)response.StatusCode}");
                Assert.False(await s.App.WithDbAsync(db => db.Projects.IgnoreQueryFilters().AnyAsync(p => p.Name == name)));
            }
        },
        ["GET /api/projects/export"] = async s =>
        {
            var response = await s.Client.GetAsync("/api/projects/export");
            if (response.StatusCode != HttpStatusCode.OK)
            {
                Assert.Contains(response.StatusCode, Refused);
                return;
            }
            var names = Xlsx.Read(await response.Content.ReadAsStreamAsync(), 100_000).Single().Rows.Select(r => r[1]).ToHashSet();
            Assert.DoesNotContain("南明区的项目", names);
            Assert.DoesNotContain("南明区已开工项目", names);
        },
        ["GET /api/industries"] = _ => Task.CompletedTask, // province-wide reference data, no records of any unit
        ["GET /api/projects/handoffs/export"] = async s =>
        {
            var response = await s.Client.GetAsync("/api/projects/handoffs/export");
            if (response.StatusCode != HttpStatusCode.OK)
            {
                Assert.Contains(response.StatusCode, Refused);
                return;
            }
            var ids = Xlsx.Read(await response.Content.ReadAsStreamAsync(), 100_000).Single().Rows.Select(r => r[1]).ToHashSet();
            Assert.DoesNotContain(s.ForeignProject.ToString(), ids);
        },
        ["GET /api/projects/{id:guid}"] = async s => await RefusedAsync(s, s.Client.GetAsync($"/api/projects/{s.ForeignProject}")),
        ["POST /api/projects"] = async s =>
        {
            foreach (var org in s.ForeignOrgs)
            {
                var name = "越权项目" + Random.Shared.Next(100000, 999999);
                await RefusedAsync(s, s.Client.PostAsJsonAsync("/api/projects", new { name, orgId = org, agreedInvestmentYuan = 1 }));
                Assert.False(await s.App.WithDbAsync(db => db.Projects.IgnoreQueryFilters().AnyAsync(p => p.Name == name)));
            }
        },
        ["PUT /api/projects/{id:guid}"] = async s =>
            await RefusedAsync(s, s.Client.PutAsJsonAsync($"/api/projects/{s.ForeignProject}", new { name = "越权改名", agreedInvestmentYuan = 1, version = 0 })),
        ["POST /api/projects/{id:guid}/stage"] = async s =>
            await RefusedAsync(s, s.Client.PostAsJsonAsync($"/api/projects/{s.ForeignProject}/stage", new { to = "terminated", reason = "越权" })),
        ["GET /api/projects/{id:guid}/funds"] = async s => await RefusedAsync(s, s.Client.GetAsync($"/api/projects/{s.ForeignProject}/funds")),
        ["POST /api/projects/{id:guid}/funds"] = async s =>
            await RefusedAsync(s, s.Client.PostAsJsonAsync($"/api/projects/{s.ForeignProject}/funds", new { year = 2026, month = 1, amountYuan = 1 })),
        ["GET /api/activities"] = async s => await ListExcludesAsync(s, "/api/activities"),
        ["GET /api/activities/{id:guid}"] = async s => await RefusedAsync(s, s.Client.GetAsync($"/api/activities/{s.ForeignActivity}")),
        ["POST /api/activities"] = async s =>
        {
            await RefusedAsync(s, s.Client.PostAsJsonAsync("/api/activities", new { kind = "visit", date = "2026-01-05", title = "越权关联项目", projectId = s.ForeignProject }));
            var office = (await s.App.OrgAsync("520100-R01")).Id; // outside 云岩区
            await RefusedAsync(s, s.Client.PostAsJsonAsync("/api/activities", new { kind = "visit", date = "2026-01-05", title = "越权驻外办", offices = new[] { new { orgId = office, role = "firstVisit" } } }));
            var trip = await s.Client.PostAsJsonAsync("/api/activities", new { kind = "leaderTrip", date = "2026-01-07", title = "越权采纳线索", leader = "principal", adoptedLeadIds = new[] { s.ForeignLead } });
            Assert.True(trip.StatusCode is HttpStatusCode.BadRequest or HttpStatusCode.Forbidden or HttpStatusCode.NotFound, $"{(int)trip.StatusCode}");
        },
        ["PUT /api/activities/{id:guid}"] = async s =>
            await RefusedAsync(s, s.Client.PutAsJsonAsync($"/api/activities/{s.ForeignActivity}", new { kind = "visit", date = "2026-01-05", title = "越权改", version = 0 })),
        ["GET /api/leads"] = async s =>
        {
            await ListExcludesAsync(s, "/api/leads");
            foreach (var org in s.ForeignOrgs)
            {
                await ListExcludesAsync(s, $"/api/leads?orgId={org}&adopted=false");
            }
        },
        ["GET /api/leads/{id:guid}"] = async s => await RefusedAsync(s, s.Client.GetAsync($"/api/leads/{s.ForeignLead}")),
        ["POST /api/leads"] = async s => // the lead belongs to the caller's own org; a foreign project cannot be named
            await RefusedAsync(s, s.Client.PostAsJsonAsync("/api/leads", new { enterpriseId = s.ForeignEnterprise, date = "2026-01-06", title = "越权线索", projectId = s.ForeignProject })),
        ["PUT /api/leads/{id:guid}"] = async s =>
            await RefusedAsync(s, s.Client.PutAsJsonAsync($"/api/leads/{s.ForeignLead}", new { enterpriseId = s.ForeignEnterprise, date = "2026-01-06", title = "越权改", version = 0 })),
        ["GET /api/indicators"] = _ => Task.CompletedTask, // reference data shared by every unit, no records of any unit
        ["GET /api/targets"] = async s => await ListExcludesAsync(s, "/api/targets?year=2023"),
        ["GET /api/assessment"] = async s => await ListExcludesAsync(s, "/api/assessment?year=2023&period=m6"), // ranked over all, rows of the scope
        ["GET /api/assessment/facts"] = async s => // another unit's figure is not found; one's own lists facts under one's own path
            await EachForeignOrgAsync(s, org => s.Client.GetAsync($"/api/assessment/facts?year=2023&period=m6&orgId={org}&indicator=industryFunds")),
        ["POST /api/assessment/adjustments"] = async s =>
        {
            await EachForeignOrgAsync(s, org => s.Client.PostAsJsonAsync("/api/assessment/adjustments",
                new { year = 2023, month = 1, orgId = org, indicator = "leaderTrips", value = 99, reason = "越权调整" }));
            Assert.False(await s.App.WithDbAsync(db => db.Adjustments.IgnoreQueryFilters().AnyAsync()));
        },
        ["POST /api/assessment/periods/{year:int}/{month:int}/close"] = async s => // the year assesses 南明区 too
            await RefusedAsync(s, s.Client.PostAsync("/api/assessment/periods/2023/1/close", null)),
        ["GET /api/bulletins/{year:int}/{month:int}"] = async s =>
        {
            await ListExcludesAsync(s, "/api/bulletins/2023/6"); // the page lists units by name: 南明区 must not be one
            var response = await s.Client.GetAsync("/api/bulletins/2023/6");
            if (response.StatusCode == HttpStatusCode.OK)
            {
                Assert.DoesNotContain("南明区", await response.Content.ReadAsStringAsync());
            }
        },
        ["GET /api/rules"] = _ => Task.CompletedTask, // the year's rules apply to every unit alike; no records of any unit
        ["PUT /api/rules"] = async s => // the year assesses 南明区 too: nobody in 云岩区 sets its rules
            await RefusedAsync(s, s.Client.PutAsJsonAsync("/api/rules?year=2023", new { rules = new { groups = Array.Empty<object>() }, note = "越权" })),
        ["GET /api/targets/export"] = async s =>
        {
            var response = await s.Client.GetAsync("/api/targets/export?year=2023");
            if (response.StatusCode != HttpStatusCode.OK)
            {
                Assert.Contains(response.StatusCode, Refused);
                return;
            }
            var units = Xlsx.Read(await response.Content.ReadAsStreamAsync(), 1000).SelectMany(sheet => sheet.Rows).Select(r => r.ElementAtOrDefault(1)).ToHashSet();
            Assert.Contains("云岩区", units);
            Assert.DoesNotContain("南明区", units);
        },
        ["PUT /api/targets"] = async s =>
        {
            foreach (var org in s.ForeignOrgs)
            {
                var response = await s.Client.PutAsJsonAsync("/api/targets?year=2023", new
                {
                    version = 1,
                    sheets = new[]
                    {
                        new
                        {
                            title = "越权表", totalLabel = "合计", columns = new[] { new { indicator = "leaderTrips", header = "领导赴省外招商(次)" } },
                            rows = new[] { new { orgId = org, orgName = "越权", seq = 1, values = new Dictionary<string, decimal?> { ["leaderTrips"] = 99 } } },
                            statedTotals = new Dictionary<string, decimal?> { ["leaderTrips"] = 99 }, notes = new Dictionary<string, string>(),
                        },
                    },
                });
                Assert.True(response.StatusCode is HttpStatusCode.UnprocessableEntity or HttpStatusCode.Forbidden, $"{org}: {(int)response.StatusCode}");
            }
            Assert.False(await s.App.WithDbAsync(db => db.Targets.IgnoreQueryFilters().AnyAsync(t => t.Value == 99)));
        },
        ["POST /api/targets/import"] = async s =>
        {
            foreach (var name in new[] { "南明区", "贵阳市", "红花岗区" })
            {
                using var file = new MemoryStream(Assessment.Workbook.Build(new Assessment.Workbook.Sheet("越权",
                    [["序号", "责任单位", "领导赴省外招商(次)"], ["1", name, "99"], [null, "合计", "99"]])));
                using var form = new MultipartFormDataContent { { new ByteArrayContent(file.ToArray()), "file", "t.xlsx" } };
                var response = await s.Client.PostAsync("/api/targets/import?year=2023", form);
                Assert.True(response.StatusCode is HttpStatusCode.UnprocessableEntity or HttpStatusCode.Forbidden, $"{name}: {(int)response.StatusCode}");
            }
            Assert.False(await s.App.WithDbAsync(db => db.Targets.IgnoreQueryFilters().AnyAsync(t => t.Value == 99)));
        },
        // Tickets: 南明区's problem is neither in 云岩区's area nor has 云岩区 as a party.
        ["GET /api/tickets/review-times"] = async s => await TicketListExcludesAsync(s, "/api/tickets/review-times"),
        ["GET /api/leads/channels"] = async s =>
        {
            // Counts only: they add up to the leads the caller sees, not 南明区's.
            var response = await s.Client.GetAsync("/api/leads/channels?from=2026-01-01&to=2026-12-31");
            if (response.StatusCode != HttpStatusCode.OK)
            {
                Assert.Contains(response.StatusCode, Refused);
                return;
            }
            var counted = (await response.Content.ReadFromJsonAsync<System.Text.Json.JsonElement>()).EnumerateArray().Sum(l => l.GetProperty("leads").GetInt32());
            var seen = (await s.Client.GetFromJsonAsync<System.Text.Json.JsonElement>("/api/leads?from=2026-01-01&to=2026-12-31")).GetProperty("total").GetInt32();
            Assert.Equal(seen, counted);
        },
        ["GET /api/majors"] = async s => await MajorsExcludeAsync(s, "/api/majors"),
        ["GET /api/majors/report"] = async s => await MajorsExcludeAsync(s, "/api/majors/report"),
        // The cockpit counts the caller's scope only: no foreign project, supervision or unit shows in it.
        ["GET /api/cockpit"] = async s => await MajorsExcludeAsync(s, "/api/cockpit"),
        // Boundary files are shared reference data (the map of a prefecture), not a unit's records: any signed-in role
        // may read one; only the system admin replaces one or puts the shipped one back.
        ["GET /api/entry-codes"] = async s => await ListExcludesAsync(s, "/api/entry-codes"),
        ["GET /api/entry-codes/{id:guid}"] = async s => await RefusedAsync(s, s.Client.GetAsync($"/api/entry-codes/{s.ForeignCode}")),
        ["POST /api/entry-codes"] = async s =>
        {
            foreach (var org in s.ForeignOrgs)
            {
                await RefusedAsync(s, s.Client.PostAsJsonAsync("/api/entry-codes", new { kind = "park", title = "越权二维码", orgId = org, expiresOn = "2099-01-01" }));
            }
            Assert.False(await s.App.WithDbAsync(db => db.Set<Web.Features.EntryCodes.EntryCode>().IgnoreQueryFilters().AnyAsync(c => c.Title == "越权二维码")));
        },
        ["PUT /api/entry-codes/{id:guid}"] = async s =>
            await RefusedAsync(s, s.Client.PutAsJsonAsync($"/api/entry-codes/{s.ForeignCode}", new { kind = "park", title = "越权改名", expiresOn = "2099-01-01", version = 0 })),
        ["POST /api/entry-codes/{id:guid}/revoke"] = async s =>
        {
            await RefusedAsync(s, s.Client.PostAsync($"/api/entry-codes/{s.ForeignCode}/revoke?version=0", null));
            Assert.False(await s.App.WithDbAsync(db => db.Set<Web.Features.EntryCodes.EntryCode>().IgnoreQueryFilters().AnyAsync(c => c.IsRevoked)));
        },
        ["GET /api/entry-codes/{id:guid}/image"] = async s => await RefusedAsync(s, s.Client.GetAsync($"/api/entry-codes/{s.ForeignCode}/image")),
        ["GET /api/entry-codes/conversion"] = async s =>
        {
            var response = await s.Client.GetAsync("/api/entry-codes/conversion");
            if (response.StatusCode != HttpStatusCode.OK)
            {
                Assert.Contains(response.StatusCode, Refused);
                return;
            }
            // 南明区's code and intention are not counted for 云岩区.
            var total = (await response.Content.ReadFromJsonAsync<System.Text.Json.JsonElement>()).GetProperty("total");
            Assert.Equal((0, 0), (total.GetProperty("codes").GetInt32(), total.GetProperty("intentions").GetInt32()));
        },
        ["GET /api/intentions"] = async s => await ListExcludesAsync(s, "/api/intentions"),
        ["POST /api/intentions/{id:guid}/verify-account"] = async s => await RefusedAsync(s, s.Client.PostAsync($"/api/intentions/{s.ForeignIntention}/verify-account", null)),
        // The public endpoints read nothing by scope: a code's page needs its signed address, an intention its random reference.
        ["GET /api/public/codes/{code}"] = async s =>
            Assert.Equal(HttpStatusCode.NotFound, (await s.Client.GetAsync("/api/public/codes/abcdefghij-20991231-abcdefghijklmnop")).StatusCode),
        ["POST /api/public/codes/{code}/intentions"] = async s => Assert.Equal(HttpStatusCode.NotFound,
            (await s.Client.PostAsJsonAsync("/api/public/codes/abcdefghij-20991231-abcdefghijklmnop/intentions", EntryCodes.EntryCodeTests.Intention("越权企业"))).StatusCode),
        ["GET /api/public/challenge"] = async s => Assert.Equal(HttpStatusCode.OK, (await s.Client.GetAsync("/api/public/challenge")).StatusCode),
        ["GET /api/public/intentions/{reference}"] = async s =>
            Assert.Equal(HttpStatusCode.NotFound, (await s.Client.GetAsync("/api/public/intentions/YX-22222-33333-44444")).StatusCode),
        ["POST /api/public/intentions/{reference}/account"] = async s => Assert.Equal(HttpStatusCode.NotFound,
            (await s.Client.PostAsJsonAsync("/api/public/intentions/YX-22222-33333-44444/account", new { creditCode = "91520103MA6H00001X" })).StatusCode),
        ["GET /api/maps/{code}"] = async s => Assert.Equal(HttpStatusCode.OK, (await s.Client.GetAsync("/api/maps/520100")).StatusCode),
        ["PUT /api/maps/{code}"] = async s =>
        {
            var form = new MultipartFormDataContent();
            form.Add(new ByteArrayContent("""{"type":"FeatureCollection","features":[{"type":"Feature","properties":{"name":"云岩区"},"geometry":{"type":"Polygon","coordinates":[[[106.7,26.6],[106.8,26.6],[106.8,26.7],[106.7,26.6]]]}}]}"""u8.ToArray()), "file", "map.geojson");
            await SysAdminOnlyAsync(s, s.Client.PutAsync("/api/maps/520100", form));
        },
        ["DELETE /api/maps/{code}"] = async s =>
            Assert.Equal(s.Role == Roles.SysAdmin ? HttpStatusCode.NoContent : HttpStatusCode.Forbidden, (await s.Client.DeleteAsync("/api/maps/520100")).StatusCode),
        ["GET /api/majors/export"] = async s =>
        {
            var response = await s.Client.GetAsync("/api/majors/export");
            if (response.StatusCode != HttpStatusCode.OK)
            {
                Assert.Contains(response.StatusCode, Refused);
                return;
            }
            Assert.DoesNotContain(Xlsx.Read(await response.Content.ReadAsStreamAsync(), 100_000).Single().Rows, r => r.Contains("南明区"));
        },
        ["GET /api/majors/bands"] = _ => Task.CompletedTask, // reference data of every level, no record of a scope
        ["PUT /api/majors/bands"] = async s => await SysAdminOnlyAsync(s, s.Client.PutAsJsonAsync("/api/majors/bands",
            new object[] { new { level = "county", minAmountYuan = 200_000_000 }, new { level = "city", minAmountYuan = 1_000_000_000 }, new { level = "province", minAmountYuan = 2_000_000_000 } })),
        ["GET /api/majors/{projectId:guid}"] = async s => await RefusedAsync(s, s.Client.GetAsync($"/api/majors/{s.SignedForeignProject}")),
        ["PUT /api/majors/{projectId:guid}"] = async s => await RefusedAsync(s, s.Client.PutAsJsonAsync($"/api/majors/{s.SignedForeignProject}", new { group = "services", version = 0 })),
        ["GET /api/majors/{projectId:guid}/people"] = async s => await RefusedAsync(s, s.Client.GetAsync($"/api/majors/{s.SignedForeignProject}/people")),
        ["GET /api/majors/{projectId:guid}/plan"] = async s => await RefusedAsync(s, s.Client.GetAsync($"/api/majors/{s.SignedForeignProject}/plan")),
        ["GET /api/majors/{projectId:guid}/plan/export"] = async s => await RefusedAsync(s, s.Client.GetAsync($"/api/majors/{s.SignedForeignProject}/plan/export")),
        ["POST /api/majors/{projectId:guid}/plan"] = async s => await RefusedAsync(s, s.Client.PostAsJsonAsync($"/api/majors/{s.SignedForeignProject}/plan", new { version = 1 })),
        ["PUT /api/majors/{projectId:guid}/plan"] = async s => await RefusedAsync(s, s.Client.PutAsJsonAsync($"/api/majors/{s.SignedForeignProject}/plan",
            new { version = 1, nodes = new[] { new { code = "x", name = "越权节点" } } })),
        ["POST /api/majors/{projectId:guid}/plan/import"] = async s =>
        {
            using var file = new MemoryStream();
            Xlsx.Write(file, "计划表", ["节点", "计划日期"], [["越权节点", "2027-01-01"]]);
            using var form = new MultipartFormDataContent { { new ByteArrayContent(file.ToArray()), "file", "plan.xlsx" } };
            await RefusedAsync(s, s.Client.PostAsync($"/api/majors/{s.SignedForeignProject}/plan/import?version=1", form));
        },
        ["GET /api/plan-templates/{group}"] = async s => await EachForeignOrgAsync(s, org => s.Client.GetAsync($"/api/plan-templates/industry?orgId={org}")),
        ["PUT /api/plan-templates/{group}"] = async s =>
        {
            object[] nodes = [new { code = "filing", name = "项目备案/核准", days = 30 }, new { code = "start", name = "开工", after = "filing", days = 60 }];
            await SysAdminOnlyAsync(s, s.Client.PutAsJsonAsync("/api/plan-templates/agriculture", nodes));
            await EachForeignOrgAsync(s, org => s.Client.PutAsJsonAsync($"/api/plan-templates/agriculture?orgId={org}", nodes));
        },
        ["DELETE /api/plan-templates/{group}"] = async s =>
        {
            await SysAdminOnlyAsync(s, s.Client.DeleteAsync("/api/plan-templates/agriculture"));
            await EachForeignOrgAsync(s, org => s.Client.DeleteAsync($"/api/plan-templates/agriculture?orgId={org}"));
        },
        ["GET /api/supervisions"] = async s => await MajorsExcludeAsync(s, "/api/supervisions"),
        ["POST /api/supervisions"] = async s => await RefusedAsync(s, s.Client.PostAsJsonAsync("/api/supervisions", new { ticketId = s.ForeignTicket, deadline = "2030-01-01" })),
        ["PUT /api/supervisions/{id:guid}/weeks/{weekStart}"] = async s =>
            await RefusedAsync(s, s.Client.PutAsJsonAsync($"/api/supervisions/{s.ForeignSupervision}/weeks/2026-11-30", new { text = "越权报送" })),
        ["POST /api/supervisions/{id:guid}/lift"] = async s => await RefusedAsync(s, s.Client.PostAsJsonAsync($"/api/supervisions/{s.ForeignSupervision}/lift", new { version = 0 })),
        ["GET /api/tickets"] = async s => await TicketListExcludesAsync(s, "/api/tickets"),
        ["GET /api/tickets/export"] = async s =>
        {
            var response = await s.Client.GetAsync("/api/tickets/export");
            if (response.StatusCode != HttpStatusCode.OK)
            {
                Assert.Contains(response.StatusCode, Refused);
                return;
            }
            var names = Xlsx.Read(await response.Content.ReadAsStreamAsync(), 1000).SelectMany(sheet => sheet.Rows).Select(r => r.ElementAtOrDefault(4)).ToHashSet();
            Assert.DoesNotContain("南明区的堵点", names);
        },
        ["GET /api/tickets/stats"] = async s => await TicketListExcludesAsync(s, "/api/tickets/stats?by=department"),
        ["GET /api/tickets/{id:guid}"] = async s => await RefusedAsync(s, s.Client.GetAsync($"/api/tickets/{s.ForeignTicket}")),
        ["POST /api/tickets"] = async s =>
        {
            await RefusedAsync(s, s.Client.PostAsJsonAsync("/api/tickets", new { kind = "problem", category = "land", projectId = s.SignedForeignProject, title = "越权堵点" }));
            Assert.False(await s.App.WithDbAsync(db => db.Set<Web.Features.Tickets.Ticket>().AnyAsync(t => t.Title == "越权堵点")));
        },
        ["POST /api/tickets/{id:guid}/actions"] = async s =>
        {
            foreach (var action in new[] { "accept", "comment", "decline" })
            {
                await RefusedAsync(s, s.Client.PostAsJsonAsync($"/api/tickets/{s.ForeignTicket}/actions", new { action, note = "越权" }));
            }
        },
        ["POST /api/tickets/{id:guid}/attachments"] = async s =>
        {
            using var form = new MultipartFormDataContent { { new ByteArrayContent("%PDF-1.4 x"u8.ToArray()), "file", "x.pdf" } };
            await RefusedAsync(s, s.Client.PostAsync($"/api/tickets/{s.ForeignTicket}/attachments", form));
        },
        ["GET /api/tickets/{id:guid}/attachments/{attachmentId:guid}"] = async s =>
            await RefusedAsync(s, s.Client.GetAsync($"/api/tickets/{s.ForeignTicket}/attachments/{s.ForeignAttachment}")),
        ["PUT /api/users/{id:guid}/enterprise"] = async s =>
            await EachForeignUserAsync(s, id => s.Client.PutAsJsonAsync($"/api/users/{id}/enterprise", new { enterpriseId = s.ForeignEnterprise })),
        // The inbox holds the caller's own messages only.
        ["GET /api/inbox"] = async s =>
        {
            var response = await s.Client.GetAsync("/api/inbox");
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            Assert.DoesNotContain(s.ForeignNotification.ToString(), await response.Content.ReadAsStringAsync(), StringComparison.OrdinalIgnoreCase);
        },
        ["POST /api/inbox/{id:guid}/read"] = async s => await RefusedAsync(s, s.Client.PostAsync($"/api/inbox/{s.ForeignNotification}/read", null)),
        ["POST /api/inbox/read-all"] = async s =>
        {
            Assert.Equal(HttpStatusCode.NoContent, (await s.Client.PostAsync("/api/inbox/read-all", null)).StatusCode);
            Assert.True(await s.App.WithDbAsync(db => db.Set<Web.Features.Notifications.Notification>().AnyAsync(n => n.Id == s.ForeignNotification && n.ReadAt == null)));
        },
        // Webhooks are the platform's configuration, not any unit's records: the system admin's alone.
        ["GET /api/webhooks"] = async s => await SysAdminOnlyAsync(s, s.Client.GetAsync("/api/webhooks")),
        ["POST /api/webhooks"] = async s =>
        {
            if (s.Role != Roles.SysAdmin)
            {
                await RefusedAsync(s, s.Client.PostAsJsonAsync("/api/webhooks", new { name = "越权", url = "http://127.0.0.1:9/x", format = "weCom" }));
            }
        },
        ["PUT /api/webhooks/{id:guid}"] = async s =>
        {
            if (s.Role != Roles.SysAdmin)
            {
                await RefusedAsync(s, s.Client.PutAsJsonAsync($"/api/webhooks/{Guid.CreateVersion7()}", new { name = "越权", url = "http://127.0.0.1:9/x", format = "weCom" }));
            }
        },
        ["GET /api/webhooks/deliveries"] = async s => await SysAdminOnlyAsync(s, s.Client.GetAsync("/api/webhooks/deliveries")),
        ["POST /api/webhooks/deliveries/{id:guid}/retry"] = async s =>
        {
            if (s.Role != Roles.SysAdmin)
            {
                await RefusedAsync(s, s.Client.PostAsync($"/api/webhooks/deliveries/{Guid.CreateVersion7()}/retry", null));
            }
        },
        // The ticket workflow's settings (routing, desks, meetings, holidays) are the platform's configuration: the system admin's alone.
        ["GET /api/tickets/settings"] = async s => await SysAdminOnlyAsync(s, s.Client.GetAsync("/api/tickets/settings")),
        ["GET /api/tickets/settings/calendar/{year:int}"] = async s => await SysAdminOnlyAsync(s, s.Client.GetAsync("/api/tickets/settings/calendar/2026")),
        ["PUT /api/tickets/settings/calendar/{year:int}"] = async s =>
        {
            if (s.Role != Roles.SysAdmin)
            {
                await RefusedAsync(s, s.Client.PutAsJsonAsync("/api/tickets/settings/calendar/2026", Array.Empty<object>()));
            }
        },
        ["PUT /api/tickets/settings/rules"] = async s =>
        {
            if (s.Role != Roles.SysAdmin)
            {
                await RefusedAsync(s, s.Client.PutAsJsonAsync("/api/tickets/settings/rules", new { areaOrgId = s.ForeignOrgs[0], category = "land", slaWorkingDays = 5 }));
            }
        },
        ["DELETE /api/tickets/settings/rules/{id:guid}"] = async s =>
        {
            if (s.Role != Roles.SysAdmin)
            {
                await RefusedAsync(s, s.Client.DeleteAsync($"/api/tickets/settings/rules/{Guid.CreateVersion7()}"));
            }
        },
        ["PUT /api/tickets/settings/desks"] = async s =>
        {
            if (s.Role != Roles.SysAdmin)
            {
                await RefusedAsync(s, s.Client.PutAsJsonAsync("/api/tickets/settings/desks", new { areaOrgId = s.ForeignOrgs[0], level = "city", deskOrgId = s.ForeignOrgs[0] }));
            }
        },
        ["POST /api/tickets/settings/meetings"] = async s =>
        {
            if (s.Role != Roles.SysAdmin)
            {
                await RefusedAsync(s, s.Client.PostAsJsonAsync("/api/tickets/settings/meetings", new { orgId = s.ForeignOrgs[0], date = "2030-01-04" }));
            }
        },
        // The audit trail is not org-scoped by design: the audit admin reads all of it; every other role is refused.
        ["GET /api/audit"] = async s => await AuditAdminOnlyAsync(s, s.Client.GetAsync("/api/audit")),
        ["GET /api/audit/export"] = async s => await AuditAdminOnlyAsync(s, s.Client.GetAsync("/api/audit/export")),
        ["POST /api/audit/verify"] = async s => await AuditAdminOnlyAsync(s, s.Client.PostAsync("/api/audit/verify", null)),
    };
}
