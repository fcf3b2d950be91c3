using Zhaoshang.Web.Data;
using Zhaoshang.Web.Features.Accounts;
using Zhaoshang.Web.Shared;
using Microsoft.EntityFrameworkCore;

namespace Zhaoshang.Web.Features.Cockpit;

/// <summary>
/// A number on the cockpit, with its unit. <see cref="Href"/> is the page that lists what makes it; <see cref="ApiHref"/>
/// the API answer it equals: its <c>total</c>, or the field <see cref="ApiField"/> names (a number, or a list counted;
/// <c>cells[status=behind]</c> counts the list's items whose field has that value). A rate made of two other figures
/// names them in <see cref="Of"/> (part, whole) instead.
/// </summary>
public sealed record CockpitFigure(string Key, string Label, decimal? Value, string Unit, string Href, string? ApiHref = null, string? ApiField = null,
    string? Tone = null, string[]? Of = null);

/// <summary>A chart under a tile's figures: labels and one or more series (the same numbers, in a table below it).</summary>
public sealed record CockpitChart(string Kind, IReadOnlyList<string> Labels, IReadOnlyList<CockpitSeries> Series)
{
    /// <summary>A map chart's boundary file (its address).</summary>
    public string? Map { get; init; }
}

public sealed record CockpitSeries(string Name, IReadOnlyList<decimal?> Values);

/// <summary>
/// A tile: its figures and the time they were read. <see cref="Refreshing"/>: a change came since, and the tile is
/// being read again in the background (its figures are those of <see cref="AsOf"/>).
/// </summary>
public sealed record CockpitTile(string Key, string Title, IReadOnlyList<CockpitFigure> Figures, DateTime AsOf, CockpitChart? Chart = null, string? Note = null)
{
    public bool Refreshing { get; init; }
}

/// <summary>
/// What the tiles are read for: the caller's scope (named), the year, the period's end (today within the year), and the
/// figure the map is coloured by.
/// </summary>
public sealed record CockpitScope(string Name, int Year, DateOnly From, DateOnly To, DateOnly Today, string? Map = null, Guid? OrgId = null)
{
    public string PeriodCode => $"m{To.Month}";
}

/// <summary>The cockpit of a scope (named, and its unit where it is one) for a year to a day: its tiles, read as of the earliest.</summary>
public sealed record CockpitView(string Scope, int Year, DateOnly To, DateTime AsOf, IReadOnlyList<CockpitTile> Tiles, Guid? ScopeOrgId = null);

/// <summary>
/// One tile of the cockpit. The tile set is data: each capability registers its tiles (<c>AddCockpitTile&lt;T&gt;()</c>)
/// and the cockpit shows those, in <see cref="Order"/>; a new capability adds a tile, not a page.
/// </summary>
public interface ICockpitTile
{
    string Key { get; }
    int Order { get; }
    /// <summary>Whether the caller's roles read what the tile shows.</summary>
    bool For(CurrentUser user) => Roles.Ledger.Any(user.IsInRole);
    Task<CockpitTile> BuildAsync(CockpitScope scope, CancellationToken ct);
}

/// <summary>
/// Tiles already read, by reader and year. One is fresh while no change was signalled since it was read (a ledger
/// change: <see cref="ChangeSignal"/>, this node's own commits on SQLite) and it is younger than
/// <see cref="CockpitOptions.MaxAgeSeconds"/> (the tables the signal does not watch: tickets, plans, facts). A stale one
/// is kept with how long it took to read, so that a slow tile can be served as it was while it is read again
/// (<see cref="CockpitRefresher"/>). Its "as of" time says when it was read. Bounded: a full store is emptied.
/// </summary>
public sealed class CockpitCache(ChangeSignal signal)
{
    private const int Capacity = 5_000;
    private readonly System.Collections.Concurrent.ConcurrentDictionary<string, Kept> _tiles = new(StringComparer.Ordinal);
    private readonly System.Collections.Concurrent.ConcurrentDictionary<string, byte> _refreshing = new(StringComparer.Ordinal);

    /// <summary>A tile kept: the signal's version it was read at, and how long reading it took.</summary>
    public sealed record Kept(long Version, CockpitTile Tile, TimeSpan Took)
    {
        public bool FreshAt(long version, DateTime now, TimeSpan maxAge) => Version == version && now - Tile.AsOf < maxAge;
    }

    public long Version => signal.Version;

    /// <summary>The tile kept under the key, fresh or not.</summary>
    public Kept? Find(string key) => _tiles.GetValueOrDefault(key);

    public void Keep(string key, long version, CockpitTile tile, TimeSpan took)
    {
        if (_tiles.Count >= Capacity)
        {
            _tiles.Clear();
        }
        _tiles[key] = new Kept(version, tile, took);
    }

