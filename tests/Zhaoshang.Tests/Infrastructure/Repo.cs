namespace Zhaoshang.Tests.Infrastructure;

/// <summary>Where the checkout is, for tests that read the source itself.</summary>
public static class Repo
{
    public static string Root { get; } = Find();

    public static string WebProject => Path.Combine(Root, "src", "Zhaoshang.Web");

    private static string Find()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "Zhaoshang.slnx")))
            {
                return dir.FullName;
            }
        }
        throw new DirectoryNotFoundException("No Zhaoshang.slnx above " + AppContext.BaseDirectory);
    }
}
