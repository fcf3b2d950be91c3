using System.Text.Json;
using Zhaoshang.Tests.Infrastructure;

namespace Zhaoshang.Tests.Host;

/// <summary>
/// The API contract an integrator reads (issue 18, point 8): /openapi/v1.json names every operation (a unique
/// operationId) and says what it does (a summary); declares the bearer token and applies it to every operation but
/// the token's own; declares the ProblemDetails each operation may answer with; gives each download its media type.
/// Redocly's recommended ruleset passes on it, and openapi-typescript generates a client with no untyped operation.
/// </summary>
public sealed class OpenApiTests
{
    private static readonly string[] Methods = ["get", "post", "put", "delete", "patch"];

    [Fact]
    public async Task The_API_document_names_and_describes_every_operation_its_token_its_errors_and_its_files()
    {
        using var app = new TestApp();
        using var client = await app.ClientForAsync("leader.gz");
        var text = await client.GetStringAsync("/openapi/v1.json");
        var document = JsonDocument.Parse(text).RootElement;
        var operations = document.GetProperty("paths").EnumerateObject()
            .SelectMany(p => p.Value.EnumerateObject().Where(m => Methods.Contains(m.Name)).Select(m => (Path: p.Name, Method: m.Name, Operation: m.Value)))
            .ToList();
        Assert.True(operations.Count >= 90, $"{operations.Count} operations");

        var ids = operations.Select(o => o.Operation.TryGetProperty("operationId", out var id) ? id.GetString() : null).ToList();
        Assert.All(operations, o => Assert.True(o.Operation.TryGetProperty("operationId", out _), $"{o.Method} {o.Path} has no operationId"));
        Assert.Equal(ids.Count, ids.Distinct().Count());
        Assert.All(operations, o => Assert.False(string.IsNullOrWhiteSpace(o.Operation.TryGetProperty("summary", out var s) ? s.GetString() : null),
            $"{o.Method} {o.Path} has no summary"));

        Assert.Equal("bearer", document.GetProperty("components").GetProperty("securitySchemes").GetProperty("bearer").GetProperty("scheme").GetString());
        Assert.True(document.GetProperty("security")[0].TryGetProperty("bearer", out _));
        var token = operations.Single(o => o.Path == "/api/auth/token").Operation;
        Assert.Equal(JsonValueKind.Object, token.GetProperty("security")[0].ValueKind); // anyone may ask for a token
        Assert.Empty(token.GetProperty("security")[0].EnumerateObject());

        string[] Problems(JsonElement operation) => operation.GetProperty("responses").EnumerateObject()
            .Where(r => r.Value.TryGetProperty("content", out var c) && c.TryGetProperty("application/problem+json", out _)).Select(r => r.Name).ToArray();
        Assert.Equal(["400", "401", "403", "404", "409", "422"], Problems(operations.Single(o => o.Path == "/api/projects/{id}" && o.Method == "put").Operation));
        Assert.Equal(["400", "401", "403", "404"], Problems(operations.Single(o => o.Path == "/api/tickets/{id}" && o.Method == "get").Operation));
        // Every write may be refused by a rule (a ProblemDetails, or the import's own report of every error).
        Assert.All(operations.Where(o => o.Method != "get"), o => Assert.True(o.Operation.GetProperty("responses").TryGetProperty("422", out _), $"{o.Method} {o.Path}"));

        // Every download says what it is: the ledger export is a workbook, a ticket's attachment one of the five kinds it may be.
        string[] Files(string path) => operations.Single(o => o.Path == path).Operation.GetProperty("responses").GetProperty("200").GetProperty("content")
            .EnumerateObject().Where(c => c.Value.GetProperty("schema").TryGetProperty("format", out var f) && f.GetString() == "binary").Select(c => c.Name).ToArray();
        Assert.Equal(["application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"], Files("/api/projects/export"));
        Assert.Equal(5, Files("/api/tickets/{id}/attachments/{attachmentId}").Length);
        Assert.Contains("application/vnd.openxmlformats-officedocument.wordprocessingml.document", Files("/api/bulletins/{year}/{month}"));
        Assert.All(operations.Where(o => o.Path.EndsWith("/export", StringComparison.Ordinal) || o.Path.EndsWith("/template", StringComparison.Ordinal)),
            o => Assert.NotEmpty(Files(o.Path)));

        // A maintained linter's recommended rules, and a client generated from the document.
        var tools = Path.Combine(Repo.Root, "tools", "openapi");
        if (!File.Exists(Path.Combine(tools, "node_modules", ".bin", "redocly")))
        {
            await OfficeTools.RunAsync("npm", ["ci", "--no-audit", "--no-fund"], tools); // .ci/run installs them first
        }
        var dir = Directory.CreateTempSubdirectory("zs-openapi-");
        try
        {
            var file = Path.Combine(dir.FullName, "openapi.json");
            await File.WriteAllTextAsync(file, text);
            // No telemetry and no update check: the tool runs offline.
            var quiet = new Dictionary<string, string> { ["REDOCLY_TELEMETRY"] = "off", ["REDOCLY_SUPPRESS_UPDATE_NOTICE"] = "true" };
            var lint = JsonDocument.Parse(await OfficeTools.RunAsync(Path.Combine(tools, "node_modules", ".bin", "redocly"),
                ["lint", file, "--extends", "recommended", "--format", "json"], dir.FullName, quiet)).RootElement;
            var problems = lint.GetProperty("problems").EnumerateArray().Select(p => $"{p.GetProperty("ruleId")}: {p.GetProperty("message")}").ToList();
            Assert.True(problems.Count == 0, string.Join("\n", problems));
            var generated = Path.Combine(dir.FullName, "api.d.ts");
            await OfficeTools.RunAsync(Path.Combine(tools, "node_modules", ".bin", "openapi-typescript"), [file, "-o", generated], dir.FullName);
            var types = await File.ReadAllTextAsync(generated);
            // Untyped: a body or an answer whose schema the generator could not type, or an enum without its type.
            Assert.DoesNotContain("\": unknown;", types, StringComparison.Ordinal);
            Assert.DoesNotContain("@enum {unknown}", types, StringComparison.Ordinal);
            Assert.Contains("createProject: {", types, StringComparison.Ordinal);
        }
        finally
        {
            dir.Delete(recursive: true);
        }
    }
}
