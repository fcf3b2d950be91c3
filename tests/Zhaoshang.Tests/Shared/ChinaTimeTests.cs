using AngleSharp.Html.Parser;
using Zhaoshang.Tests.Infrastructure;
using Zhaoshang.Tests.Tickets;
using Zhaoshang.Web.Shared;

namespace Zhaoshang.Tests.Shared;

/// <summary>
/// The platform's day is China's whatever zone the server runs in: at 07:00 on 1 January in China it is still 31
/// December in Los Angeles and in UTC. The assessment and the target tables open on China's year and month.
/// </summary>
public sealed class ChinaTimeTests
{
    [Fact]
    public void Days_and_times_are_Chinas_whatever_the_servers_zone()
    {
        var clock = new TestClock { Zone = TimeZoneInfo.FindSystemTimeZoneById("America/Los_Angeles") };
        clock.Advance(new DateTimeOffset(2027, 1, 1, 7, 0, 0, TimeSpan.FromHours(8)) - clock.GetUtcNow());
        Assert.Equal(new DateOnly(2026, 12, 31), DateOnly.FromDateTime(clock.GetLocalNow().DateTime)); // the server's own day: 15:00 on the 31st
        Assert.Equal(new DateOnly(2027, 1, 1), clock.Today());
        var utc = new DateTime(2026, 12, 31, 23, 0, 0, DateTimeKind.Unspecified); // stored without its kind
        Assert.Equal("2027-01-01 07:00", ChinaTime.Format(utc));
        Assert.Equal(new DateOnly(2027, 1, 1), ChinaTime.Day(utc));
        Assert.Equal(new DateTime(2026, 12, 31, 16, 0, 0), ChinaTime.StartUtc(new DateOnly(2027, 1, 1)));
    }

    [Fact]
    public async Task The_assessment_and_the_targets_open_on_Chinas_today_on_a_server_in_another_zone()
    {
        using var app = new TestApp();
        app.Clock.Zone = TimeZoneInfo.FindSystemTimeZoneById("America/Los_Angeles");
        app.SetChinaTime(new DateTime(2027, 1, 1, 7, 0, 0));
        Assert.Equal(2026, app.Clock.GetLocalNow().Year);

        var client = await app.SignInAsync("assessor.gy");

        var assessment = new HtmlParser().ParseDocument(await client.GetStringAsync("/Assessment"));
        Assert.Contains("2027年", assessment.QuerySelector("#assessment-scope")!.TextContent);
        Assert.Equal("m1", assessment.QuerySelector("select[name=period] option[selected]")!.GetAttribute("value"));
        var targets = new HtmlParser().ParseDocument(await client.GetStringAsync("/Assessment/Targets"));
        Assert.Contains("2027年", targets.QuerySelector("#targets-title")!.ParentElement!.TextContent);
    }
}
