using System.Net;

namespace Lanyard.IntegrationTests.Gateways;

/// <summary>What every simulated gateway does with HTTP messages: copy headers, drop hop-by-hop ones, relay answers.</summary>
internal static class GatewayMessages
{
    /// <summary>RFC 9110 §7.6.1's connection-specific headers, which a proxy never forwards.</summary>
    private static readonly HashSet<string> HopByHop = new(StringComparer.OrdinalIgnoreCase)
    {
        "Connection", "Keep-Alive", "Proxy-Authenticate", "Proxy-Authorization", "Proxy-Connection", "TE", "Trailer", "Transfer-Encoding", "Upgrade",
    };

    /// <summary>Every header of <paramref name="message"/>, content headers included, as (name, values).</summary>
    public static IEnumerable<(string Name, IReadOnlyList<string> Values)> Headers(HttpRequestMessage message) =>
        message.Headers.Concat(message.Content?.Headers ?? Enumerable.Empty<KeyValuePair<string, IEnumerable<string>>>())
            .Where(h => !HopByHop.Contains(h.Key) && !h.Key.Equals("Host", StringComparison.OrdinalIgnoreCase))
            .Select(h => (h.Key, (IReadOnlyList<string>)[.. h.Value]));

    public static IEnumerable<(string Name, IReadOnlyList<string> Values)> Headers(HttpResponseMessage message) =>
        message.Headers.Concat(message.Content.Headers)
            .Where(h => !HopByHop.Contains(h.Key))
            .Select(h => (h.Key, (IReadOnlyList<string>)[.. h.Value]));

    public static void Set(HttpRequestMessage message, string name, IEnumerable<string> values)
    {
        message.Headers.Remove(name);
        message.Headers.TryAddWithoutValidation(name, values);
    }

    /// <summary>A response to the client: <paramref name="status"/>, the chosen headers, and <paramref name="body"/>.</summary>
    public static HttpResponseMessage Answer(HttpStatusCode status, byte[] body, IEnumerable<(string Name, IReadOnlyList<string> Values)> headers)
    {
        var answer = new HttpResponseMessage(status) { Content = new ByteArrayContent(body) };
        foreach (var (name, values) in headers)
        {
            if (name.Equals("Content-Length", StringComparison.OrdinalIgnoreCase))
            {
                continue;
            }

            if (!answer.Headers.TryAddWithoutValidation(name, values))
            {
                answer.Content.Headers.TryAddWithoutValidation(name, values);
            }
        }

        return answer;
    }

    public static string NameOfCookie(string setCookie) => setCookie.Split('=', 2)[0].Trim();
}
