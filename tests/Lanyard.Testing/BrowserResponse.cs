using System.Net;

namespace Lanyard.Testing;

/// <summary>Where a browser ended up after following redirects, and how it got there.</summary>
public sealed record BrowserResponse(HttpStatusCode StatusCode, Uri Url, string Body, HttpResponseMessage Message, IReadOnlyList<(Uri Url, HttpStatusCode Status)> Hops)
{
    public string? Header(string name) =>
        Message.Headers.TryGetValues(name, out var values) || Message.Content.Headers.TryGetValues(name, out values)
            ? string.Join(",", values)
            : null;

    public Uri? Location => Message.Headers.Location is { } location ? new Uri(Url, location) : null;

    public IReadOnlyList<string> SetCookies =>
        Message.Headers.TryGetValues("Set-Cookie", out var values) ? [.. values] : [];
}
