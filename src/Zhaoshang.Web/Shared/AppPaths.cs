namespace Zhaoshang.Web.Shared;

/// <summary>
/// Where the app keeps its files (SQLite database, audit key, initial credentials). Default: <c>data/</c> at the root
/// of the source checkout when running from one (beside Zhaoshang.slnx), else beside the app.
/// </summary>
public sealed class AppPaths
{
    public AppPaths(IConfiguration config, IHostEnvironment env)
    {
        var configured = config["Zhaoshang:DataDirectory"];
        DataDirectory = string.IsNullOrWhiteSpace(configured)
            ? Path.Combine(FindCheckoutRoot(env.ContentRootPath) ?? env.ContentRootPath, "data")
            : Path.GetFullPath(configured, env.ContentRootPath);
        if (OperatingSystem.IsWindows())
        {
            Directory.CreateDirectory(DataDirectory);
        }
        else if (!Directory.Exists(DataDirectory))
        {
            // The database, the audit key and the first passwords live here: owner only.
            Directory.CreateDirectory(DataDirectory, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        }
    }

    public string DataDirectory { get; }

    public string File(string name) => Path.Combine(DataDirectory, name);

    /// <summary>Where uploads are buffered while a request reads them: the data directory's own, owner only.</summary>
    public string UploadDirectory => Path.Combine(DataDirectory, "tmp");

    /// <summary>
    /// Uploaded workbooks and attachments larger than the form's memory buffer are written to a temporary file while the
    /// request reads them (ASP.NET Core's ASPNETCORE_TEMP, by default the system's temp folder, readable by anyone there).
    /// They go to the data directory's own folder instead, and a file left by a process that was killed mid-upload is
    /// removed at the next start (等保: 剩余信息保护). An operator's own ASPNETCORE_TEMP is left alone.
    /// </summary>
    public void PrepareUploadDirectory()
    {
        if (!string.IsNullOrEmpty(Environment.GetEnvironmentVariable("ASPNETCORE_TEMP")))
        {
            return;
        }
        if (OperatingSystem.IsWindows())
        {
            Directory.CreateDirectory(UploadDirectory);
        }
        else
        {
            // Private even where an operator made the folder beforehand.
            Directory.CreateDirectory(UploadDirectory, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
            System.IO.File.SetUnixFileMode(UploadDirectory, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        }
        foreach (var left in Directory.EnumerateFiles(UploadDirectory))
        {
            System.IO.File.Delete(left); // an open file (another node's upload in flight) stays readable to its owner on Unix
        }
        Environment.SetEnvironmentVariable("ASPNETCORE_TEMP", UploadDirectory);
    }

    private static string? FindCheckoutRoot(string start)
    {
        for (var dir = new DirectoryInfo(start); dir is not null; dir = dir.Parent)
        {
            if (System.IO.File.Exists(Path.Combine(dir.FullName, "Zhaoshang.slnx")))
            {
                return dir.FullName;
            }
        }
        return null;
    }

    /// <summary>Writes a file readable by its owner only (mode 600), as the credentials and keys must be.</summary>
    public static void WriteSecretFile(string path, string contents)
    {
        var options = new FileStreamOptions { Mode = FileMode.Create, Access = FileAccess.Write };
        if (!OperatingSystem.IsWindows())
        {
            options.UnixCreateMode = UnixFileMode.UserRead | UnixFileMode.UserWrite;
        }
        using (var stream = new FileStream(path, options))
        using (var writer = new StreamWriter(stream, new System.Text.UTF8Encoding(false)))
        {
            writer.Write(contents);
        }
        if (!OperatingSystem.IsWindows())
        {
            System.IO.File.SetUnixFileMode(path, UnixFileMode.UserRead | UnixFileMode.UserWrite);
        }
    }
}
