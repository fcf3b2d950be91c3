using System.Text;
using Microsoft.EntityFrameworkCore;
using Zhaoshang.Web.Shared;

namespace Zhaoshang.Web.Data;

/// <summary>An account made at first start, with its one-time password (written to the credentials file only).</summary>
public sealed record InitialCredential(string UserName, string Password, string Role, string OrgCode, string OrgName);

/// <summary>What each seed is told of this start, and where it leaves what the next ones need.</summary>
public sealed class SeedContext(IServiceProvider services, bool demo, bool demoLedger, bool newDatabase, bool firstStart, DateTime now)
{
    public IServiceProvider Services { get; } = services;
    public AppDb Db => Services.GetRequiredService<AppDb>();

    /// <summary>The operator chose demo data (<c>Zhaoshang:Mode</c> = <c>Demo</c>).</summary>
    public bool Demo { get; } = demo;

    /// <summary>In demo mode, the demo ledger too (<c>Zhaoshang:DemoLedger</c>, on unless turned off).</summary>
    public bool DemoLedger { get; } = demoLedger;

    /// <summary>No migration had been applied before this start.</summary>
    public bool NewDatabase { get; } = newDatabase;

    /// <summary>No account exists yet: the org tree and the first accounts are made now.</summary>
    public bool FirstStart { get; } = firstStart;

    public DateTime Now { get; } = now;

    /// <summary>Set by the ledger's demo seed when it wrote the demo ledger in this start: the demo targets and tickets follow it.</summary>
    public bool DemoLedgerCreated { get; set; }

    public List<InitialCredential> Credentials { get; } = [];
}

/// <summary>
/// One feature's part of a start: reference data it needs (added where missing), and on a first start or in demo mode
/// what it makes. Each feature registers its own; they run in <see cref="Order"/>.
/// </summary>
public interface ISeed
{
    /// <summary>Lower first: the audit chain (0), reference data (10–19), the org tree (20), accounts (40), demo data (100+).</summary>
    int Order { get; }

    Task SeedAsync(SeedContext context, CancellationToken ct);
}

/// <summary>
/// Applies the migrations, then runs every feature's <see cref="ISeed"/> in order; the accounts a first start made are
/// written with their passwords to data/initial-credentials.txt (mode 600), never to the console.
/// </summary>
public static class Seeder
{
    public const string CredentialsFile = "initial-credentials.txt";

    public static async Task InitializeDatabaseAsync(this WebApplication app)
    {
        using var scope = app.Services.CreateScope();
        var services = scope.ServiceProvider;
        var db = services.GetRequiredService<AppDb>();
        // A migration rewrites whole tables (a province's ledger: millions of rows), so it gets hours, not the 30 s of a query.
        db.Database.SetCommandTimeout(TimeSpan.FromHours(2));
        var newDatabase = !(await db.Database.GetAppliedMigrationsAsync()).Any();
        var migrating = (await db.Database.GetPendingMigrationsAsync()).Any();
        await db.Database.MigrateAsync();
        db.Database.SetCommandTimeout(null);
        if (migrating)
        {
            await SqlitePragmas.CheckpointAsync(db, CancellationToken.None);
        }
        await CheckOrdinalCollationAsync(db);
        var config = services.GetRequiredService<IConfiguration>();
        var demo = IsDemo(config);
        var context = new SeedContext(services, demo, demo && config.GetValue("Zhaoshang:DemoLedger", true), newDatabase,
            firstStart: !await db.Users.AnyAsync(), services.GetRequiredService<TimeProvider>().GetUtcNow().UtcDateTime);
        foreach (var seed in services.GetServices<ISeed>().OrderBy(s => s.Order))
        {
            await seed.SeedAsync(context, CancellationToken.None);
        }
        if (context.Credentials.Count > 0)
        {
            var paths = services.GetRequiredService<AppPaths>();
            var file = paths.File(CredentialsFile);
            var text = new StringBuilder();
            foreach (var c in context.Credentials)
            {
                text.Append(c.UserName).Append('\t').Append(c.Password).Append('\t').Append(c.Role).Append('\t')
                    .Append(c.OrgCode).Append('\t').Append(c.OrgName).Append('\n');
            }
            AppPaths.WriteSecretFile(file, text.ToString());
            // The passwords go to the private file only: a console is often collected into logs. Said here is where they are.
            Console.WriteLine($"Zhaoshang: {context.Credentials.Count} initial accounts created ({(demo ? "demo" : "production")} mode); "
                + $"their user names and one-time passwords are in {file} (mode 600).");
        }
    }

    /// <summary>
    /// Subtrees are queried as ordinal ranges of org paths (<see cref="OrgPaths"/>), so PostgreSQL must compare text
    /// byte by byte: a database created with a language collation (zh_CN, en_US) would silently lose rows.
    /// </summary>
    private static async Task CheckOrdinalCollationAsync(AppDb db)
    {
        if (db.Database.IsNpgsql()
            && !(await db.Database.SqlQueryRaw<bool>("SELECT ('/1/' < '/10' AND 'B' < 'a' AND '-' < '/') AS \"Value\"").ToListAsync()).Single())
        {
            throw new InvalidOperationException(
                "The PostgreSQL database must use the C collation (createdb --lc-collate=C.UTF-8 --lc-ctype=C.UTF-8 -T template0): org subtrees are ordinal ranges.");
        }
    }

    /// <summary>
    /// Demo data only when the operator chose it (<c>Zhaoshang:Mode</c> = <c>Demo</c>): an unset mode is production on
    /// either database, so a deployment never gets the demo org tree and accounts by default.
    /// </summary>
    public static bool IsDemo(IConfiguration config)
    {
        var mode = config["Zhaoshang:Mode"]?.Trim();
        if (string.IsNullOrEmpty(mode) || mode.Equals("Production", StringComparison.OrdinalIgnoreCase))
        {
            return false;
        }
        if (mode.Equals("Demo", StringComparison.OrdinalIgnoreCase))
        {
            return true;
        }
        throw new InvalidOperationException($"Zhaoshang:Mode must be Demo or Production, not '{mode}'.");
    }
}
