namespace Lanyard.Emulator;

/// <summary>Options for the offline Entra ID emulator.</summary>
public sealed class EntraEmulatorOptions
{
    /// <summary>Entra's limit for groups in a JWT (entra-protocol.md §5.2).</summary>
    public const int DefaultGroupOverageLimit = 200;

    /// <summary>Entra's default lifetime of access and ID tokens (entra-protocol.md §3.3, §4.2).</summary>
    public static readonly TimeSpan DefaultTokenLifetime = TimeSpan.FromHours(1);

    /// <summary>Entra's default lifetime of a (non-SPA) refresh token (entra-protocol.md §3.2).</summary>
    public static readonly TimeSpan DefaultRefreshTokenLifetime = TimeSpan.FromDays(90);

    private int _groupOverageLimit = DefaultGroupOverageLimit;
    private TimeSpan _accessTokenLifetime = DefaultTokenLifetime;
    private TimeSpan _idTokenLifetime = DefaultTokenLifetime;
    private TimeSpan _refreshTokenLifetime = DefaultRefreshTokenLifetime;

    /// <summary>
    /// Fixed base URL (scheme, host and optional path) used for issuers and endpoint URLs. When null, each request's
    /// own scheme and host are used, which is right as long as the browser and the relying party's backchannel reach
    /// the emulator by the same name; set it when they do not, or issuers will differ between discovery and tokens.
    /// </summary>
    public string? Authority { get; set; }

    /// <summary>
    /// A host name (optionally with a port), such as <c>login.microsoftonline.com</c>, that issuers and endpoint URLs
    /// name instead of the request's host; the scheme and the path still come from the request. For tests that need
    /// Entra's real host names; v1 issuers then name <c>sts.windows.net</c>, as Entra's do. Not together with
    /// <see cref="Authority"/>.
    /// </summary>
    public string? IssuerHost { get; set; }

    /// <summary>Lifetime of access tokens from the token endpoint (<c>exp - iat</c> and <c>expires_in</c>); 1 hour.</summary>
    /// <exception cref="ArgumentOutOfRangeException">The value is under one second.</exception>
    public TimeSpan AccessTokenLifetime
    {
        get => _accessTokenLifetime;
        set => _accessTokenLifetime = AtLeastOneSecond(value);
    }

    /// <summary>Lifetime of ID tokens; 1 hour.</summary>
    /// <exception cref="ArgumentOutOfRangeException">The value is under one second.</exception>
    public TimeSpan IdTokenLifetime
    {
        get => _idTokenLifetime;
        set => _idTokenLifetime = AtLeastOneSecond(value);
    }

    /// <summary>Lifetime of refresh tokens; 90 days.</summary>
    /// <exception cref="ArgumentOutOfRangeException">The value is under one second.</exception>
    public TimeSpan RefreshTokenLifetime
    {
        get => _refreshTokenLifetime;
        set => _refreshTokenLifetime = AtLeastOneSecond(value);
    }

    /// <summary>
    /// How far the emulator's clock is from the clock it is given (the machine's, or a test's TimeProvider); e.g.
    /// minus ten minutes makes every token look issued ten minutes ago and judges codes, refresh tokens and client
    /// assertions by that clock too. Applied by <see cref="EntraEmulatorHost"/>,
    /// which wraps the app's <see cref="TimeProvider"/>.
    /// </summary>
    public TimeSpan ClockSkew { get; set; }

    /// <summary>
    /// A JSON directory file (see directory.example.json) replacing the built-in demo directory. It is watched: an
    /// edit that loads replaces the directory, a broken one keeps the old directory and logs why.
    /// </summary>
    public string? DirectoryFile { get; set; }

    /// <summary>
    /// A user in more groups than this gets the overage indicator (<c>_claim_names</c>/<c>_claim_sources</c>) instead
    /// of <c>groups</c> in ID and access tokens. 200 as in Entra; lower it to exercise overage with small directories.
    /// </summary>
    /// <exception cref="ArgumentOutOfRangeException">The value is negative.</exception>
    public int GroupOverageLimit
    {
        get => _groupOverageLimit;
        set
        {
            ArgumentOutOfRangeException.ThrowIfNegative(value);
            _groupOverageLimit = value;
        }
    }

    private static TimeSpan AtLeastOneSecond(TimeSpan value)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(value, TimeSpan.FromSeconds(1));
        return value;
    }
}
