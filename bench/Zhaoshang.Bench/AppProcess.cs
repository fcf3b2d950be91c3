using System.Diagnostics;
using System.Net;
using System.Net.Sockets;

namespace Zhaoshang.Bench;

/// <summary>The app under an HTTP load: where it listens and how much CPU it has used.</summary>
public interface IAppServer : IAsyncDisposable
{
    Uri Url { get; }

    TimeSpan CpuTime { get; }
}

/// <summary>The app in the bench's own process (needed to swap model parts for a variant); CPU is the whole process's.</summary>
public sealed class InProcessServer(BenchApp app) : IAppServer
{
    public Uri Url => app.ClientOptions.BaseAddress;

    public TimeSpan CpuTime => Process.GetCurrentProcess().TotalProcessorTime;

    public static InProcessServer Start(Dataset dataset, string[] variants)
    {
        var app = new BenchApp(dataset, variants);
        app.UseKestrel(0);
        app.StartServer();
        Console.WriteLine($"  app (in process) on {app.ClientOptions.BaseAddress}");
        return new InProcessServer(app);
    }

    public ValueTask DisposeAsync() => app.DisposeAsync();
}

/// <summary>
/// The real app in its own process on Kestrel (127.0.0.1, a free port), built by the bench's project reference,
/// configured for a dataset by environment variables, in the Production environment.
/// </summary>
public sealed class AppProcess : IAppServer
{
    private readonly Process _process;
    private readonly List<string> _output = [];

    private AppProcess(Process process, Uri url)
    {
        _process = process;
        Url = url;
    }

    public Uri Url { get; }

    public TimeSpan CpuTime
    {
        get
        {
            _process.Refresh();
            return _process.TotalProcessorTime;
        }
    }

    /// <summary>The process's peak resident memory so far (VmHWM), in MB; <see cref="ResetPeak"/> starts a new peak.</summary>
    public long PeakMb => Status("VmHWM:");

    public long ResidentMb => Status("VmRSS:");

    /// <summary>Resets VmHWM to the current RSS (Linux: write 5 to /proc/pid/clear_refs), so a peak belongs to one operation.</summary>
    public void ResetPeak() => File.WriteAllText($"/proc/{_process.Id}/clear_refs", "5");

    private long Status(string field) =>
        long.Parse(File.ReadLines($"/proc/{_process.Id}/status").First(l => l.StartsWith(field, StringComparison.Ordinal))[field.Length..]
            .Trim().Split(' ')[0], System.Globalization.CultureInfo.InvariantCulture) / 1024;

    public static async Task<AppProcess> StartAsync(Dataset dataset, IReadOnlyDictionary<string, string>? settings = null)
    {
        var port = FreePort();
        var dll = Path.Combine(AppContext.BaseDirectory, "Zhaoshang.Web.dll");
        var info = new ProcessStartInfo("dotnet")
        {
            WorkingDirectory = Path.Combine(Paths.Root, "src", "Zhaoshang.Web"),
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        // The command line wins over appsettings.json ("Urls": 5080); plain environment variables do too.
        foreach (var arg in new[] { dll, "--urls", $"http://127.0.0.1:{port}", "--contentRoot", info.WorkingDirectory })
        {
            info.ArgumentList.Add(arg);
        }
        info.Environment["ASPNETCORE_ENVIRONMENT"] = "Production";
        foreach (var (key, value) in dataset.AppSettings().Concat(settings?.Select(x => KeyValuePair.Create(x.Key, (string?)x.Value)) ?? []))
        {
            info.Environment[key.Replace(":", "__")] = value;
        }
        var process = Process.Start(info) ?? throw new InvalidOperationException("dotnet did not start.");
        var app = new AppProcess(process, new Uri($"http://127.0.0.1:{port}"));
        process.OutputDataReceived += (_, e) => app.Keep(e.Data);
        process.ErrorDataReceived += (_, e) => app.Keep(e.Data);
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        await app.WaitReadyAsync();
        return app;
    }

    private void Keep(string? line)
    {
        if (line is not null)
        {
            lock (_output)
            {
                _output.Add(line);
            }
        }
    }

    public string Output()
    {
        lock (_output)
        {
            return string.Join("\n", _output.TakeLast(40));
        }
    }

    private async Task WaitReadyAsync()
    {
        using var client = new HttpClient { BaseAddress = Url, Timeout = TimeSpan.FromSeconds(5) };
        var started = Stopwatch.StartNew();
        while (started.Elapsed < TimeSpan.FromMinutes(3))
        {
            if (_process.HasExited)
            {
                throw new InvalidOperationException($"The app exited with code {_process.ExitCode}:\n{Output()}");
            }
            try
            {
                if ((await client.GetAsync("/healthz")).IsSuccessStatusCode)
                {
                    Console.WriteLine($"  app ready on {Url} after {started.Elapsed.TotalSeconds:F1} s (pid {_process.Id})");
                    return;
                }
            }
            catch (HttpRequestException)
            {
                // not listening yet
            }
            catch (TaskCanceledException)
            {
                // busy starting
            }
            await Task.Delay(250);
        }
        throw new TimeoutException($"The app did not become ready:\n{Output()}");
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    public async ValueTask DisposeAsync()
    {
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true); // the process this bench started, by its own handle
            await _process.WaitForExitAsync();
        }
        _process.Dispose();
    }
}
