using System.Diagnostics.CodeAnalysis;
using Npgsql;

namespace Zhaoshang.Tests.Infrastructure;

/// <summary>A throwaway database: a SQLite file in a temp folder, or a fresh PostgreSQL database dropped afterwards.</summary>
[SuppressMessage("Security", "CA2100", Justification = "The database name is generated here, never input.")]
public sealed class TestDatabase : IDisposable
{
    public TestDatabase(Db provider, string folder)
    {
        Provider = provider;
        if (provider == Db.Sqlite)
        {
            ConnectionString = $"Data Source={Path.Combine(folder, "test.db")}";
            return;
        }
        var admin = new NpgsqlConnectionStringBuilder(Prerequisites.RequirePostgres());
        _adminConnectionString = admin.ConnectionString;
        _name = "zs_test_" + Guid.CreateVersion7().ToString("N");
        using (var connection = new NpgsqlConnection(_adminConnectionString))
        {
            connection.Open();
            using var command = new NpgsqlCommand($"CREATE DATABASE \"{_name}\"", connection);
            command.ExecuteNonQuery();
        }
        ConnectionString = new NpgsqlConnectionStringBuilder(_adminConnectionString) { Database = _name }.ConnectionString;
    }

    private readonly string? _adminConnectionString;
    private readonly string? _name;

    public Db Provider { get; }
    public string ConnectionString { get; }
    public string ProviderName => Provider == Db.Sqlite ? "Sqlite" : "Postgres";

    public void Dispose()
    {
        if (_name is null)
        {
            return;
        }
        NpgsqlConnection.ClearAllPools();
        using var connection = new NpgsqlConnection(_adminConnectionString);
        connection.Open();
        using var command = new NpgsqlCommand($"DROP DATABASE IF EXISTS \"{_name}\" WITH (FORCE)", connection);
        command.ExecuteNonQuery();
    }
}
