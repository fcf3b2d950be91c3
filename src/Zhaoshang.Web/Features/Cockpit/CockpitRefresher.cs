using System.Security.Claims;

namespace Zhaoshang.Web.Features.Cockpit;

/// <summary>
/// Reads stale tiles again in the background, each as the reader it belongs to (their scope, unit and roles), and keeps
/// them for the next read. A tile is read once at a time however many ask; at most half the cores read at once, so
/// that the readers in front keep theirs. A failed read leaves the tile as it was (asked again by its next reader).
/// </summary>
public sealed class CockpitRefresher(IServiceScopeFactory scopes, IHttpContextAccessor http, CockpitCache cache, IHostApplicationLifetime life,
    ILogger<CockpitRefresher> log)
{
    private readonly SemaphoreSlim _readers = new(Math.Max(1, Environment.ProcessorCount / 2));

    public void Queue(string key, string tileKey, CockpitScope scope, ClaimsPrincipal user)
    {
        if (!cache.BeginRefresh(key))
        {
            return;
        }
        // Not in the request's flow: the reader's HTTP context must stay theirs, and ends with their request.
        using (ExecutionContext.SuppressFlow())
        {
            _ = Task.Run(() => RefreshAsync(key, tileKey, scope, user));
        }
    }

    private async Task RefreshAsync(string key, string tileKey, CockpitScope scope, ClaimsPrincipal user)
    {
        var ct = life.ApplicationStopping;
        try
        {
            await _readers.WaitAsync(ct);
            try
            {
                await using var services = scopes.CreateAsyncScope();
                http.HttpContext = new DefaultHttpContext { User = user, RequestServices = services.ServiceProvider };
                var tile = services.ServiceProvider.GetServices<ICockpitTile>().First(t => t.Key == tileKey);
                await CockpitService.ReadAsync(cache, key, tile, scope, ct);
            }
            finally
            {
                http.HttpContext = null;
                _readers.Release();
            }
        }
        catch (OperationCanceledException) when (ct.IsCancellationRequested)
        {
        }
        catch (Exception e)
        {
            log.LogWarning(e, "The cockpit tile {Tile} could not be read again; it is served as it was until its next reader asks.", tileKey);
        }
        finally
        {
            cache.EndRefresh(key);
        }
    }
}
