using System.Data.Common;
using System.Text;
using Microsoft.Data.Sqlite;
using Npgsql;
using Zhaoshang.Web.Data;
using Zhaoshang.Web.Features.Projects;
using Zhaoshang.Web.Shared;

namespace Zhaoshang.Bench;

/// <summary>
/// The ledger query written by hand over ADO.NET, in the shape ProjectSearch makes EF emit: the caller's scope as
/// an ordinal range of org paths, one IN-subquery on the bigram index per bigram (at most four, each within the chosen
/// org's range: the bigrams carry the org path), the substring check,
/// the stage, the chosen org's range; then the count and the first page ordered by amount. It reads only what a row
/// of the list shows.
/// </summary>
public sealed class HandQuery(Dataset dataset, string scopePath)
{
    private const string Columns = """
        "p"."Id", "p"."Code", "p"."Name", "p"."OrgId", "p"."Stage", "p"."AgreedInvestmentYuan", "p"."ContractAmountYuan", "p"."ContractDate", "p"."StartDate", "p"."Industry", "p"."IsIndustrial", "p"."Version"
        """;

    public sealed record Result(int Total, List<Guid> Ids);

    private bool Sqlite => dataset.Provider == Provider.Sqlite;

    private string Where(int grams)
    {
        var sql = new StringBuilder("""WHERE "p"."OrgPath" >= @scope AND "p"."OrgPath" < @scopeEnd""");
        for (var i = 0; i < grams; i++)
        {
            sql.Append($"""
                 AND "p"."Id" IN (
                    SELECT "g{i}"."ProjectId"
                    FROM "ProjectNameBigrams" AS "g{i}"
                    WHERE "g{i}"."Gram" = @g{i} AND "g{i}"."OrgPath" >= @start AND "g{i}"."OrgPath" < @end
                )
                """);
        }
        // As EF translates Contains and a list of stages on each provider.
        sql.Append(Sqlite ? """ AND instr("p"."Name", @term) > 0 AND "p"."Stage" = @stage""" : """ AND "p"."Name" LIKE @term AND "p"."Stage" = ANY (@stage)""");
        sql.Append(""" AND "p"."OrgPath" >= @start AND "p"."OrgPath" < @end""");
        return sql.ToString();
    }

    public string CountSql(int grams) => $"""SELECT COUNT(*) FROM "Projects" AS "p" {Where(grams)}""";

    public string PageSql(int grams) => $"""
        SELECT {Columns}
        FROM "Projects" AS "p"
        {Where(grams)}
        ORDER BY COALESCE("p"."ContractAmountYuan", "p"."AgreedInvestmentYuan") DESC, "p"."Code"
        LIMIT @take OFFSET @skip
        """;

    private DbConnection Connection() => Sqlite ? new SqliteConnection(dataset.ConnectionString) : new NpgsqlConnection(dataset.ConnectionString);

    private void Bind(DbCommand command, string term, ProjectStage stage)
    {
        var grams = Bigrams.Of(term).Take(4).ToList();
        void Add(string name, object value)
        {
            var p = command.CreateParameter();
            p.ParameterName = "@" + name;
            p.Value = value;
            command.Parameters.Add(p);
        }
        Add("scope", scopePath);
        Add("scopeEnd", OrgPaths.End(scopePath));
        for (var i = 0; i < grams.Count; i++)
        {
            Add("g" + i, grams[i]);
        }
        Add("term", Sqlite ? term : "%" + term.Replace(@"\", @"\\").Replace("%", @"\%").Replace("_", @"\_") + "%");
        Add("stage", Sqlite ? stage.ToString() : (object)new[] { stage.ToString() });
        Add("start", scopePath);
        Add("end", OrgPaths.End(scopePath));
        Add("take", 50);
        Add("skip", 0);
    }

    public async Task<Result> RunAsync(string term, ProjectStage stage)
    {
        var grams = Math.Min(4, Bigrams.Of(term).Count);
        await using var connection = Connection();
        await connection.OpenAsync();
        await using var count = connection.CreateCommand();
        count.CommandText = CountSql(grams);
        Bind(count, term, stage);
        var total = Convert.ToInt32(await count.ExecuteScalarAsync(), System.Globalization.CultureInfo.InvariantCulture);
        await using var page = connection.CreateCommand();
        page.CommandText = PageSql(grams);
        Bind(page, term, stage);
        var rows = new List<ProjectRow>();
        await using (var reader = await page.ExecuteReaderAsync())
        {
            while (await reader.ReadAsync())
            {
                rows.Add(new ProjectRow(reader.GetGuid(0), reader.GetString(1), reader.GetString(2), reader.GetGuid(3),
                    System.Text.Json.JsonNamingPolicy.CamelCase.ConvertName(reader.GetString(4)), reader.GetInt64(5),
                    reader.IsDBNull(6) ? null : reader.GetInt64(6), reader.IsDBNull(7) ? null : reader.GetFieldValue<DateOnly>(7),
                    reader.IsDBNull(8) ? null : reader.GetFieldValue<DateOnly>(8), reader.IsDBNull(9) ? null : reader.GetString(9),
                    reader.GetBoolean(10), reader.GetInt64(11)));
            }
        }
        return new Result(total, rows.Select(r => r.Id).ToList());
    }

    /// <summary>EXPLAIN QUERY PLAN (SQLite) or EXPLAIN (ANALYZE, BUFFERS) (PostgreSQL) of the hand-written count and page queries.</summary>
    public Task<string> ExplainAsync(string term, ProjectStage stage)
    {
        var grams = Math.Min(4, Bigrams.Of(term).Count);
        return ExplainAsync([("count", CountSql(grams), c => Bind(c, term, stage)), ("page", PageSql(grams), c => Bind(c, term, stage))]);
    }

    /// <summary>The same for commands EF sent, with their own parameter values.</summary>
    public Task<string> ExplainAsync(IEnumerable<CapturedCommand> commands) =>
        ExplainAsync(commands.Select((c, i) => ($"EF command {i + 1}", c.Sql, (Action<DbCommand>)(command =>
        {
            foreach (var (name, value) in c.Parameters)
            {
                var p = command.CreateParameter();
                p.ParameterName = name;
                p.Value = value ?? DBNull.Value;
                command.Parameters.Add(p);
            }
        }))).ToArray());

    private async Task<string> ExplainAsync((string Label, string Sql, Action<DbCommand> Bind)[] queries)
    {
        var text = new StringBuilder();
        await using var connection = Connection();
        await connection.OpenAsync();
        foreach (var (label, sql, bind) in queries)
        {
            await using var command = connection.CreateCommand();
            command.CommandText = (Sqlite ? "EXPLAIN QUERY PLAN " : "EXPLAIN (ANALYZE, BUFFERS) ") + sql;
            bind(command);
            text.Append($"-- {label}\n");
            await using var reader = await command.ExecuteReaderAsync();
            while (await reader.ReadAsync())
            {
                text.Append(Sqlite ? $"{reader.GetInt32(0)}/{reader.GetInt32(1)} {reader.GetString(3)}" : reader.GetString(0)).Append('\n');
            }
        }
        return text.ToString();
    }
}
