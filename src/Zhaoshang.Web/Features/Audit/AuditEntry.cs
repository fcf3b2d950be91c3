using Zhaoshang.Web.Data;

namespace Zhaoshang.Web.Features.Audit;

/// <summary>
/// One append-only audit record. <see cref="Mac"/> is HMAC-SM3 over the record's content and the previous record's
/// MAC, so an edit, an insert or a removal anywhere breaks the chain from that row on.
/// </summary>
public sealed class AuditEntry : INotAudited
{
    public long Id { get; set; }
    public DateTime At { get; set; }
    public Guid? UserId { get; set; }
    public string? UserName { get; set; }
    public Guid? OrgId { get; set; }
    public string? OrgCode { get; set; }
    public string? Roles { get; set; }
    public string? Ip { get; set; }
    public required string Action { get; set; }
    public string? ObjectType { get; set; }
    public string? ObjectId { get; set; }
    public required string Result { get; set; }
    public string? Details { get; set; }
    public string Mac { get; set; } = "";
}

/// <summary>The single row that holds the chain's last id and MAC; its version serialises writers across nodes.</summary>
public sealed class AuditHead : INotAudited, ISystemWritten
{
    public int Id { get; set; }
    public long LastId { get; set; }
    public string LastMac { get; set; } = "";
    /// <summary>HMAC-SM3 over the last id and MAC, so the head cannot be moved back to hide removed records.</summary>
    public string Mac { get; set; } = "";
    public long Version { get; set; }
}

public static class AuditResults
{
    public const string Success = "success";
    public const string Failure = "failure";
    public const string Denied = "denied";
}
