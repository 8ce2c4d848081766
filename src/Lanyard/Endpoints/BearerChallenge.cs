using System.Text;

namespace Lanyard.Endpoints;

/// <summary>
/// RFC 6750 §3: a request whose bearer token was refused gets <c>WWW-Authenticate: Bearer error="invalid_token"</c>
/// with the reason, so an API client learns what to fix (expired, wrong audience, an ID token) instead of a bare 401.
/// The reason is Lanyard's own short text, never the token or IdentityModel's message.
/// </summary>
internal static class BearerChallenge
{
    public static void Apply(HttpResponse response, string reason) =>
        response.Headers.WWWAuthenticate = $"Bearer error=\"invalid_token\", error_description=\"{Quotable(reason)}\"";

    // §3: error_description is %x20-21 / %x23-5B / %x5D-7E: printable ASCII without '"' and '\'.
    private static string Quotable(string text)
    {
        var builder = new StringBuilder(text.Length);
        foreach (var c in text)
        {
            builder.Append(c is >= ' ' and <= '~' and not '"' and not '\\' ? c : '\'');
        }

        return builder.ToString();
    }
}
