using System.Net;
using Microsoft.AspNetCore.WebUtilities;

namespace Lanyard.Testing;

/// <summary>
/// A browser-like client on the simulated network: keeps cookies (Secure, HttpOnly, Path, Max-Age honoured by
/// <see cref="CookieContainer"/>), sends <c>Accept: text/html</c>, follows redirects across hosts and records each hop.
/// </summary>
public sealed class BrowserClient(SimulatedNetwork network, Uri home) : IDisposable
{
    private const int MaxRedirects = 20;
    private readonly HttpClient _http = new(network.CreateHandler());

    public CookieContainer Cookies { get; } = new();

    public Uri Home { get; } = home;

    /// <summary>Signs in through the proxy with a login hint: the emulator picks that user without showing a page.</summary>
    public Task<BrowserResponse> SignInAsync(string loginHint, string returnTo = "/") =>
        GetAsync($"/oauth2/start?login_hint={Uri.EscapeDataString(loginHint)}&rd={Uri.EscapeDataString(returnTo)}");

    /// <summary>The first step alone: the proxy's redirect to the provider (the CSRF cookie is now set).</summary>
    public async Task<Uri> StartSignInAsync(string loginHint, string returnTo = "/")
    {
        var start = await GetAsync($"/oauth2/start?login_hint={Uri.EscapeDataString(loginHint)}&rd={Uri.EscapeDataString(returnTo)}", followRedirects: false);
        return start.Location ?? throw new InvalidOperationException($"/oauth2/start answered {(int)start.StatusCode}: {start.Body}");
    }

    /// <summary>The provider's step alone: its redirect back to the callback, with code and state.</summary>
    public async Task<Uri> AuthorizeAtProviderAsync(Uri authorizeUrl)
    {
        var answer = await SendAsync(HttpMethod.Get, authorizeUrl, null, followRedirects: false, null);
        return answer.Location ?? throw new InvalidOperationException($"The provider answered {(int)answer.StatusCode}: {answer.Body}");
    }

    public Task<BrowserResponse> GetAsync(Uri url, bool followRedirects = true) => SendAsync(HttpMethod.Get, url, null, followRedirects, null);

    public Task<BrowserResponse> GetAsync(string url, bool followRedirects = true, Action<HttpRequestMessage>? configure = null) =>
        SendAsync(HttpMethod.Get, new Uri(Home, url), null, followRedirects, configure);

    public Task<BrowserResponse> PostFormAsync(Uri url, IEnumerable<KeyValuePair<string, string>> form, bool followRedirects = true) =>
        SendAsync(HttpMethod.Post, url, new FormUrlEncodedContent(form), followRedirects, null);

    /// <summary>
    /// A click on a link (or an image load, a form post…) on a page of <paramref name="page"/>'s site: the request
    /// says where it comes from as Chromium does (<c>Sec-Fetch-Site</c>, and the origin as <c>Referer</c> under the
    /// default strict-origin-when-cross-origin policy).
    /// </summary>
    public Task<BrowserResponse> FollowLinkFromAsync(Uri page, string url, bool followRedirects = true, HttpMethod? method = null, HttpContent? content = null) =>
        SendAsync(method ?? HttpMethod.Get, new Uri(Home, url), content, followRedirects, null, initiator: page);

    /// <param name="initiator">The page that started this navigation; null for one the user typed or bookmarked.</param>
    public async Task<BrowserResponse> SendAsync(HttpMethod method, Uri url, HttpContent? content, bool followRedirects, Action<HttpRequestMessage>? configure, Uri? initiator = null)
    {
        var hops = new List<(Uri, HttpStatusCode)>();
        for (var i = 0; ; i++)
        {
            using var request = new HttpRequestMessage(method, url) { Content = content };
            request.Headers.Accept.ParseAdd("text/html,application/xhtml+xml");
            request.Headers.Add("Sec-Fetch-Site", FetchSite(initiator, hops.Select(h => h.Item1), url));
            if (initiator is not null)
            {
                request.Headers.Referrer = new Uri(initiator.GetLeftPart(UriPartial.Authority) + "/");
                if (method != HttpMethod.Get && method != HttpMethod.Head)
                {
                    request.Headers.Add("Origin", initiator.GetLeftPart(UriPartial.Authority));
                }
            }

            if (Cookies.GetCookieHeader(url) is { Length: > 0 } cookieHeader)
            {
                request.Headers.Add("Cookie", cookieHeader);
            }

            configure?.Invoke(request);
            var response = await _http.SendAsync(request);
            if (response.Headers.TryGetValues("Set-Cookie", out var setCookies))
            {
                foreach (var setCookie in setCookies)
                {
                    Cookies.SetCookies(url, setCookie);
                }
            }

            hops.Add((url, response.StatusCode));
            var isRedirect = (int)response.StatusCode is 301 or 302 or 303 or 307 or 308 && response.Headers.Location is not null;
            if (!followRedirects || !isRedirect || i >= MaxRedirects)
            {
                var body = await response.Content.ReadAsStringAsync();
                return new BrowserResponse(response.StatusCode, url, body, response, hops);
            }

            url = new Uri(url, response.Headers.Location!);
            if ((int)response.StatusCode is 301 or 302 or 303)
            {
                (method, content) = (HttpMethod.Get, null);
            }

            response.Dispose();
        }
    }

    /// <summary>
    /// Fetch Metadata (W3C): "none" for a navigation the user started, else same-origin, same-site or cross-site
    /// for the initiator and every URL of the redirect chain so far compared with where the request goes now.
    /// </summary>
    private static string FetchSite(Uri? initiator, IEnumerable<Uri> earlierHops, Uri target)
    {
        var origins = earlierHops.Prepend(initiator).Where(u => u is not null).Select(u => u!).ToList();
        if (initiator is null && origins.All(u => SameOrigin(u, target)))
        {
            return "none";
        }

        if (origins.All(u => SameOrigin(u, target)))
        {
            return "same-origin";
        }

        return origins.All(u => string.Equals(Site(u), Site(target), StringComparison.OrdinalIgnoreCase)) ? "same-site" : "cross-site";
    }

    private static bool SameOrigin(Uri a, Uri b) => string.Equals(a.GetLeftPart(UriPartial.Authority), b.GetLeftPart(UriPartial.Authority), StringComparison.OrdinalIgnoreCase);

    // The registrable domain, roughly: the last two labels (enough for the test hosts, *.test).
    private static string Site(Uri uri) => string.Join('.', uri.Host.Split('.').TakeLast(2));

    public string? Cookie(string name) => Cookies.GetCookies(Home)[name]?.Value;

    /// <summary>Replaces a cookie's value (for tampering tests), keeping its other attributes.</summary>
    public void SetCookieValue(string name, string value)
    {
        var cookie = Cookies.GetCookies(Home)[name] ?? throw new InvalidOperationException($"No cookie {name}.");
        cookie.Value = value;
    }

    public static IReadOnlyDictionary<string, string> Query(Uri url) =>
        QueryHelpers.ParseQuery(url.Query).ToDictionary(p => p.Key, p => p.Value.ToString());

    public void Dispose() => _http.Dispose();
}
