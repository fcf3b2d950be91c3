using System.Diagnostics;
using System.Text.Json;
using Microsoft.Data.Sqlite;
using Npgsql;

namespace Zhaoshang.Bench;

/// <summary>What a generated dataset holds and how long it took; kept beside it as dataset.json.</summary>
public sealed record DatasetInfo(int Projects, int Seed, int FirstYear, int LastYear, Dictionary<string, long> Rows,
    double SchemaSeconds, double LoadSeconds, double IndexSeconds, double TotalSeconds, string GeneratedAt);

/// <summary>
/// A generated ledger on one provider, keyed by scale and seed: for SQLite a folder under bench/data/ (database,
/// audit key, initial credentials) that later runs reuse; for PostgreSQL a database zs_bench_p{N}_s{seed} with the
/// same folder for its key and credentials.
/// </summary>
public sealed class Dataset
{
    public const int FirstYear = 2019;
    public const int LastYear = 2025;
    public static string PostgresAdmin { get; set; } =
        Environment.GetEnvironmentVariable("ZS_BENCH_POSTGRES") ?? "Host=127.0.0.1;Port=55433;Username=postgres";

    private Dataset(Provider provider, int projects, int seed, string directory)
    {
        Provider = provider;
        Projects = projects;
        Seed = seed;
        Directory = directory;
    }

    public Provider Provider { get; }
    public int Projects { get; }
    public int Seed { get; }
    public string Directory { get; private set; }
    public string Key => $"{(Provider == Provider.Sqlite ? "sqlite" : "postgres")}-p{Projects}-s{Seed}";
    public string DatabaseName { get; private set; } = "";
    public DatasetInfo? Info { get; private set; }

    public string ConnectionString => Provider == Provider.Sqlite
        ? $"Data Source={Path.Combine(Directory, "zhaoshang.db")}"
        : new NpgsqlConnectionStringBuilder(PostgresAdmin) { Database = DatabaseName }.ConnectionString;

    public Dictionary<string, string?> AppSettings() => new()
    {
        ["Database:Provider"] = Provider == Provider.Sqlite ? "Sqlite" : "Postgres",
        ["Database:ConnectionString"] = ConnectionString,
        ["Zhaoshang:DataDirectory"] = Directory,
        ["Zhaoshang:Mode"] = "Demo",
        ["Logging:LogLevel:Default"] = "Warning",
        ["Logging:LogLevel:Microsoft.AspNetCore"] = "Warning",
        ["Logging:LogLevel:Microsoft.EntityFrameworkCore"] = "Warning",
    };

    public static string DataRoot => Path.Combine(Paths.Bench, "data");

    /// <summary>The cached dataset, generated first if missing (or if asked to).</summary>
    public static async Task<Dataset> EnsureAsync(Provider provider, int projects, int seed, bool regenerate = false)
    {
        var dataset = new Dataset(provider, projects, seed, "");
        dataset.Directory = Path.Combine(DataRoot, dataset.Key);
        dataset.DatabaseName = "zs_bench_" + dataset.Key.Replace("postgres-", "").Replace('-', '_');
        var infoFile = Path.Combine(dataset.Directory, "dataset.json");
        if (!regenerate && File.Exists(infoFile) && (provider == Provider.Sqlite || await PostgresDatabaseExistsAsync(dataset.DatabaseName)))
        {
            dataset.Info = JsonSerializer.Deserialize<DatasetInfo>(await File.ReadAllTextAsync(infoFile));
            Console.WriteLine($"dataset {dataset.Key}: cached ({Describe(dataset.Info!)})");
            return dataset;
        }
        Console.WriteLine($"dataset {dataset.Key}: generating {projects:N0} projects (seed {seed}, {FirstYear}–{LastYear})…");
        if (System.IO.Directory.Exists(dataset.Directory))
        {
            System.IO.Directory.Delete(dataset.Directory, recursive: true);
        }
        System.IO.Directory.CreateDirectory(dataset.Directory);
        if (provider == Provider.Postgres)
        {
            await RecreatePostgresDatabaseAsync(dataset.DatabaseName);
        }
        dataset.Info = await BulkLoader.LoadAsync(dataset);
        await File.WriteAllTextAsync(infoFile, JsonSerializer.Serialize(dataset.Info, new JsonSerializerOptions { WriteIndented = true }));
        Console.WriteLine($"dataset {dataset.Key}: generated ({Describe(dataset.Info)})");
        return dataset;
    }

    public static string Describe(DatasetInfo info) =>
        $"{string.Join(", ", info.Rows.Select(r => $"{r.Key} {r.Value:N0}"))}; generation {info.TotalSeconds:F1} s "
        + $"(schema+seed {info.SchemaSeconds:F1} s, rows {info.LoadSeconds:F1} s, indexes {info.IndexSeconds:F1} s) on {info.GeneratedAt}";

