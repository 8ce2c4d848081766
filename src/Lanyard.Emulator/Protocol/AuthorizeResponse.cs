using System.Text;
using System.Text.Encodings.Web;
using Lanyard.Emulator.Pages;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.WebUtilities;

namespace Lanyard.Emulator.Protocol;

/// <summary>
/// Delivers /authorize's parameters (a code, an ID token, or an error) to a redirect URI that has already been checked
/// against the registration, in the response mode of the request (entra-protocol.md §2).
/// </summary>
internal static class AuthorizeResponse
{
    public static Task WriteAsync(
        HttpContext context, string redirectUri, AuthorizeResponseMode mode, IReadOnlyList<KeyValuePair<string, string>> parameters)
    {
        context.Response.Headers.CacheControl = "no-store";
        switch (mode)
        {
            case AuthorizeResponseMode.Query:
                context.Response.Redirect(QueryHelpers.AddQueryString(redirectUri, parameters!));
                return Task.CompletedTask;
            case AuthorizeResponseMode.Fragment:
                context.Response.Redirect(WithFragment(redirectUri, parameters));
                return Task.CompletedTask;
            default:
                return FormPostPage.WriteAsync(context, redirectUri, parameters);
        }
    }

    // The fragment is form-encoded like a query (Multiple Response Types §2.1). A redirect URI may not carry a fragment
    // of its own (RFC 6749 §3.1.2), so any there is replaced rather than appended to.
    private static string WithFragment(string redirectUri, IReadOnlyList<KeyValuePair<string, string>> parameters)
    {
        var hash = redirectUri.IndexOf('#', StringComparison.Ordinal);
        var fragment = new StringBuilder(hash < 0 ? redirectUri : redirectUri[..hash]).Append('#');
        for (var i = 0; i < parameters.Count; i++)
        {
            if (i > 0)
            {
                fragment.Append('&');
            }

            fragment.Append(UrlEncoder.Default.Encode(parameters[i].Key)).Append('=').Append(UrlEncoder.Default.Encode(parameters[i].Value));
        }

        return fragment.ToString();
    }
}
