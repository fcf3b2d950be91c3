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
public sealed class BenchApp(Dataset dataset) : WebApplicationFactory<Program>
{
    /// <summary>The SQL of every command the app's DbContexts run, when <see cref="Capture"/> is on.</summary>
    public CommandLog Commands { get; } = new();

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        builder.UseEnvironment("Production");
        builder.UseContentRoot(Path.Combine(Paths.Root, "src", "Zhaoshang.Web"));
        foreach (var (key, value) in dataset.AppSettings())
        {
            builder.UseSetting(key, value);
        }
        builder.ConfigureServices(services => services.ConfigureDbContext<AppDb>(o => o.AddInterceptors(Commands)));
    }

    /// <summary>A scope whose HttpContext carries this user, as the bearer handler would have set it.</summary>
    public AsyncServiceScope UserScope(ClaimsPrincipal user)
    {
        var scope = Services.CreateAsyncScope();
        scope.ServiceProvider.GetRequiredService<IHttpContextAccessor>().HttpContext =
            new DefaultHttpContext { User = user, RequestServices = scope.ServiceProvider };
        return scope;
    }

    public async Task<T> WithDbAsync<T>(Func<AppDb, Task<T>> work)
    {
        await using var scope = Services.CreateAsyncScope();
        return await work(scope.ServiceProvider.GetRequiredService<AppDb>());
    }
}

/// <summary>Records the commands EF sends (text and parameters), so the bench can print the service's SQL once.</summary>
public sealed class CommandLog : DbCommandInterceptor
{
    public bool Capture { get; set; }
    public List<string> Sql { get; } = [];

    public override ValueTask<InterceptionResult<System.Data.Common.DbDataReader>> ReaderExecutingAsync(System.Data.Common.DbCommand command,
        CommandEventData eventData, InterceptionResult<System.Data.Common.DbDataReader> result, CancellationToken cancellationToken = default)
    {
        if (Capture)
        {
            var parameters = string.Join("\n", command.Parameters.Cast<System.Data.Common.DbParameter>()
                .Select(p => $"-- {p.ParameterName} = {Describe(p.Value)}"));
            Sql.Add(parameters.Length > 0 ? parameters + "\n" + command.CommandText : command.CommandText);
        }
        return base.ReaderExecutingAsync(command, eventData, result, cancellationToken);
    }

    public override ValueTask<InterceptionResult<object>> ScalarExecutingAsync(System.Data.Common.DbCommand command, CommandEventData eventData,
        InterceptionResult<object> result, CancellationToken cancellationToken = default)
    {
        if (Capture)
        {
            Sql.Add(command.CommandText);
        }
        return base.ScalarExecutingAsync(command, eventData, result, cancellationToken);
    }

    private static string Describe(object? value) => value switch
    {
        null or DBNull => "NULL",
        string s => $"'{s}'",
        _ => Convert.ToString(value, System.Globalization.CultureInfo.InvariantCulture) ?? "",
    };
}
