namespace Lanyard.Emulator.Protocol;

/// <summary>
/// Decides whether a requested redirect URI is one the application registered. Entra compares exactly (case
/// included), with one relaxation: for <c>http://127.0.0.1</c> and <c>http://localhost</c> the port is ignored, so
/// native and local apps can listen on any free port (entra-protocol.md §2, "localhost port is relaxed").
/// </summary>
internal static class MatchRedirectUri
{
    public static bool IsRegistered(EmulatorApplication app, string requested) =>
        app.RedirectUris.Any(registered => Matches(registered, requested));

    public static bool Matches(string registered, string requested)
    {
        if (string.Equals(registered, requested, StringComparison.Ordinal))
        {
            return true;
        }

        // Compare the raw text on both sides of the port rather than parsed Uris: Uri normalises paths
        // ("/a/../b"), which would let a requested URI match a registration it does not equal.
        return TrySplitLoopback(registered, out var registeredHost, out var registeredRest)
            && TrySplitLoopback(requested, out var requestedHost, out var requestedRest)
            && string.Equals(registeredHost, requestedHost, StringComparison.OrdinalIgnoreCase)
            && string.Equals(registeredRest, requestedRest, StringComparison.Ordinal)
            && !requestedRest.Contains('#', StringComparison.Ordinal);
    }

    private static bool TrySplitLoopback(string uri, out string host, out string rest)
    {
        const string Scheme = "http://";
        host = rest = "";
        if (!uri.StartsWith(Scheme, StringComparison.OrdinalIgnoreCase))
        {
            return false;
        }

        var authorityEnd = uri.IndexOfAny(['/', '?', '#'], Scheme.Length);
        if (authorityEnd < 0)
        {
            authorityEnd = uri.Length;
        }

        var authority = uri[Scheme.Length..authorityEnd];
        rest = uri[authorityEnd..];
        var colon = authority.IndexOf(':', StringComparison.Ordinal);
        host = colon < 0 ? authority : authority[..colon];
        var port = colon < 0 ? "" : authority[(colon + 1)..];
        if (port.Length > 5 || !port.All(char.IsAsciiDigit))
        {
            return false;
        }

        return host.Equals("127.0.0.1", StringComparison.Ordinal) || host.Equals("localhost", StringComparison.OrdinalIgnoreCase);
    }
}
