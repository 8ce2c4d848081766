using System.CommandLine;
using Lanyard.Cli;
using Lanyard.Emulator;

namespace Lanyard.Tests.Cli;

/// <summary>
/// <c>lanyard emulator</c>'s own flags (issue 13) parsed into <see cref="EntraEmulatorOptions"/>: Go durations for
/// the lifetimes and the clock skew, whole seconds for lifetimes, and every bad value an error naming its flag.
/// </summary>
public sealed class EmulatorSettingsTests
{
    [Fact]
    public void NoFlags_LeaveTheDefaults()
    {
        var (options, problems) = Bind();

        Assert.Empty(problems);
        Assert.Null(options.DirectoryFile);
        Assert.Null(options.IssuerHost);
        Assert.Equal(TimeSpan.FromHours(1), options.AccessTokenLifetime);
        Assert.Equal(TimeSpan.FromHours(1), options.IdTokenLifetime);
        Assert.Equal(TimeSpan.FromDays(90), options.RefreshTokenLifetime);
        Assert.Equal(TimeSpan.Zero, options.ClockSkew);
    }

    [Fact]
    public void EveryFlag_IsParsedIntoTheOptions()
    {
        var (options, problems) = Bind(
            "--directory", "/tmp/directory.json",
            "--issuer-host", "login.microsoftonline.com",
            "--access-token-lifetime", "90m",
            "--id-token-lifetime", "1h30m15s",
            "--refresh-token-lifetime", "2160h",
            "--clock-skew", "-10m");

        Assert.Empty(problems);
        Assert.Equal("/tmp/directory.json", options.DirectoryFile);
        Assert.Equal("login.microsoftonline.com", options.IssuerHost);
        Assert.Equal(TimeSpan.FromMinutes(90), options.AccessTokenLifetime);
        Assert.Equal(new TimeSpan(1, 30, 15), options.IdTokenLifetime);
        Assert.Equal(TimeSpan.FromDays(90), options.RefreshTokenLifetime);
        Assert.Equal(TimeSpan.FromMinutes(-10), options.ClockSkew);
    }

    [Theory]
    [InlineData("--access-token-lifetime")]
    [InlineData("--id-token-lifetime")]
    [InlineData("--refresh-token-lifetime")]
    public void Lifetime_OneSecond_IsTheShortestAllowed(string flag)
    {
        var (options, problems) = Bind(flag, "1s");

        Assert.Empty(problems);
        Assert.Equal(TimeSpan.FromSeconds(1), Lifetime(options, flag));
    }

    [Theory]
    [InlineData("--access-token-lifetime", "soon")]
    [InlineData("--id-token-lifetime", "90")]
    [InlineData("--refresh-token-lifetime", "1d")]
    public void Lifetime_NotADuration_IsAnErrorNamingTheFlag(string flag, string value)
    {
        var (options, problems) = Bind(flag, value);

        Assert.Equal([$"{flag}: '{value}' is not a duration (e.g. 1h, 90m)"], problems);
        Assert.Equal(Default(flag), Lifetime(options, flag));
    }

    [Theory]
    [InlineData("--access-token-lifetime", "1500ms")]
    [InlineData("--id-token-lifetime", "500ms")]
    [InlineData("--refresh-token-lifetime", "0s")]
    [InlineData("--access-token-lifetime", "-1h")]
    public void Lifetime_NotWholePositiveSeconds_IsAnErrorNamingTheFlag(string flag, string value)
    {
        var (options, problems) = Bind(flag, value);

        Assert.Equal([$"{flag}: '{value}' must be a whole number of seconds, at least 1s"], problems);
        Assert.Equal(Default(flag), Lifetime(options, flag));
    }

    [Theory]
    [InlineData("1h30m", 90 * 60)]
    [InlineData("0s", 0)]
    [InlineData("-90s", -90)]
    public void ClockSkew_AnyDuration_IsTheOffset(string value, int seconds)
    {
        var (options, problems) = Bind("--clock-skew", value);

        Assert.Empty(problems);
        Assert.Equal(TimeSpan.FromSeconds(seconds), options.ClockSkew);
    }

    [Fact]
    public void ClockSkew_FractionalSeconds_AreKept()
    {
        var (options, problems) = Bind("--clock-skew", "1500ms");

        Assert.Empty(problems);
        Assert.Equal(TimeSpan.FromMilliseconds(1500), options.ClockSkew);
    }

    [Fact]
    public void ClockSkew_NotADuration_IsAnErrorNamingTheFlag()
    {
        var (options, problems) = Bind("--clock-skew", "ten minutes");

        Assert.Equal(["--clock-skew: 'ten minutes' is not a duration (e.g. -10m, 1h30m)"], problems);
        Assert.Equal(TimeSpan.Zero, options.ClockSkew);
    }

    [Fact]
    public void EveryBadFlag_IsReported_InFlagOrder()
    {
        var (_, problems) = Bind(
            "--clock-skew", "x",
            "--refresh-token-lifetime", "0.5s",
            "--id-token-lifetime", "y",
            "--access-token-lifetime", "z");

        Assert.Equal(
            [
                "--access-token-lifetime: 'z' is not a duration (e.g. 1h, 90m)",
                "--id-token-lifetime: 'y' is not a duration (e.g. 1h, 90m)",
                "--refresh-token-lifetime: '0.5s' must be a whole number of seconds, at least 1s",
                "--clock-skew: 'x' is not a duration (e.g. -10m, 1h30m)",
            ],
            problems);
    }

    [Fact]
    public void EmulatorCommand_ParsesTheSameFlags()
    {
        var parseResult = EmulatorCommand.Create().Parse(["--access-token-lifetime", "90m", "--issuer-host", "login.microsoftonline.com"]);

        Assert.Empty(parseResult.Errors);
        Assert.Equal("90m", parseResult.GetValue<string>("--access-token-lifetime"));
        Assert.Equal("login.microsoftonline.com", parseResult.GetValue<string>("--issuer-host"));
    }

    private static (EntraEmulatorOptions Options, List<string> Problems) Bind(params string[] args)
    {
        var settings = new EmulatorSettings();
        var command = new RootCommand();
        settings.AddTo(command);
        var parseResult = command.Parse(args);
        Assert.Empty(parseResult.Errors);
        var problems = new List<string>();
        return (settings.Bind(parseResult, problems), problems);
    }

    private static TimeSpan Lifetime(EntraEmulatorOptions options, string flag) => flag switch
    {
        "--access-token-lifetime" => options.AccessTokenLifetime,
        "--id-token-lifetime" => options.IdTokenLifetime,
        "--refresh-token-lifetime" => options.RefreshTokenLifetime,
        _ => throw new ArgumentOutOfRangeException(nameof(flag)),
    };

    private static TimeSpan Default(string flag) =>
        flag == "--refresh-token-lifetime" ? EntraEmulatorOptions.DefaultRefreshTokenLifetime : EntraEmulatorOptions.DefaultTokenLifetime;
}