    /// <summary>Marks the key as being read again; false when it already is.</summary>
    public bool BeginRefresh(string key) => _refreshing.TryAdd(key, 0);

    public void EndRefresh(string key) => _refreshing.TryRemove(key, out _);

    /// <summary>How many tiles are being read again now.</summary>
    public int Refreshing => _refreshing.Count;

    /// <summary>Forgets every tile (the bench's cold reads).</summary>
    public void Clear() => _tiles.Clear();
}

public sealed class CockpitOptions
{
    /// <summary>How long a tile read is served again when nothing the signal watches changed.</summary>
    public int MaxAgeSeconds { get; set; } = 120;

    /// <summary>
    /// The first screen's budget after a change: a stale tile is read again at once while, by the time it took last,
    /// the screen stays within this many milliseconds; the others are served as they were (with their time, marked as
    /// being updated) and read again in the background. Negative: every stale tile is read at once.
    /// </summary>
    public int RefreshBehindMs { get; set; } = 300;

    /// <summary>The hour (China time) from which yesterday's digest is sent to the leaders.</summary>
    public int DigestHour { get; set; } = 7;

    /// <summary>Whether the group robots get the province's daily digest too (off unless the operator turns it on).</summary>
    public bool DigestToRobots { get; set; }
}

/// <summary>The leader's cockpit (驾驶舱): every registered tile the caller may read, for their scope and a year.</summary>
public sealed class CockpitService(AppDb db, CurrentUser currentUser, IEnumerable<ICockpitTile> tiles, TimeProvider time, CockpitCache cache,
    CockpitRefresher refresher, IHttpContextAccessor http, Microsoft.Extensions.Options.IOptions<CockpitOptions> options)
{
    /// <summary>The years the pages offer: this one and the four before, newest first.</summary>
    public static int[] Years(TimeProvider time) => [.. Enumerable.Range(time.Today().Year - 4, 5).Reverse()];

    public async Task<CockpitView> GetAsync(int? year, CancellationToken ct = default, string? map = null)
    {
        currentUser.Require(Roles.Ledger);
        var today = time.Today();
        var y = year ?? today.Year;
        if (y < 2000 || y > today.Year)
        {
            throw DomainException.Invalid("year", "年度须在 2000 年至 {0} 年之间。", today.Year);
        }
        var to = y == today.Year ? today : new DateOnly(y, 12, 31);
        map = MapTile.Measures.Any(m => m.Key == map) ? map : MapTile.Measures[0].Key;
        var (name, orgId) = await ScopeOrgAsync(ct);
        var scope = new CockpitScope(name, y, new DateOnly(y, 1, 1), to, today, map, orgId);
        var built = new List<CockpitTile>();
        // A tile is the reader's: their scope, their unit (a department sees its own tickets) and their roles.
        var reader = $"{currentUser.OrgId}|{(currentUser.ScopeAll ? "*" : currentUser.ScopePath)}|{string.Join(',', Roles.Ledger.Where(currentUser.IsInRole))}|{y}|{today:yyyy-MM-dd}|{map}";
        var maxAge = TimeSpan.FromSeconds(options.Value.MaxAgeSeconds);
        var behind = options.Value.RefreshBehindMs;
        // Never inside a transaction: it may hold changes of its own that others do not see.
        var cacheable = db.Database.CurrentTransaction is null;
        var started = System.Diagnostics.Stopwatch.GetTimestamp();
        foreach (var tile in tiles.Where(t => t.For(currentUser)).OrderBy(t => t.Order))
        {
            var key = reader + "|" + tile.Key;
            var kept = cacheable ? cache.Find(key) : null;
            if (kept is not null && kept.FreshAt(cache.Version, time.GetUtcNow().UtcDateTime, maxAge))
            {
                built.Add(kept.Tile);
                continue;
            }
            // A tile that would take the screen over its budget is served as it was read, marked, while it is read again.
            if (kept is not null && behind >= 0 && (System.Diagnostics.Stopwatch.GetElapsedTime(started) + kept.Took).TotalMilliseconds >= behind
                && http.HttpContext?.User is { } user)
            {
                refresher.Queue(key, tile.Key, scope, user);
                built.Add(kept.Tile with { Refreshing = true });
                continue;
            }
            built.Add(await ReadAsync(cacheable ? cache : null, key, tile, scope, ct));
        }
        return new CockpitView(scope.Name, y, to, built.Min(t => (DateTime?)t.AsOf) ?? time.GetUtcNow().UtcDateTime, built, scope.OrgId);
    }

    /// <summary>Reads a tile and keeps it (in the signal's version taken before reading: a change during the read makes it stale).</summary>
    internal static async Task<CockpitTile> ReadAsync(CockpitCache? cache, string key, ICockpitTile tile, CockpitScope scope, CancellationToken ct)
    {
        var version = cache?.Version ?? 0;
        var started = System.Diagnostics.Stopwatch.GetTimestamp();
        var read = await tile.BuildAsync(scope, ct);
        cache?.Keep(key, version, read, System.Diagnostics.Stopwatch.GetElapsedTime(started));
        return read;
    }

    /// <summary>The unit whose subtree the caller reads (its name heads the page; tiles read its figures).</summary>
    private async Task<(string Name, Guid? OrgId)> ScopeOrgAsync(CancellationToken ct)
    {
        if (currentUser.ScopeAll)
        {
            return ("全部", null);
        }
        var path = currentUser.ScopePath;
        var org = await db.Orgs.AsNoTracking().Where(o => o.Path == path).Select(o => new { o.Name, o.Id }).FirstOrDefaultAsync(ct);
        return (org?.Name ?? "", org?.Id);
    }
}

