using System.Runtime.CompilerServices;

namespace Zhaoshang.Tests.Infrastructure;

/// <summary>
/// Many test apps share this process, and ASP.NET Core reads ASPNETCORE_TEMP once per process: without this, every app
/// would buffer uploads in the first app's data folder, deleted when that test ends. The tests' process gets a folder of
/// its own; an app started as a process of its own (UploadBufferTests) shows the app's own folder at work.
/// </summary>
internal static class UploadTemp
{
    [ModuleInitializer]
    internal static void Initialize()
    {
        if (string.IsNullOrEmpty(Environment.GetEnvironmentVariable("ASPNETCORE_TEMP")))
        {
            Environment.SetEnvironmentVariable("ASPNETCORE_TEMP", Directory.CreateTempSubdirectory("zs-test-uploads-").FullName);
        }
    }
}
