using Microsoft.EntityFrameworkCore;
using Zhaoshang.Web.Features.Orgs;

namespace Zhaoshang.Web.Data;

/// <summary>The orgs' part of the context.</summary>
public sealed partial class AppDb
{
    public DbSet<Org> Orgs => Set<Org>();
}
