using Microsoft.AspNetCore.Http;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;
using Zhaoshang.Tests.Infrastructure;
using Zhaoshang.Web.Data;
using Zhaoshang.Web.Features.Activities;

namespace Zhaoshang.Tests.Data;

/// <summary>
/// A database of the version before issue 16, with its data, upgraded in place: the activities' enterprise becomes its
/// first row of enterprises met (SQLite rebuilds the table with the foreign keys off, so the offices' parts survive),
/// parts recorded against the seed's meaning become "took part", the shipped indicator definitions follow seed 002,
/// industries learn whether they are manufacturing, the demo bureau coordinates its level and the units lose the PDF's
/// line-wrap spaces.
/// </summary>
public sealed class UpgradeTests
{
    [Theory, SqliteData, PostgresData]
    public async Task A_database_of_the_previous_version_upgrades_in_place_with_its_activities_and_their_offices(Db provider)
    {
        var folder = Directory.CreateTempSubdirectory("zs-upgrade-").FullName;
        using var database = new TestDatabase(provider, folder);
        await using (var db = Open(database))
        {
            await db.GetService<IMigrator>().MigrateAsync("20261122000020_TicketScopes");
            var sqlite = provider == Db.Sqlite;
            object V(object value) => !sqlite ? value : value switch
            {
                Guid g => g.ToString().ToUpperInvariant(),
                DateOnly d => d.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture),
                DateTime t => t.ToString("yyyy-MM-dd HH:mm:ss", System.Globalization.CultureInfo.InvariantCulture),
                bool b => b ? 1 : 0,
                _ => value,
            };
#pragma warning disable EF1002 // table and column names are this test's constants; values are parameters
            async Task InsertAsync(string table, params (string Column, object Value)[] values) =>
                await db.Database.ExecuteSqlRawAsync(
                    $"INSERT INTO \"{table}\" ({string.Join(", ", values.Select(v => $"\"{v.Column}\""))}) VALUES ({string.Join(", ", values.Select((_, i) => $"{{{i}}}"))})",
                    values.Select(v => V(v.Value)).ToArray());
