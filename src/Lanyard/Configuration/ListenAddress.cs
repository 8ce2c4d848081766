using System.Globalization;
using System.Net;

namespace Lanyard.Configuration;

/// <summary>
/// Where to listen: oauth2-proxy's <c>[http://]host:port</c>. An empty host (<c>:4180</c>) means every interface,
/// as Go's listener reads it.
/// </summary>
internal sealed record ListenAddress(string Host, int Port)
{
    public bool IsAnyHost => Host.Length == 0 || Host is "0.0.0.0" or "::" or "[::]";

    public IPAddress? IPAddress => IPAddress.TryParse(Host.Trim('[', ']'), out var ip) ? ip : null;

    /// <summary>A URL for people to open; "any host" is shown as 127.0.0.1.</summary>
    public string ToDisplayUrl(string scheme = "http") => $"{scheme}://{(IsAnyHost ? "127.0.0.1" : Host)}:{Port.ToString(CultureInfo.InvariantCulture)}";

    public static bool TryParse(string text, out ListenAddress? address, out string? error)
    {
        address = null;
        var value = text.Trim();
        if (value.StartsWith("http://", StringComparison.OrdinalIgnoreCase))
        {
            value = value["http://".Length..];
        }
        else if (value.StartsWith("https://", StringComparison.OrdinalIgnoreCase))
        {
            value = value["https://".Length..];
        }
        else if (value.Contains("://", StringComparison.Ordinal))
        {
            error = "only [http(s)://]host:port addresses are supported (unix:// and fd: listeners are not yet)";
            return false;
        }

        var colon = value.LastIndexOf(':');
        if (colon < 0 || !int.TryParse(value[(colon + 1)..], NumberStyles.None, CultureInfo.InvariantCulture, out var port) || port > 65535)
        {
            error = $"'{text}' is not host:port (for example 127.0.0.1:4180 or :4180)";
            return false;
        }

        var host = value[..colon];
        if (host.Length > 0 && host != "localhost" && System.Net.IPAddress.TryParse(host.Trim('[', ']'), out _) is false
            && Uri.CheckHostName(host) == UriHostNameType.Unknown)
        {
            error = $"'{host}' is not a host name or IP address";
            return false;
        }

        address = new ListenAddress(host, port);
        error = null;
        return true;
    }
}
