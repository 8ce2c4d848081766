namespace Lanyard.Emulator;

/// <summary>Options for the offline Entra ID emulator.</summary>
public sealed class EntraEmulatorOptions
{
    /// <summary>Entra's limit for groups in a JWT (entra-protocol.md §5.2).</summary>
    public const int DefaultGroupOverageLimit = 200;

    private int _groupOverageLimit = DefaultGroupOverageLimit;

    /// <summary>
    /// Fixed base URL (scheme, host and optional path) used for issuers and endpoint URLs. When null, each request's
    /// own scheme and host are used, which is right as long as the browser and the relying party's backchannel reach
    /// the emulator by the same name; set it when they do not, or issuers will differ between discovery and tokens.
    /// </summary>
    public string? Authority { get; set; }

    /// <summary>A JSON directory file (see directory.example.json) replacing the built-in demo directory.</summary>
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
}
