namespace Zhaoshang.Web.Features.Accounts;

/// <summary>
/// The role ids used by the API and the credentials file. The three admin roles (三员) are exclusive: a user with one
/// of them holds no other role.
/// </summary>
public static class Roles
{
    public const string SysAdmin = "sysadmin";
    public const string SecAdmin = "secadmin";
    public const string AuditAdmin = "auditadmin";
    public const string Leader = "leader";
    public const string Officer = "officer";
    public const string Handler = "handler";
    public const string Enterprise = "enterprise";

    /// <summary>The leading-group office's staff (领导小组办公室): targets, rules and the monthly close of their subtree.</summary>
    public const string Assessor = "assessor";

    /// <summary>Every role but the enterprise account, as an authorization list: the government's own pages.</summary>
    public const string Government = SysAdmin + "," + SecAdmin + "," + AuditAdmin + "," + Leader + "," + Officer + "," + Handler + "," + Assessor;

    /// <summary>Who reads the ledger (projects, enterprises, activities): leaders, officers and departments — as an authorization list.</summary>
    public const string LedgerReaders = Leader + "," + Officer + "," + Handler;

    /// <summary>Who reads the ledger, as a list for a service's check.</summary>
    public static readonly string[] Ledger = [Leader, Officer, Handler];

    /// <summary>The government's working staff: the ledger's readers and the assessors (the assessment, the tickets' figures).</summary>
    public static readonly string[] Staff = [Leader, Officer, Handler, Assessor];

    public static readonly string[] Admin = [SysAdmin, SecAdmin, AuditAdmin];
    public static readonly string[] Business = [Leader, Officer, Handler, Assessor, Enterprise];
    public static readonly string[] All = [.. Admin, .. Business];

    public static bool IsAdmin(string role) => Admin.Contains(role);

    public static string ChineseName(string role) => role switch
    {
        SysAdmin => "系统管理员",
        SecAdmin => "安全管理员",
        AuditAdmin => "审计管理员",
        Leader => "领导",
        Officer => "招商专员",
        Handler => "部门经办人",
        Enterprise => "企业用户",
        Assessor => "考核管理员",
        _ => role,
    };
}

/// <summary>Authorization policy names, one per kind of work.</summary>
public static class Policies
{
    public const string SysAdmin = "sysadmin";
    public const string SecAdmin = "secadmin";
    public const string AuditAdmin = "auditadmin";
    /// <summary>User administration pages readable by the system and the security admin.</summary>
    public const string UserAdmin = "useradmin";
}
