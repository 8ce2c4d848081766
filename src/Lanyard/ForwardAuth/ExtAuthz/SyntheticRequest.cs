using System.Net;
using System.Text;
using Envoy.Service.Auth.V3;
using Lanyard.Pipeline;
using Microsoft.Extensions.Primitives;

namespace Lanyard.ForwardAuth.ExtAuthz;

/// <summary>
/// The HTTP request an Envoy <c>CheckRequest</c> describes, as a <see cref="DefaultHttpContext"/> the forward-auth
/// handler judges like any other: method, host, scheme, path and query (from <c>:path</c>, the raw request target),
/// the lower-cased headers (cookie and authorization among them), the client's address, and the route's
/// <c>context_extensions</c> under <see cref="ExtAuthzContext.ContextExtensions"/>.
/// </summary>
internal static class SyntheticRequest
{
    /// <summary>The context, or the reason the request cannot be judged (INVALID_ARGUMENT).</summary>
    public static (HttpContext? Context, string? Error) From(CheckRequest check, IServiceProvider services)
    {
        if (check.Attributes?.Request?.Http is not { } http)
        {
            return (null, "attributes.request.http is missing: Lanyard judges HTTP requests only");
        }

        var target = http.Path.Length > 0 ? http.Path : Header(http, ":path");
        if (target is null || !target.StartsWith('/'))
        {
            return (null, "attributes.request.http.path must be the request target, starting with '/'");
        }

        var host = http.Host.Length > 0 ? http.Host : Header(http, ":authority");
        if (string.IsNullOrEmpty(host))
        {
            return (null, "attributes.request.http.host is missing");
        }

        var method = http.Method.Length > 0 ? http.Method : Header(http, ":method") ?? HttpMethods.Get;
        if (!HttpMethodToken.IsValid(method))
        {
            // As a forwarded method on the HTTP path: it goes into rules and logs, so it must be a token.
            return (null, "attributes.request.http.method is not an HTTP method");
        }

        var context = new DefaultHttpContext { RequestServices = services };
        var request = context.Request;
        request.Method = method;
        request.Scheme = http.Scheme is "https" or "http" ? http.Scheme : "http";
        request.Host = HostString.FromUriComponent(host);
        request.Protocol = http.Protocol.Length > 0 ? http.Protocol : "HTTP/1.1";

        var end = target.AsSpan().IndexOfAny('?', '#');
        request.Path = PathString.FromUriComponent(end >= 0 ? target[..end] : target);
        var query = target.IndexOf('?', StringComparison.Ordinal) is var q and >= 0 ? target[q..] : "";
        var fragment = query.IndexOf('#', StringComparison.Ordinal);
        request.QueryString = QueryString.FromUriComponent(fragment >= 0 ? query[..fragment] : query);

        foreach (var (name, value) in Headers(http))
        {
            request.Headers.Append(name, value);
        }

        if (check.Attributes.Source?.Address?.SocketAddress is { } peer && IPAddress.TryParse(peer.Address, out var address))
        {
            context.Connection.RemoteIpAddress = address;
            context.Connection.RemotePort = (int)peer.PortValue;
        }

        if (http.Id.Length > 0)
        {
            context.TraceIdentifier = http.Id;
        }

        context.Response.Body = new MemoryStream();
        context.Items[ExtAuthzContext.ContextExtensions] = check.Attributes.ContextExtensions.ToDictionary(StringComparer.Ordinal);
        // The URL the gateway asks about, as a trusted gateway's X-Forwarded-Uri says it on /oauth2/auth: only a
        // gateway can reach this listener, and no header of the client's is read for it.
        var hash = target.IndexOf('#', StringComparison.Ordinal);
        ForwardedUri.Set(context, hash >= 0 ? target[..hash] : target, request.Method);
        return (context, null);
    }

    /// <summary>
    /// The request's headers without Envoy's pseudo headers: the <c>headers</c> map, or <c>header_map</c> when Envoy
    /// sends raw headers (<c>encode_raw_headers</c>).
    /// </summary>
    private static IEnumerable<(string Name, StringValues Value)> Headers(AttributeContext.Types.HttpRequest http)
    {
        if (http.Headers.Count > 0)
        {
            return http.Headers.Where(h => !h.Key.StartsWith(':')).Select(h => (h.Key, new StringValues(h.Value)));
        }

        return http.HeaderMap?.Headers
            .Where(h => !h.Key.StartsWith(':'))
            .Select(h => (h.Key, new StringValues(h.Value.Length > 0 ? h.Value : Encoding.UTF8.GetString(h.RawValue.Span)))) ?? [];
    }

    private static string? Header(AttributeContext.Types.HttpRequest http, string name)
    {
        if (http.Headers.TryGetValue(name, out var value))
        {
            return value;
        }

        return http.HeaderMap?.Headers.FirstOrDefault(h => h.Key == name) is { } raw
            ? raw.Value.Length > 0 ? raw.Value : Encoding.UTF8.GetString(raw.RawValue.Span)
            : null;
    }
}
