using System.Security.Cryptography;

namespace Zhaoshang.Web.Shared;

/// <summary>
/// Files a form received with an error elsewhere on it: kept on the server (the data directory's own folder, one per
/// user, owner-only) so the user need not choose them again; the form carries only an opaque token, which is good for
/// its own user and for a day. Taken (read and deleted) when the form finally succeeds.
/// </summary>
public sealed class KeptUploads(AppPaths paths, TimeProvider time)
{
    public sealed record Kept(string Token, string FileName, long Size);

    private static readonly TimeSpan Lifetime = TimeSpan.FromDays(1);

    private string Folder(Guid user)
    {
        var folder = Path.Combine(paths.DataDirectory, "kept-uploads", user.ToString("N"));
        if (OperatingSystem.IsWindows())
        {
            Directory.CreateDirectory(folder);
        }
        else
        {
            Directory.CreateDirectory(folder, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        }
        return folder;
    }

    public async Task<Kept> KeepAsync(Guid user, string fileName, byte[] content, CancellationToken ct)
    {
        var folder = Folder(user);
        foreach (var old in Directory.EnumerateFiles(folder).Where(f => time.GetUtcNow().UtcDateTime - File.GetLastWriteTimeUtc(f) > Lifetime))
        {
            File.Delete(old);
        }
        var token = Convert.ToHexString(RandomNumberGenerator.GetBytes(16)).ToLowerInvariant();
        await File.WriteAllBytesAsync(Path.Combine(folder, token + ".bin"), content, ct);
        await File.WriteAllTextAsync(Path.Combine(folder, token + ".name"), Path.GetFileName(fileName), ct);
        return new Kept(token, Path.GetFileName(fileName), content.LongLength);
    }

    /// <summary>A kept file of this user by its token; null when the token is not one (or has expired).</summary>
    public async Task<(Kept Info, byte[] Content)?> FindAsync(Guid user, string token, CancellationToken ct)
    {
        if (token.Length != 32 || !token.All(char.IsAsciiHexDigitLower))
        {
            return null;
        }
        var folder = Folder(user);
        var content = Path.Combine(folder, token + ".bin");
        if (!File.Exists(content) || time.GetUtcNow().UtcDateTime - File.GetLastWriteTimeUtc(content) > Lifetime)
        {
            return null;
        }
        var bytes = await File.ReadAllBytesAsync(content, ct);
        return (new Kept(token, await File.ReadAllTextAsync(Path.Combine(folder, token + ".name"), ct), bytes.LongLength), bytes);
    }

    public void Remove(Guid user, string token)
    {
        if (token.Length == 32 && token.All(char.IsAsciiHexDigitLower))
        {
            File.Delete(Path.Combine(Folder(user), token + ".bin"));
            File.Delete(Path.Combine(Folder(user), token + ".name"));
        }
    }
}
