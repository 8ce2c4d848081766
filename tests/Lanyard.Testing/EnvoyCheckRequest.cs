using Envoy.Config.Core.V3;
using Envoy.Service.Auth.V3;

namespace Lanyard.Testing;

/// <summary>
/// A <c>CheckRequest</c> as Envoy's ext_authz filter sends one for a client's request: method, path (the raw
/// target), host and scheme in <c>attributes.request.http</c>, the same as <c>:authority</c>/<c>:path</c> pseudo
/// headers, the client's lower-cased headers, its address as the source peer, and the route's
/// <c>context_extensions</c> (here only <c>rule_set</c>, when given).
/// </summary>
public static class EnvoyCheckRequest
{
    public static CheckRequest For(string method, string path, string host, string? ruleSet = null, string peer = "203.0.113.7", params (string Name, string Value)[] headers)
    {
        var http = new AttributeContext.Types.HttpRequest { Method = method, Path = path, Host = host, Scheme = "https", Protocol = "HTTP/1.1" };
        http.Headers.Add(":authority", host);
        http.Headers.Add(":path", path);
        http.Headers.Add(":method", method);
        foreach (var (name, value) in headers)
        {
            http.Headers.Add(name, value);
        }

        var check = new CheckRequest
        {
            Attributes = new AttributeContext
            {
                Source = new AttributeContext.Types.Peer { Address = new Address { SocketAddress = new SocketAddress { Address = peer, PortValue = 51234 } } },
                Request = new AttributeContext.Types.Request { Http = http },
            },
        };
        if (ruleSet is not null)
        {
            check.Attributes.ContextExtensions["rule_set"] = ruleSet;
        }

        return check;
    }
}
