using Npgsql;
using Zhaoshang.Web.Data;

namespace Zhaoshang.Tests.Data;

/// <summary>What the app adds to the operator's connection settings, and only where the operator said nothing.</summary>
public sealed class ConnectionSettingsTests
{
    [Fact]
    public void PostgreSQL_prepares_frequent_statements_and_skips_the_pool_reset_unless_configured_otherwise()
    {
        var defaults = new NpgsqlConnectionStringBuilder(DataSetup.PostgresDefaults("Host=db;Username=zs;Database=zhaoshang"));
        Assert.Equal((32, 2, true, "db"), (defaults.MaxAutoPrepare, defaults.AutoPrepareMinUsages, defaults.NoResetOnClose, defaults.Host));

        var own = new NpgsqlConnectionStringBuilder(DataSetup.PostgresDefaults("Host=db;Max Auto Prepare=0;No Reset On Close=false;Auto Prepare Min Usages=5"));
        Assert.Equal((0, 5, false), (own.MaxAutoPrepare, own.AutoPrepareMinUsages, own.NoResetOnClose));
    }
}
