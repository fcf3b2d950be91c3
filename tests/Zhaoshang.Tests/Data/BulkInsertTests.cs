using Microsoft.EntityFrameworkCore;
using Zhaoshang.Tests.Infrastructure;
using Zhaoshang.Web.Data;
using Zhaoshang.Web.Features.Audit;
using Zhaoshang.Web.Features.Projects;

namespace Zhaoshang.Tests.Data;

/// <summary>
/// Imports create projects in bulk, around change tracking. What they write must be what a save writes: the same
/// stored values, the same audit record, on an unbroken chain.
/// </summary>
public sealed class BulkInsertTests
{
    [Theory, SqliteData, PostgresData]
    [System.Diagnostics.CodeAnalysis.SuppressMessage("Security", "CA2100", Justification = "Column names from the EF model.")]
    public async Task A_bulk_created_row_is_stored_and_audited_exactly_as_a_saved_one(Db provider)
    {
        using var app = new TestApp(provider);
        var org = await app.WithDbAsync(d => d.Orgs.SingleAsync(o => o.Name == "云岩区"));
        Project Make(string code) => new()
        {
            Id = Guid.CreateVersion7(), Code = code, Name = "云岩区新材料产业园", OrgId = org.Id, OrgPath = org.Path, Industry = "基础材料",
            AgreedInvestmentYuan = 120_000_000, ContractAmountYuan = 30_000_000, ContractDate = new DateOnly(2024, 3, 1),
            StartDate = new DateOnly(2024, 6, 1), LandMu = 120.5m, DesignedCapacity = 3m, PlannedJobs = 300, IsIndustrial = true,
            Channel = "以商招商", Stage = ProjectStage.Started, StageDate = new DateOnly(2024, 6, 1), Version = 1,
            CreatedAt = new DateTime(2026, 11, 22, 5, 6, 7, 123, 456, DateTimeKind.Utc),
        };
        var saved = Make("XM-T-000001");
        var bulk = Make("XM-T-000002");
        await app.WithDbAsync(async d =>
        {
            await using var transaction = await d.Database.BeginTransactionAsync();
            d.Projects.Add(saved);
            await d.SaveChangesAsync();
            d.ChangeTracker.Clear();
            await BulkInsert.CreateAsync(d, [bulk], default);
            await transaction.CommitAsync();
            return 0;
        });

        // Stored the same: every column, as the database holds it (SQLite keeps whatever type it is given).
        var rows = await app.WithDbAsync(async d =>
        {
            var connection = d.Database.GetDbConnection();
            await connection.OpenAsync();
            var columns = d.Model.FindEntityType(typeof(Project))!.GetProperties().Select(p => p.GetColumnName()).ToList();
            await using var command = connection.CreateCommand();
            var select = provider == Db.Sqlite ? string.Join(", ", columns.Select(c => $"quote(\"{c}\")")) : string.Join(", ", columns.Select(c => $"\"{c}\"::text"));
            command.CommandText = $"SELECT {select} FROM \"Projects\" WHERE \"Code\" LIKE 'XM-T-%' ORDER BY \"Code\"";
            await using var reader = await command.ExecuteReaderAsync();
            var result = new List<Dictionary<string, string?>>();
            while (await reader.ReadAsync())
            {
                result.Add(columns.Select((c, i) => (c, reader.IsDBNull(i) ? null : reader.GetValue(i).ToString())).ToDictionary(x => x.c, x => x.Item2));
            }
            return result;
        });
        Assert.Equal(2, rows.Count);
        foreach (var column in rows[0].Keys.Where(c => c is not ("Id" or "Code")))
        {
            Assert.True(rows[0][column] == rows[1][column], $"{column}: saved {rows[0][column]}, bulk {rows[1][column]}");
        }

        // Audited the same, and the chain still verifies.
        var records = await app.WithDbAsync(d => d.AuditEntries.AsNoTracking().Where(e => e.ObjectType == "Project").OrderBy(e => e.Id).ToListAsync());
        Assert.Equal([saved.Id.ToString(), bulk.Id.ToString()], records.Select(r => r.ObjectId));
        Assert.All(records, r => Assert.Equal("create", r.Action));
        Assert.Equal(records[0].Details!.Replace(saved.Id.ToString(), "ID").Replace(saved.Code, "CODE"),
            records[1].Details!.Replace(bulk.Id.ToString(), "ID").Replace(bulk.Code, "CODE"));
        Assert.Contains("\"LandMu\":120.5", records[1].Details);
        var chain = app.Services.GetRequiredService<AuditChain>();
        Assert.Null(await app.WithDbAsync(d => chain.VerifyAsync(d)));
    }

    [Fact]
    public async Task A_bulk_create_refuses_pending_tracked_changes_and_rows_outside_a_transaction()
    {
        using var app = new TestApp();
        await app.WithDbAsync(async d =>
        {
            var org = await d.Orgs.SingleAsync(o => o.Name == "云岩区");
            var project = new Project { Id = Guid.CreateVersion7(), Code = "XM-T-000003", Name = "甲", OrgId = org.Id, OrgPath = org.Path };
            await Assert.ThrowsAsync<InvalidOperationException>(() => BulkInsert.CreateAsync(d, [project], default)); // no transaction
            await using var transaction = await d.Database.BeginTransactionAsync();
            org.Name += "（改）";
            await Assert.ThrowsAsync<InvalidOperationException>(() => BulkInsert.CreateAsync(d, [project], default));
            return 0;
        });
        Assert.Equal(0, await app.WithDbAsync(d => d.Projects.CountAsync()));
        Assert.Equal(0, await app.WithDbAsync(d => d.AuditEntries.CountAsync(e => e.ObjectType == "Project")));
    }

    [Fact]
    public async Task A_bulk_write_holds_a_small_sqlite_page_cache_and_restores_the_usual_one()
    {
        using var app = new TestApp();
        var sizes = await app.WithDbAsync(async d =>
        {
            async Task<long> CacheSize()
            {
                await using var command = d.Database.GetDbConnection().CreateCommand();
                command.CommandText = "PRAGMA cache_size";
                return (long)(await command.ExecuteScalarAsync())!;
            }
            await d.Database.OpenConnectionAsync();
            var before = await CacheSize();
            long during;
            await using (await SqlitePragmas.BulkWriteAsync(d, default))
            {
                during = await CacheSize();
            }
            return (before, during, after: await CacheSize());
        });
        Assert.Equal((-65536L, -16384L, -65536L), sizes);
    }
}
