using System.Security.Claims;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Diagnostics;
using Microsoft.Extensions.DependencyInjection;
using Zhaoshang.Web.Data;

namespace Zhaoshang.Bench;

/// <summary>
/// The real app in process (its Program: composition, migrations, demo seeding) over a dataset, without a socket.
/// The loader uses it to create the schema; the ledger bench to call services exactly as a request would.
/// </summary>
public sealed class BenchApp(Dataset dataset, string[]? variants = null, Action<IServiceCollection>? configure = null) : WebApplicationFactory<Program>
{
    /// <summary>The SQL of every command the app's DbContexts run, when <see cref="CommandLog.Capture"/> is on.</summary>
    public CommandLog Commands { get; } = new();

    /// <summary>How many LINQ queries EF had to compile (each one a miss of its query cache).</summary>
    public QueryCompilations Compilations { get; } = new();

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        builder.UseEnvironment("Production");
        builder.UseContentRoot(Path.Combine(Paths.Root, "src", "Zhaoshang.Web"));
        foreach (var (key, value) in dataset.AppSettings())
        {
            builder.UseSetting(key, value);
        }
        if (configure is not null)
        {
            builder.ConfigureServices(configure);
        }
        builder.ConfigureServices(services => services.ConfigureDbContext<AppDb>(o =>
        {
            o.AddInterceptors(Commands, Compilations);
            if (variants?.Contains("sqlite-cache") == true)
            {
                o.AddInterceptors(new SqliteCachePragma());
            }
            if (variants?.Contains("range-scope") == true)
            {
                o.ReplaceService<Microsoft.EntityFrameworkCore.Infrastructure.IModelCustomizer, RangeScopeCustomizer>();
            }
        }));
    }

    /// <summary>
    /// The app on a bench's clock, without its own jobs: they would sweep on their own schedule in the middle of a
    /// measurement (a bench runs the sweeps itself).
    /// </summary>
    public static Action<IServiceCollection> OnClock(BenchClock clock) => services =>
    {
        foreach (var job in services.Where(d => d.ServiceType == typeof(Microsoft.Extensions.Hosting.IHostedService)
            && (d.ImplementationType == typeof(Zhaoshang.Web.Features.Majors.MajorJobs) || d.ImplementationType == typeof(Zhaoshang.Web.Features.Tickets.TicketJobs)
                || d.ImplementationType == typeof(Zhaoshang.Web.Features.Notifications.WebhookSender)
                || d.ImplementationType == typeof(Zhaoshang.Web.Features.Cockpit.DigestJob))).ToList())
        {
            services.Remove(job);
        }
        services.AddSingleton<TimeProvider>(clock);
    };

    /// <summary>A scope whose HttpContext carries this user, as the bearer handler would have set it.</summary>
    public AsyncServiceScope UserScope(ClaimsPrincipal user)
    {
        var scope = Services.CreateAsyncScope();
        scope.ServiceProvider.GetRequiredService<IHttpContextAccessor>().HttpContext =
            new DefaultHttpContext { User = user, RequestServices = scope.ServiceProvider };
        return scope;
    }

    /// <summary>A signed-in user's principal, as the bearer handler would build it from the session.</summary>
    public async Task<ClaimsPrincipal> PrincipalAsync(string userName, string role)
    {
        var (user, org) = await WithDbAsync(async db =>
        {
            var u = await db.Users.AsNoTracking().FirstAsync(x => x.UserName == userName);
            return (u, await db.Orgs.AsNoTracking().FirstAsync(o => o.Id == u.OrgId));
        });
        return new Zhaoshang.Web.Features.Accounts.SessionPrincipal(Guid.CreateVersion7(), user.Id, userName, user.DisplayName, org.Id, org.Code, org.Name,
            org.Path, org.Path, [role], false, DateTime.MaxValue, TimeSpan.FromMinutes(30)).ToPrincipal(Zhaoshang.Web.Features.Accounts.AccountsSetup.BearerScheme);
    }

    public async Task<T> WithDbAsync<T>(Func<AppDb, Task<T>> work)
    {
        await using var scope = Services.CreateAsyncScope();
        return await work(scope.ServiceProvider.GetRequiredService<AppDb>());
    }
}

/// <summary>The app's clock, set by a bench: a sweep's "today" is a chosen day.</summary>
public sealed class BenchClock(DateTimeOffset now) : TimeProvider
{
    public DateTimeOffset Now { get; set; } = now;

    public override DateTimeOffset GetUtcNow() => Now.ToUniversalTime();
}

/// <summary>A command EF sent: its text and parameter values, to print and to EXPLAIN again.</summary>
public sealed record CapturedCommand(string Sql, IReadOnlyList<(string Name, object? Value)> Parameters)
{
    public override string ToString() =>
        string.Concat(Parameters.Select(p => $"-- {p.Name} = {Describe(p.Value)}\n")) + Sql;

    private static string Describe(object? value) => value switch
    {
        null or DBNull => "NULL",
        string s => $"'{s}'",
        Array a => "{" + string.Join(", ", a.Cast<object?>().Select(Describe)) + "}",
        _ => Convert.ToString(value, System.Globalization.CultureInfo.InvariantCulture) ?? "",
    };
}

/// <summary>Records the commands EF sends while <see cref="Capture"/> is on, so the bench can show (and explain) the service's SQL.</summary>
public sealed class CommandLog : DbCommandInterceptor
{
    private readonly Dictionary<System.Data.Common.DbCommand, (int Index, long Start)> _open = [];

    public bool Capture { get; set; }
    public List<CapturedCommand> Commands { get; } = [];

    /// <summary>Each captured command's time from execution to its reader's disposal (the rows read), in ms.</summary>
    public List<double> Milliseconds { get; } = [];

    public override ValueTask<InterceptionResult<System.Data.Common.DbDataReader>> ReaderExecutingAsync(System.Data.Common.DbCommand command,
        CommandEventData eventData, InterceptionResult<System.Data.Common.DbDataReader> result, CancellationToken cancellationToken = default)
    {
        if (Capture)
        {
            Commands.Add(new CapturedCommand(command.CommandText,
                command.Parameters.Cast<System.Data.Common.DbParameter>().Select(p => (p.ParameterName, (object?)p.Value)).ToList()));
            Milliseconds.Add(double.NaN);
            _open[command] = (Commands.Count - 1, System.Diagnostics.Stopwatch.GetTimestamp());
        }
        return base.ReaderExecutingAsync(command, eventData, result, cancellationToken);
    }

    public override InterceptionResult DataReaderDisposing(System.Data.Common.DbCommand command, DataReaderDisposingEventData eventData, InterceptionResult result)
    {
        if (_open.Remove(command, out var open))
        {
            Milliseconds[open.Index] = System.Diagnostics.Stopwatch.GetElapsedTime(open.Start).TotalMilliseconds;
        }
        return base.DataReaderDisposing(command, eventData, result);
    }

    public void Clear()
    {
        Commands.Clear();
        Milliseconds.Clear();
        _open.Clear();
    }
}

/// <summary>Counts EF query compilations: in a steady loop of the same query shapes it should stay flat.</summary>
public sealed class QueryCompilations : IQueryExpressionInterceptor
{
    private int _count;

    public int Count => _count;

    public System.Linq.Expressions.Expression QueryCompilationStarting(System.Linq.Expressions.Expression queryExpression, QueryExpressionEventData eventData)
    {
        Interlocked.Increment(ref _count);
        return queryExpression;
    }
}
