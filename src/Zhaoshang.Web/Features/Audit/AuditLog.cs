using Zhaoshang.Web.Shared;
using System.Text.Json;
using Zhaoshang.Web.Data;

namespace Zhaoshang.Web.Features.Audit;

/// <summary>Who an audit event is about when it is not the signed-in user (a login attempt, a system job).</summary>
public sealed record AuditActor(Guid? UserId, string? UserName, Guid? OrgId, string? OrgCode, string? Roles);

/// <summary>
/// Writes audit events (logins, denials, admin actions, imports, exports) in their own unit of work, so an event is
/// kept even when the operation it describes fails and rolls back.
/// </summary>
public sealed class AuditLog(IServiceScopeFactory scopes, CurrentUser currentUser, TimeProvider time) : IDeniedAccessLog
{
    private static readonly JsonSerializerOptions Json = new()
    {
        Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
    };

    public async Task WriteAsync(string action, string result, string? objectType = null, string? objectId = null,
        object? details = null, AuditActor? actor = null, CancellationToken ct = default)
    {
        var entry = new AuditEntry
        {
            At = time.GetUtcNow().UtcDateTime,
            UserId = actor is null ? currentUser.Id : actor.UserId,
            UserName = actor is null ? currentUser.UserName ?? "system" : actor.UserName,
            OrgId = actor is null ? currentUser.OrgId : actor.OrgId,
            OrgCode = actor is null ? currentUser.OrgCode : actor.OrgCode,
            Roles = actor is null ? string.Join(',', currentUser.Roles) : actor.Roles,
            Ip = currentUser.Ip,
            Action = action,
            ObjectType = objectType,
            ObjectId = objectId,
            Result = result,
            Details = details is null ? null : details as string ?? JsonSerializer.Serialize(details, Json),
        };
        using var scope = scopes.CreateScope();
        var db = scope.ServiceProvider.GetRequiredService<AppDb>();
        db.AuditEntries.Add(entry);
        await db.SaveChangesAsync(ct);
    }

    /// <summary>A refusal of the caller, with what was asked and why (every 403 the error handler answers).</summary>
    public Task DeniedAsync(HttpContext context, string reason, CancellationToken ct) =>
        WriteAsync("access.denied", AuditResults.Denied, "Endpoint", null, new { method = context.Request.Method, path = context.Request.Path.Value, reason }, ct: ct);

    /// <summary>An import's outcome on the trail (rows, created, updated, unchanged, errors), the report handed back as it was.</summary>
    public async Task<ImportReport> ImportedAsync(string objectType, ImportReport report, CancellationToken ct)
    {
        await WriteAsync("import", report.Ok ? AuditResults.Success : AuditResults.Failure, objectType, null,
            new { report.Rows, report.Created, report.Updated, report.Unchanged, errors = report.Errors.Count }, ct: ct);
        return report;
    }
}
