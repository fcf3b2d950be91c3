using Microsoft.EntityFrameworkCore;
using Zhaoshang.Web.Features.Enterprises;

namespace Zhaoshang.Web.Data;

/// <summary>The enterprises' part of the context (configured in <see cref="EnterpriseConfiguration"/>).</summary>
public sealed partial class AppDb
{
    public DbSet<Enterprise> Enterprises => Set<Enterprise>();
    public DbSet<EnterpriseContact> EnterpriseContacts => Set<EnterpriseContact>();
}
