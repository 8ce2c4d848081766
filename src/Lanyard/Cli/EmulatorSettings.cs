using System.CommandLine;
using Lanyard.Configuration.Validation;
using Lanyard.Emulator;

namespace Lanyard.Cli;

/// <summary>
/// The emulator's own options on the command line (issue 13): the directory file, the issuer host, token lifetimes
/// and the clock skew, as Go durations (<c>90m</c>, <c>1h</c>, <c>-10m</c>) like every other duration in Lanyard.
/// </summary>
internal sealed class EmulatorSettings
{
    private readonly Option<string> _directory = new("--directory") { Description = "JSON file with tenants, users, groups and app registrations (replaces the built-in demo directory; reloaded when it changes)" };
    private readonly Option<string> _issuerHost = new("--issuer-host") { Description = "Host name tokens and discovery name instead of the request's, e.g. login.microsoftonline.com (v1 issuers then name sts.windows.net)" };
    private readonly Option<string> _accessTokenLifetime = new("--access-token-lifetime") { Description = "Lifetime of access tokens, e.g. 1h, 90m (default 1h)" };
    private readonly Option<string> _idTokenLifetime = new("--id-token-lifetime") { Description = "Lifetime of ID tokens (default 1h)" };
    private readonly Option<string> _refreshTokenLifetime = new("--refresh-token-lifetime") { Description = "Lifetime of refresh tokens (default 2160h, 90 days)" };
    private readonly Option<string> _clockSkew = new("--clock-skew") { Description = "The emulator's clock offset from this machine's, e.g. -10m: tokens look issued ten minutes ago" };

    public void AddTo(Command command)
    {
        command.Add(_directory);
        command.Add(_issuerHost);
        command.Add(_accessTokenLifetime);
        command.Add(_idTokenLifetime);
        command.Add(_refreshTokenLifetime);
        command.Add(_clockSkew);
    }

    /// <summary>The options these flags describe, or every problem, each naming its flag.</summary>
    public EntraEmulatorOptions Bind(ParseResult parseResult, List<string> problems)
    {
        var options = new EntraEmulatorOptions
        {
            DirectoryFile = parseResult.GetValue(_directory),
            IssuerHost = parseResult.GetValue(_issuerHost),
        };
        if (Lifetime(parseResult, _accessTokenLifetime, problems) is { } access)
        {
            options.AccessTokenLifetime = access;
        }

        if (Lifetime(parseResult, _idTokenLifetime, problems) is { } id)
        {
            options.IdTokenLifetime = id;
        }

        if (Lifetime(parseResult, _refreshTokenLifetime, problems) is { } refresh)
        {
            options.RefreshTokenLifetime = refresh;
        }

        if (parseResult.GetValue(_clockSkew) is { } skew)
        {
            if (GoDuration.TryParse(skew, out var offset))
            {
                options.ClockSkew = offset;
            }
            else
            {
                problems.Add($"{_clockSkew.Name}: '{skew}' is not a duration (e.g. -10m, 1h30m)");
            }
        }

        return options;
    }

    private static TimeSpan? Lifetime(ParseResult parseResult, Option<string> option, List<string> problems)
    {
        if (parseResult.GetValue(option) is not { } text)
        {
            return null;
        }

        if (!GoDuration.TryParse(text, out var lifetime))
        {
            problems.Add($"{option.Name}: '{text}' is not a duration (e.g. 1h, 90m)");
            return null;
        }

        // Token lifetimes are whole seconds on the wire (exp - iat, expires_in).
        if (lifetime < TimeSpan.FromSeconds(1) || lifetime.Ticks % TimeSpan.TicksPerSecond != 0)
        {
            problems.Add($"{option.Name}: '{text}' must be a whole number of seconds, at least 1s");
            return null;
        }

        return lifetime;
    }
}
