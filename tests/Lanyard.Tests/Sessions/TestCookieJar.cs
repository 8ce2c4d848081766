using Microsoft.AspNetCore.Http;
using Microsoft.Net.Http.Headers;

namespace Lanyard.Tests.Sessions;

/// <summary>Carries cookies from one <see cref="DefaultHttpContext"/>'s response to the next one's request.</summary>
internal sealed class TestCookieJar
{
    public Dictionary<string, string> Cookies { get; } = new(StringComparer.Ordinal);

    public IList<SetCookieHeaderValue> Take(HttpContext context)
    {
        var setCookies = SetCookieHeaderValue.ParseList([.. context.Response.Headers.SetCookie.Select(v => v ?? "")]);
        foreach (var cookie in setCookies)
        {
            var expired = cookie.MaxAge is { } maxAge && maxAge <= TimeSpan.Zero
                          || cookie.Expires is { } expires && expires.Year < 2000;
            if (expired)
            {
                Cookies.Remove(cookie.Name.Value!);
            }
            else
            {
                Cookies[cookie.Name.Value!] = cookie.Value.Value!;
            }
        }

        return setCookies;
    }

    public DefaultHttpContext NextRequest()
    {
        var context = new DefaultHttpContext();
        context.Request.Headers.Cookie = string.Join("; ", Cookies.Select(c => $"{c.Key}={c.Value}"));
        return context;
    }
}
