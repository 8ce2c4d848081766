using Lanyard.Configuration;
using Microsoft.AspNetCore.Server.Kestrel.Core;

namespace Lanyard.Hosting;

internal static class KestrelListen
{
    public static void On(KestrelServerOptions kestrel, ListenAddress address)
    {
        if (address.IsAnyHost)
        {
            kestrel.ListenAnyIP(address.Port);
        }
        else if (address.IPAddress is { } ip)
        {
            kestrel.Listen(ip, address.Port);
        }
        else if (string.Equals(address.Host, "localhost", StringComparison.OrdinalIgnoreCase))
        {
            kestrel.ListenLocalhost(address.Port);
        }
        else
        {
            // A host name: listen where it resolves now, as Go's net.Listen does.
            foreach (var resolved in System.Net.Dns.GetHostAddresses(address.Host))
            {
                kestrel.Listen(resolved, address.Port);
            }
        }
    }
}
