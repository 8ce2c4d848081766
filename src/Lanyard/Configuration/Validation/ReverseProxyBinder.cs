using System.Net;

namespace Lanyard.Configuration.Validation;

/// <summary><c>reverse_proxy</c>, <c>trusted_proxy_ips</c> and <c>real_client_ip_header</c>, validated as oauth2-proxy does.</summary>
internal static class ReverseProxyBinder
{
    /// <summary>The client IP headers oauth2-proxy accepts (<c>pkg/ip/realclientip.go</c>).</summary>
    private static readonly string[] ClientIpHeaders = ["X-Forwarded-For", "X-Real-IP", "X-ProxyUser-IP", "X-Envoy-External-Address", "CF-Connecting-IP"];

    public static ReverseProxyOptions Bind(SettingReader read)
    {
        var header = read.String("real_client_ip_header")?.Trim() is { Length: > 0 } text ? text : "X-Real-IP";
        var canonical = Array.Find(ClientIpHeaders, h => h.Equals(header, StringComparison.OrdinalIgnoreCase));
        if (canonical is null)
        {
            read.Fail("real_client_ip_header", $"'{header}' is not one of {string.Join(", ", ClientIpHeaders)}");
        }

        var networks = new List<IPNetwork>();
        foreach (var entry in read.List("trusted_proxy_ips"))
        {
            if (TryParseNetwork(entry, out var network))
            {
                networks.Add(network);
            }
            else
            {
                read.Fail("trusted_proxy_ips", $"'{entry}' is not an IP address or CIDR range (e.g. 10.0.0.0/8, 192.168.1.10, fd00::/8)");
            }
        }

        var enabled = read.Bool("reverse_proxy", false);
        var trustsEveryone = enabled && networks.Count == 0;
        if (trustsEveryone)
        {
            networks.AddRange([IPNetwork.Parse("0.0.0.0/0"), IPNetwork.Parse("::/0")]);
        }

        return new ReverseProxyOptions(enabled, networks, canonical ?? "X-Real-IP", trustsEveryone);
    }

    public static bool TryParseNetwork(string text, out IPNetwork network)
    {
        if (IPNetwork.TryParse(text, out network))
        {
            return true;
        }

        if (IPAddress.TryParse(text, out var address))
        {
            network = new IPNetwork(address, address.AddressFamily == System.Net.Sockets.AddressFamily.InterNetwork ? 32 : 128);
            return true;
        }

        return false;
    }
}
