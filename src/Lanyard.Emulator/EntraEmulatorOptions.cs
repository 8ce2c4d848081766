namespace Lanyard.Emulator;

/// <summary>Options for the offline Entra ID emulator.</summary>
public sealed class EntraEmulatorOptions
{
    /// <summary>
    /// Fixed base URL (scheme, host and optional path) used for issuers and endpoint URLs. When null, each request's
    /// own scheme and host are used, which is right as long as the browser and the relying party's backchannel reach
    /// the emulator by the same name; set it when they do not, or issuers will differ between discovery and tokens.
    /// </summary>
    public string? Authority { get; set; }

    /// <summary>A JSON directory file (see directory.example.json) replacing the built-in demo directory.</summary>
    public string? DirectoryFile { get; set; }
}
