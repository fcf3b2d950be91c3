using Microsoft.AspNetCore.Identity.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore;
using Zhaoshang.Web.Features.Accounts;

namespace Zhaoshang.Web.Data;

/// <summary>The accounts' part of the context: an Identity context (users, roles, their claims), with sessions and password histories.</summary>
public sealed partial class AppDb(DbContextOptions<AppDb> options) : IdentityDbContext<AppUser, AppRole, Guid>(options)
{
    public DbSet<PasswordHistory> PasswordHistories => Set<PasswordHistory>();
    public DbSet<UserSession> UserSessions => Set<UserSession>();
}
