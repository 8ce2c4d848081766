using Lanyard.Configuration.Validation;

namespace Lanyard.Tests.Configuration;

public sealed class GoDurationTests
{
    [Theory]
    [InlineData("168h0m0s", 168 * 3600)]
    [InlineData("15m", 900)]
    [InlineData("1h30m", 5400)]
    [InlineData("1.5s", 1.5)]
    [InlineData("300ms", 0.3)]
    [InlineData("0", 0)]
    [InlineData("2h45m30s", 9930)]
    public void GoDurationString_Parses(string text, double seconds)
    {
        Assert.True(GoDuration.TryParse(text, out var duration));
        Assert.Equal(TimeSpan.FromSeconds(seconds), duration);
    }

    [Theory]
    [InlineData("")]
    [InlineData("15")]
    [InlineData("1d")]
    [InlineData("h")]
    [InlineData("1h-5m")]
    public void NonDuration_IsRefused(string text) => Assert.False(GoDuration.TryParse(text, out _));
}