public static class CockpitSetup
{
    public static IServiceCollection AddCockpitTile<T>(this IServiceCollection services) where T : class, ICockpitTile =>
        services.AddScoped<ICockpitTile, T>();

    public static WebApplicationBuilder AddCockpit(this WebApplicationBuilder builder)
    {
        builder.Services.AddScoped<CockpitService>();
        builder.Services.AddSingleton<CockpitCache>();
        builder.Services.AddSingleton<CockpitRefresher>();
        builder.Services.AddScoped<DailyDigest>();
        builder.Services.AddHostedService<DigestJob>();
        builder.Services.AddOptions<CockpitOptions>().Bind(builder.Configuration.GetSection("Cockpit"));
        builder.Services.AddSingleton<Boundaries>();
        builder.Services.AddCockpitTile<MapTile>();
        builder.Services.AddCockpitTile<StagesTile>();
        builder.Services.AddCockpitTile<RatesTile>();
        builder.Services.AddCockpitTile<SigningsTile>();
        builder.Services.AddCockpitTile<StalledTile>();
        builder.Services.AddCockpitTile<TargetsTile>();
        builder.Services.AddCockpitTile<FundsTile>();
        builder.Services.AddCockpitTile<MajorsTile>();
        builder.Services.AddCockpitTile<ProblemsTile>();
        builder.Services.AddCockpitTile<AppealsTile>();
        return builder;
    }

    public static IEndpointRouteBuilder MapCockpitApi(this IEndpointRouteBuilder app)
    {
        app.MapGet("/api/cockpit", async (int? year, string? map, CockpitService cockpit, CancellationToken ct) => TypedResults.Ok(await cockpit.GetAsync(year, ct, map)))
            .WithTags("Cockpit").WithName("cockpit").WithSummary("驾驶舱：本人数据范围内各项指标，每个数字附其明细清单地址；map 选择分布图的指标");
        var maps = app.MapGroup("/api/maps").WithTags("Cockpit");
        maps.MapGet("/{code}", (string code, Boundaries boundaries) => boundaries.Find(code) is { } file
                ? Results.File(file.Path, "application/geo+json", enableRangeProcessing: false)
                : Results.NotFound())
            .WithName("getBoundaries").WithSummary("单位下级的边界文件（GeoJSON；示意图，不作为权属依据）").RequireAuthorization();
        maps.MapPut("/{code}", async (string code, IFormFile file, Boundaries boundaries, Audit.AuditLog audit, CancellationToken ct) =>
            {
                var features = await boundaries.ReplaceAsync(code, file.OpenReadStream(), ct);
                await audit.WriteAsync("boundary.replace", Audit.AuditResults.Success, "Boundary", code, new { file = file.FileName, bytes = file.Length, features }, ct: ct);
                return TypedResults.Ok(new { features });
            })
            .WithName("replaceBoundaries").WithSummary("以官方边界文件（审图号）替换随系统提供的文件（系统管理员）").RequireAuthorization(Accounts.Policies.SysAdmin).DisableAntiforgery();
        maps.MapDelete("/{code}", async (string code, Boundaries boundaries, Audit.AuditLog audit, CancellationToken ct) =>
            {
                boundaries.Reset(code);
                await audit.WriteAsync("boundary.reset", Audit.AuditResults.Success, "Boundary", code, ct: ct);
                return TypedResults.NoContent();
            })
            .WithName("resetBoundaries").WithSummary("恢复随系统提供的边界文件（系统管理员）").RequireAuthorization(Accounts.Policies.SysAdmin);
        return app;
    }
}
