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

    public async Task<BrowserResponse> SendAsync(HttpMethod method, Uri url, HttpContent? content, bool followRedirects, Action<HttpRequestMessage>? configure)
    {
        var hops = new List<(Uri, HttpStatusCode)>();
        for (var i = 0; ; i++)
        {
            using var request = new HttpRequestMessage(method, url) { Content = content };
            request.Headers.Accept.ParseAdd("text/html,application/xhtml+xml");
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