#pragma warning restore EF1002
            var now = new DateTime(2026, 11, 1, 0, 0, 0, DateTimeKind.Utc);
            (string, object)[] Org(Guid id, string code, string name, string kind, Guid? parent, string path, int depth) =>
                [("Id", id), ("Code", code), ("Name", name), ("Kind", kind), ("Path", path), ("Depth", depth), ("SortOrder", 0), ("IsActive", true),
                 ("Version", 0L), ("CreatedAt", now), .. parent is { } p ? new (string, object)[] { ("ParentId", p) } : []];
            var (province, city, bureau, office, soe) = (Guid.CreateVersion7(), Guid.CreateVersion7(), Guid.CreateVersion7(), Guid.CreateVersion7(), Guid.CreateVersion7());
            await InsertAsync("Orgs", Org(province, "520000", "贵州省", "Province", null, "/520000/", 0));
            await InsertAsync("Orgs", Org(city, "520100", "贵阳市", "City", province, "/520000/520100/", 1));
            await InsertAsync("Orgs", Org(bureau, "520100-D01", "市投资促进局", "Department", city, "/520000/520100/520100-D01/", 2));
            await InsertAsync("Orgs", Org(office, "520100-R01", "市政府驻北京联络处", "ResidentOffice", city, "/520000/520100/520100-R01/", 2));
            await InsertAsync("Orgs", Org(soe, "520100-S01", "贵阳市产业发展控 股集团", "Soe", city, "/520000/520100/520100-S01/", 2));
            var enterprise = Guid.CreateVersion7();
            await InsertAsync("Enterprises", ("Id", enterprise), ("Name", "北京甲科技有限公司"), ("NameKey", "北京甲科技"), ("Ownership", "Private"), ("Classes", 0),
                ("Specialized", "None"), ("IsStrong", false), ("OrgId", office), ("OrgPath", "/520000/520100/520100-R01/"), ("Version", 0L), ("CreatedAt", now));
            async Task<Guid> ActivityAsync(string kind, string role)
            {
                var id = Guid.CreateVersion7();
                await InsertAsync("Activities", ("Id", id), ("Kind", kind), ("Date", new DateOnly(2023, 3, 1)), ("Title", kind), ("EnterpriseId", enterprise),
                    ("OrgId", office), ("OrgPath", "/520000/520100/520100-R01/"), ("Version", 0L), ("CreatedAt", now));
                await InsertAsync("ActivityOffices", ("ActivityId", id), ("OrgId", office), ("Role", role));
                return id;
            }
            var visit = await ActivityAsync("Visit", "FirstVisit");
            var inspection = await ActivityAsync("Inspection", "Accompanied");
            var trip = await ActivityAsync("LeaderTrip", "FirstVisit"); // the old way of recording a lead in a leader's trip
            var negotiation = await ActivityAsync("Negotiation", "Accompanied");
            await InsertAsync("Industries", ("Name", "新型建材"), ("IsIndustrial", true), ("SortOrder", 1), ("IsActive", true));
            await InsertAsync("Industries", ("Name", "基础能源"), ("IsIndustrial", true), ("SortOrder", 2), ("IsActive", true));
            // The shipped definitions as the previous version serialised them.
            foreach (var (code, definition) in new[]
            {
                ("strongProjects", """{"fact":"signings","aggregation":"count","measure":"amount","scale":1,"projects":{"industrial":true,"minInvestmentYuan":300000000},"attribution":"responsible"}"""),
                ("leaderTrips", """{"fact":"activities","aggregation":"count","measure":"amount","scale":1,"activityKinds":["LeaderTrip"],"attribution":"responsible"}"""),
            })
            {
                await InsertAsync("Indicators", ("Code", code), ("Name", code), ("Unit", "个"), ("SortOrder", 1), ("IsActive", true), ("HeadersJson", "[]"),
                    ("DefinitionJson", definition));
            }

            await db.Database.MigrateAsync();

            var roles = await db.ActivityOffices.ToDictionaryAsync(o => o.ActivityId, o => o.Role);
            Assert.Equal(4, roles.Count); // not one part lost with the rebuilt table
            Assert.Equal((OfficeRole.FirstVisit, OfficeRole.Accompanied, OfficeRole.Participated, OfficeRole.Participated),
                (roles[visit], roles[inspection], roles[trip], roles[negotiation]));
            var met = await db.Set<ActivityEnterprise>().IgnoreQueryFilters().OrderBy(x => x.ActivityId).ToListAsync();
            Assert.Equal(4, met.Count);
            Assert.All(met, x => Assert.Equal((enterprise, new DateOnly(2023, 3, 1), "/520000/520100/520100-R01/"), (x.EnterpriseId, x.Date, x.OrgPath)));
            Assert.Equal(4, await db.Activities.IgnoreQueryFilters().CountAsync(a => a.Leader == null && a.JointOrgId == null));
            var industries = await db.Industries.ToDictionaryAsync(i => i.Name, i => i.IsManufacturing);
            Assert.Equal((true, false), (industries["新型建材"], industries["基础能源"]));
            var definitions = await db.Indicators.ToDictionaryAsync(i => i.Code, i => i.Definition);
            Assert.Equal((true, null), (definitions["strongProjects"].Projects!.Manufacturing, definitions["strongProjects"].Projects!.Industrial));
            Assert.Equal(Web.Features.Assessment.Attribution.Own, definitions["leaderTrips"].Attribution);
            var orgs = await db.Orgs.IgnoreQueryFilters().ToDictionaryAsync(o => o.Code);
            Assert.True(orgs["520100-D01"].Coordinates);
            Assert.False(orgs["520100-R01"].Coordinates);
            Assert.Equal("贵阳市产业发展控股集团", orgs["520100-S01"].Name);
        }
    }

    private static AppDb Open(TestDatabase database)
    {
        var options = new DbContextOptionsBuilder<AppDb>();
        if (database.Provider == Db.Sqlite)
        {
            options.UseSqlite(database.ConnectionString);
        }
        else
        {
            options.UseNpgsql(database.ConnectionString);
        }
        options.ConfigureWarnings(w => w.Ignore(Microsoft.EntityFrameworkCore.Diagnostics.RelationalEventId.PendingModelChangesWarning));
        return new AppDb(options.Options) { CurrentUser = new CurrentUser(new HttpContextAccessor()) };
    }
}
