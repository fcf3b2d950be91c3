using System.Security.Claims;

namespace Zhaoshang.Web.Data;

/// <summary>
/// Who is acting and which rows they may see: the org subtree of the signed-in user. Outside a request (start-up,
/// hosted jobs) the system acts and sees everything; inside a request without a user nothing is visible until code
/// that must work before sign-in (the login itself) opens <see cref="AsSystem"/>.
/// </summary>
public sealed class CurrentUser(IHttpContextAccessor accessor)
{
    public const string OrgIdClaim = "zs:org";
    public const string OrgPathClaim = "zs:org_path";
    public const string ReadPathClaim = "zs:read_path";
    public const string WritePathClaim = "zs:write_path";
    public const string OrgCodeClaim = "zs:org_code";
    public const string SessionClaim = "zs:sid";

    private const string NothingVisible = "\u0001";
    private int _system;

    private ClaimsPrincipal? Principal => accessor.HttpContext?.User;
    private bool IsAuthenticated => Principal?.Identity?.IsAuthenticated == true;

    public Guid? Id => Guid.TryParse(Principal?.FindFirstValue(ClaimTypes.NameIdentifier), out var id) ? id : null;
    public string? UserName => IsAuthenticated ? Principal!.Identity!.Name : null;
    public Guid? OrgId => Guid.TryParse(Principal?.FindFirstValue(OrgIdClaim), out var id) ? id : null;
    public string? OrgCode => Principal?.FindFirstValue(OrgCodeClaim);
    /// <summary>The path of the user's own org: where the user writes.</summary>
    public string? OrgPath => IsAuthenticated ? Principal!.FindFirstValue(OrgPathClaim) : null;

    /// <summary>The subtree the user reads: their org's, or for an org that coordinates its level, that level's.</summary>
    public string? ReadPath => IsAuthenticated ? Principal!.FindFirstValue(ReadPathClaim) ?? OrgPath : null;
    public Guid? SessionId => Guid.TryParse(Principal?.FindFirstValue(SessionClaim), out var id) ? id : null;
    public IReadOnlyList<string> Roles => Principal?.FindAll(ClaimTypes.Role).Select(c => c.Value).ToList() ?? [];
    public string? Ip => accessor.HttpContext?.Connection.RemoteIpAddress?.ToString();

    public bool IsInRole(string role) => Principal?.IsInRole(role) == true;

    /// <summary>Refuses the operation unless the caller holds one of the roles (system work always may).</summary>
    public void Require(params string[] roles)
    {
        if (accessor.HttpContext is not null && !roles.Any(IsInRole))
        {
            throw Shared.DomainException.Forbidden("您的角色不能执行此操作。");
        }
    }

    public bool ScopeAll => _system > 0 || accessor.HttpContext is null;

    /// <summary>The subtree the caller reads (the scope filter's).</summary>
    public string ScopePath => ReadPath ?? NothingVisible;

    /// <summary>
    /// The subtree the caller writes: their own org's unless the session says otherwise (the accounts decide: a
    /// coordinating bureau reads its level but writes only its own rows; an assessor writes where it reads).
    /// </summary>
    public string WritePath => (IsAuthenticated ? Principal!.FindFirstValue(WritePathClaim) ?? OrgPath : null) ?? NothingVisible;

    /// <summary>Whether a row with this org path is inside the caller's scope.</summary>
    public bool CanSee(string orgPath) => ScopeAll || orgPath.StartsWith(ScopePath, StringComparison.Ordinal);

    /// <summary>Whether the caller may write a row with this org path.</summary>
    public bool CanWrite(string orgPath) => ScopeAll || orgPath.StartsWith(WritePath, StringComparison.Ordinal);

    /// <summary>Lifts the scope for the duration of a system operation (sign-in, seeding); dispose to restore.</summary>
    public IDisposable AsSystem()
    {
        Interlocked.Increment(ref _system);
        return new Release(this);
    }

    private sealed class Release(CurrentUser owner) : IDisposable
    {
        private int _done;
        public void Dispose()
        {
            if (Interlocked.Exchange(ref _done, 1) == 0)
            {
                Interlocked.Decrement(ref owner._system);
            }
        }
    }
}
