using Zhaoshang.Web.Features.Cockpit;

namespace Zhaoshang.Web.Features.EntryCodes;

/// <summary>一码投: what the scope's entry codes brought this year, scans → intentions → leads → signings.</summary>
public sealed class EntryCodesTile(EntryCodeService codes, TimeProvider time) : ICockpitTile
{
    public string Key => "entryCodes";
    public int Order => 70;

    public async Task<CockpitTile> BuildAsync(CockpitScope scope, CancellationToken ct)
    {
        var view = await codes.ConversionAsync(scope.From, scope.To, ct);
        var (from, to) = (scope.From.ToString("yyyy-MM-dd"), scope.To.ToString("yyyy-MM-dd"));
        var page = $"/EntryCodes?from={from}&to={to}";
        var api = $"/api/entry-codes/conversion?from={from}&to={to}";
        var t = view.Total;
        var figures = new List<CockpitFigure>
        {
            new("scans", "扫码", t.Scans, "次", page, api, "total.scans"),
            new("intentions", "投资意向", t.Intentions, "条", $"/EntryCodes/Intentions", api, "total.intentions"),
            new("leads", "形成线索", t.Leads, "个", page, api, "total.leads"),
            new("signed", "已签约", t.Signed, "个", page, api, "total.signed", t.Signed > 0 ? "success" : null),
        };
        return new CockpitTile(Key, "一码投", figures, time.GetUtcNow().UtcDateTime,
            // Per channel (the code's kind), as a small table under the figures.
            Chart: view.Kinds.Count == 0 ? null : new CockpitChart("table", [.. view.Kinds.Select(k => k.KindName)],
                [new("扫码（次）", [.. view.Kinds.Select(k => (decimal?)k.Scans)]), new("意向（条）", [.. view.Kinds.Select(k => (decimal?)k.Intentions)]),
                 new("签约（个）", [.. view.Kinds.Select(k => (decimal?)k.Signed)])]),
            Note: t.Codes == 0 ? "本范围尚未制作投资入口二维码" : null);
    }
}
