using Microsoft.AspNetCore.Connections.Features;

namespace Lanyard.Headers;

/// <summary>
/// Remembers, per HTTP/1.x connection, one value computed from a request header (a session cookie's hash, a bearer
/// token's hash), so a keep-alive connection that repeats the header does not pay for it again: Kestrel hands out
/// the previous request's string instance when a header's bytes repeat (<c>KestrelServerOptions.DisableStringReuse</c>
/// is off by default), and the bench's profile put the per-request SHA-256 of a 3 KB cookie at ~5% of Lanyard's CPU.
/// A hit needs the very same string instance, and strings are immutable: it can never answer for another header value,
/// whatever the server does. HTTP/2 and HTTP/3 connections run requests concurrently over one items dictionary, which
/// is not thread-safe, so they compute every time.
/// </summary>
/// <typeparam name="T">The computed value; the memo instance itself is the connection item's key.</typeparam>
internal sealed class ConnectionHeaderMemo<T> where T : struct
{
    private sealed record Entry(string Header, T Value);

    public bool TryGet(HttpContext context, string header, out T value)
    {
        if (Items(context) is { } items && items.TryGetValue(this, out var stored) && stored is Entry entry && ReferenceEquals(entry.Header, header))
        {
            value = entry.Value;
            return true;
        }

        value = default;
        return false;
    }

    public void Set(HttpContext context, string header, T value)
    {
        if (Items(context) is { } items)
        {
            items[this] = new Entry(header, value);
        }
    }

    private static IDictionary<object, object?>? Items(HttpContext context) =>
        HttpProtocol.IsHttp11(context.Request.Protocol) || HttpProtocol.IsHttp10(context.Request.Protocol)
            ? context.Features.Get<IConnectionItemsFeature>()?.Items
            : null;
}
