namespace Zhaoshang.Web.Shared;

/// <summary>
/// Keys for one purpose each (field encryption, the Data Protection key ring), derived from the platform's master key,
/// which is kept outside the database (the audit feature holds it: <c>AuditChain</c>).
/// </summary>
public interface IKeyRing
{
    byte[] DeriveKey(string purpose, int length);
}

/// <summary>
/// Where a refusal of the caller is recorded (the audit trail): the error handler reports each one, whatever endpoint
/// raised it.
/// </summary>
public interface IDeniedAccessLog
{
    Task DeniedAsync(HttpContext context, string reason, CancellationToken ct);
}
