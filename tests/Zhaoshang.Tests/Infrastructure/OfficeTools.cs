using System.Diagnostics;
using System.Text.Json;

namespace Zhaoshang.Tests.Infrastructure;

/// <summary>
/// The tools a bureau's documents are checked with: python-docx and openpyxl read a bulletin back, LibreOffice
/// (headless) converts the .docx to PDF. .ci/run installs them (python3-docx, python3-openpyxl, libreoffice-writer-nogui).
/// </summary>
public static class OfficeTools
{
    /// <summary>Debian's Python, where .ci/run installs python3-docx and python3-openpyxl (not a pyenv python3 on the PATH).</summary>
    private static string Python => Environment.GetEnvironmentVariable("ZS_TEST_PYTHON") is { Length: > 0 } p ? p : File.Exists("/usr/bin/python3") ? "/usr/bin/python3" : "python3";

    /// <summary>python-docx and openpyxl's reading of a .docx and an .xlsx (Assessment/read_documents.py), as JSON.</summary>
    public static async Task<JsonElement> ReadBackAsync(byte[] docx, byte[] xlsx)
    {
        var dir = Directory.CreateTempSubdirectory("zs-doc-");
        try
        {
            var docxPath = Path.Combine(dir.FullName, "bulletin.docx");
            var xlsxPath = Path.Combine(dir.FullName, "bulletin.xlsx");
            await File.WriteAllBytesAsync(docxPath, docx);
            await File.WriteAllBytesAsync(xlsxPath, xlsx);
            var script = Path.Combine(Repo.Root, "tests", "Zhaoshang.Tests", "Assessment", "read_documents.py");
            var output = await RunAsync(Python, [script, docxPath, xlsxPath], dir.FullName);
            return JsonDocument.Parse(output).RootElement.Clone();
        }
        finally
        {
            dir.Delete(recursive: true);
        }
    }

    /// <summary>The .docx converted by LibreOffice headless, as PDF bytes.</summary>
    public static async Task<byte[]> ToPdfAsync(byte[] docx)
    {
        var dir = Directory.CreateTempSubdirectory("zs-pdf-");
        try
        {
            var docxPath = Path.Combine(dir.FullName, "bulletin.docx");
            await File.WriteAllBytesAsync(docxPath, docx);
            // Its own profile directory: a run never waits on another soffice's lock.
            await RunAsync("soffice", ["-env:UserInstallation=file://" + Path.Combine(dir.FullName, "profile"), "--headless", "--convert-to", "pdf",
                "--outdir", dir.FullName, docxPath], dir.FullName);
            return await File.ReadAllBytesAsync(Path.Combine(dir.FullName, "bulletin.pdf"));
        }
        finally
        {
            dir.Delete(recursive: true);
        }
    }

    /// <summary>Runs a tool to its end (at most three minutes) and returns what it wrote; a failure throws with what it said.</summary>
    internal static async Task<string> RunAsync(string file, string[] args, string workingDirectory, IReadOnlyDictionary<string, string>? environment = null)
    {
        var start = new ProcessStartInfo(file) { RedirectStandardOutput = true, RedirectStandardError = true, WorkingDirectory = workingDirectory };
        foreach (var (name, value) in environment ?? new Dictionary<string, string>())
        {
            start.Environment[name] = value;
        }
        foreach (var a in args)
        {
            start.ArgumentList.Add(a);
        }
        using var process = Process.Start(start) ?? throw new InvalidOperationException($"{file} did not start");
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(3));
        await process.WaitForExitAsync(timeout.Token);
        if (process.ExitCode != 0)
        {
            throw new InvalidOperationException($"{file} exited with {process.ExitCode}: {await stderr}\n{await stdout}");
        }
        return await stdout;
    }
}
