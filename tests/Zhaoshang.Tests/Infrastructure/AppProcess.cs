using System.Diagnostics;
using System.Net;
using System.Net.Sockets;

namespace Zhaoshang.Tests.Infrastructure;

/// <summary>
/// The app started the way the README starts it (<c>dotnet run --project src/Zhaoshang.Web</c>, its launch profile, its
/// appsettings.json), as a process of its own on a free port of 127.0.0.1 with a data folder of its own. For what only a
/// real start shows: the default mode, what reaches the console, the upload folder swept at start.
/// </summary>
public sealed class AppProcess : IAsyncDisposable
{
    private readonly Process _process;
    private readonly List<string> _output = [];

    private AppProcess(Process process, Uri url, string dataDirectory)
    {
        _process = process;
        Url = url;
        DataDirectory = dataDirectory;
    }

    public Uri Url { get; }
    public string DataDirectory { get; }

    /// <summary>Everything the process wrote to its console so far.</summary>
    public string Output
    {
        get
        {
            lock (_output)
            {
                return string.Join("\n", _output);
            }
        }
    }

    /// <param name="environment">Variables as the README's sections set them (e.g. <c>Database__Provider</c>).</param>
    /// <param name="appArguments">What the README passes after <c>--</c>.</param>
    /// <param name="dataDirectory">A folder to use (prepared by the caller) instead of a new empty one.</param>
    public static async Task<AppProcess> StartAsync(IDictionary<string, string>? environment = null, string[]? appArguments = null, string? dataDirectory = null)
    {
        var port = FreePort();
        var data = dataDirectory ?? Directory.CreateTempSubdirectory("zs-process-").FullName;
        var info = new ProcessStartInfo("dotnet")
        {
            WorkingDirectory = Repo.Root,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        // The tests built the app already; a second build here would race the test run's own.
        foreach (var arg in (string[])["run", "--no-build", "--project", "src/Zhaoshang.Web", "--", "--urls", $"http://127.0.0.1:{port}", .. appArguments ?? []])
        {
            info.ArgumentList.Add(arg);
        }
        // The tests' process points uploads at a folder of its own; the app must choose its own.
        info.Environment.Remove("ASPNETCORE_TEMP");
        info.Environment["Zhaoshang__DataDirectory"] = data;
        info.Environment["DOTNET_CLI_TELEMETRY_OPTOUT"] = "1";
        info.Environment["DOTNET_NOLOGO"] = "1";
        foreach (var (key, value) in environment ?? new Dictionary<string, string>())
        {
            info.Environment[key] = value;
        }
        var process = Process.Start(info) ?? throw new InvalidOperationException("dotnet did not start.");
        var app = new AppProcess(process, new Uri($"http://127.0.0.1:{port}"), data);
        process.OutputDataReceived += (_, e) => app.Keep(e.Data);
        process.ErrorDataReceived += (_, e) => app.Keep(e.Data);
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        try
        {
            await app.WaitReadyAsync();
        }
        catch
        {
            await app.DisposeAsync();
            throw;
        }
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

    private async Task WaitReadyAsync()
    {
        using var client = new HttpClient { BaseAddress = Url, Timeout = TimeSpan.FromSeconds(5) };
        var started = Stopwatch.StartNew();
        while (started.Elapsed < TimeSpan.FromMinutes(3))
        {
            if (_process.HasExited)
            {
                throw new InvalidOperationException($"The app exited with code {_process.ExitCode}:\n{Output}");
            }
            try
            {
                if ((await client.GetAsync("/readyz")).IsSuccessStatusCode)
                {
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
            await Task.Delay(200);
        }
        throw new TimeoutException($"The app did not become ready:\n{Output}");
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
            _process.Kill(entireProcessTree: true); // dotnet run and the app it started, by this test's own handle
            await _process.WaitForExitAsync();
        }
        _process.Dispose();
        try
        {
            Directory.Delete(DataDirectory, recursive: true);
        }
        catch (IOException)
        {
            // a file still held by the dying process; the temp folder is cleaned by the OS
        }
    }
}