    /// <summary>A throwaway copy for a run that writes (sign-ins, sessions, audit records), so the cache stays as generated.</summary>
    public async Task<Dataset> CopyForRunAsync(string name)
    {
        var copy = new Dataset(Provider, Projects, Seed, Path.Combine(DataRoot, "run-" + name)) { Info = Info };
        if (System.IO.Directory.Exists(copy.Directory))
        {
            System.IO.Directory.Delete(copy.Directory, recursive: true);
        }
        System.IO.Directory.CreateDirectory(copy.Directory);
        foreach (var file in System.IO.Directory.GetFiles(Directory))
        {
            File.Copy(file, Path.Combine(copy.Directory, Path.GetFileName(file)));
        }
        if (Provider == Provider.Postgres)
        {
            copy.DatabaseName = "zs_bench_run_" + name.Replace('-', '_');
            NpgsqlConnection.ClearAllPools();
            await AdminAsync($"DROP DATABASE IF EXISTS \"{copy.DatabaseName}\" WITH (FORCE)");
            await AdminAsync($"CREATE DATABASE \"{copy.DatabaseName}\" TEMPLATE \"{DatabaseName}\"");
        }
        return copy;
    }

    public async Task DropRunCopyAsync()
    {
        if (Provider == Provider.Postgres)
        {
            NpgsqlConnection.ClearAllPools();
            await AdminAsync($"DROP DATABASE IF EXISTS \"{DatabaseName}\" WITH (FORCE)");
        }
        SqliteConnection.ClearAllPools();
        System.IO.Directory.Delete(Directory, recursive: true);
    }

    /// <summary>Drops every zs_bench_* database (PostgreSQL) or deletes the cached files (SQLite).</summary>
    public static async Task CleanAsync(Provider provider)
    {
        var prefix = provider == Provider.Sqlite ? "sqlite-" : "postgres-";
        if (provider == Provider.Postgres)
        {
            await using var connection = new NpgsqlConnection(PostgresAdmin);
            await connection.OpenAsync();
            var names = new List<string>();
            await using (var command = new NpgsqlCommand("SELECT datname FROM pg_database WHERE datname LIKE 'zs\\_bench\\_%'", connection))
            await using (var reader = await command.ExecuteReaderAsync())
            {
                while (await reader.ReadAsync())
                {
                    names.Add(reader.GetString(0));
                }
            }
            foreach (var name in names)
            {
                await AdminAsync($"DROP DATABASE IF EXISTS \"{name}\" WITH (FORCE)");
                Console.WriteLine($"dropped database {name}");
            }
        }
        if (System.IO.Directory.Exists(DataRoot))
        {
            foreach (var dir in System.IO.Directory.GetDirectories(DataRoot, prefix + "*"))
            {
                System.IO.Directory.Delete(dir, recursive: true);
                Console.WriteLine($"deleted {dir}");
            }
        }
    }

    private static async Task<bool> PostgresDatabaseExistsAsync(string name)
    {
        await using var connection = new NpgsqlConnection(PostgresAdmin);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand("SELECT 1 FROM pg_database WHERE datname = @n", connection);
        command.Parameters.AddWithValue("n", name);
        return await command.ExecuteScalarAsync() is not null;
    }

    // Subtrees are ordinal ranges of org paths: the app refuses a database without the C collation.
    private static async Task RecreatePostgresDatabaseAsync(string name)
    {
        await AdminAsync($"DROP DATABASE IF EXISTS \"{name}\" WITH (FORCE)");
        await AdminAsync($"CREATE DATABASE \"{name}\" TEMPLATE template0 ENCODING 'UTF8' LC_COLLATE 'C.UTF-8' LC_CTYPE 'C.UTF-8'");
    }

    private static async Task AdminAsync(string sql)
    {
        await using var connection = new NpgsqlConnection(PostgresAdmin);
        await connection.OpenAsync();
        // Copying the 1,000,000-project database as a template takes minutes.
        await using var command = new NpgsqlCommand(sql, connection) { CommandTimeout = 0 };
        await command.ExecuteNonQueryAsync();
    }
}

/// <summary>Where the checkout and the bench folder are (found from the binary, like the app finds its data folder).</summary>
public static class Paths
{
    public static string Root { get; } = FindRoot();
    public static string Bench => Path.Combine(Root, "bench");
    public static string Results => Path.Combine(Bench, "results");

    private static string FindRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "Zhaoshang.slnx")))
            {
                return dir.FullName;
            }
        }
        throw new InvalidOperationException("Run the bench from inside the checkout (Zhaoshang.slnx not found above " + AppContext.BaseDirectory + ").");
    }

    public static string Machine()
    {
        var cpu = File.Exists("/proc/cpuinfo")
            ? File.ReadLines("/proc/cpuinfo").FirstOrDefault(l => l.StartsWith("model name", StringComparison.Ordinal))?.Split(':', 2)[1].Trim()
            : null;
        return $"{Environment.ProcessorCount} cores ({cpu ?? "?"}), {System.Runtime.InteropServices.RuntimeInformation.OSDescription}, "
            + $".NET {Environment.Version}, commit {Git("rev-parse --short HEAD")}";
    }

    public static string Git(string args)
    {
        try
        {
            using var git = Process.Start(new ProcessStartInfo("git", $"-C \"{Root}\" {args}") { RedirectStandardOutput = true })!;
            var output = git.StandardOutput.ReadToEnd().Trim();
            git.WaitForExit();
            return output;
        }
        catch (System.ComponentModel.Win32Exception)
        {
            return "?";
        }
    }
}
