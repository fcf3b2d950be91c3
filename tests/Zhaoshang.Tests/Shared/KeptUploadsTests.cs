using Zhaoshang.Tests.Infrastructure;
using Zhaoshang.Web.Shared;

namespace Zhaoshang.Tests.Shared;

/// <summary>A file kept for a form that came back with an error is its user's only, by an opaque token, and a token is never a path.</summary>
public sealed class KeptUploadsTests
{
    [Fact]
    public async Task A_kept_file_is_found_by_its_user_only_and_a_token_cannot_walk_the_disk()
    {
        using var app = new TestApp();
        using var scope = app.Services.CreateScope();
        var kept = scope.ServiceProvider.GetRequiredService<KeptUploads>();
        Guid alice = Guid.CreateVersion7(), bob = Guid.CreateVersion7();
        var pdf = "%PDF-1.7\n%%EOF\n"u8.ToArray();
        var info = await kept.KeepAsync(alice, "../../环评报告.pdf", pdf, CancellationToken.None);
        Assert.Equal("环评报告.pdf", info.FileName); // the name only, never a path
        Assert.Equal(pdf, (await kept.FindAsync(alice, info.Token, CancellationToken.None))!.Value.Content);
        Assert.Null(await kept.FindAsync(bob, info.Token, CancellationToken.None));
        foreach (var forged in new[] { "../" + info.Token, info.Token.ToUpperInvariant(), "", new string('a', 32) + "/..", "../../../../etc/passwd" })
        {
            Assert.Null(await kept.FindAsync(alice, forged, CancellationToken.None));
        }
        app.Clock.Advance(TimeSpan.FromDays(2)); // kept for a day
        Assert.Null(await kept.FindAsync(alice, info.Token, CancellationToken.None));
    }
}
