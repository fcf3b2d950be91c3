using Microsoft.EntityFrameworkCore;
using Zhaoshang.Web.Features.Activities;

namespace Zhaoshang.Web.Data;

/// <summary>The activities' part of the context.</summary>
public sealed partial class AppDb
{
    public DbSet<Activity> Activities => Set<Activity>();
    public DbSet<ActivityOffice> ActivityOffices => Set<ActivityOffice>();
}
