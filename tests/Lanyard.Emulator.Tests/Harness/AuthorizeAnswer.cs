using System.Net;
using Lanyard.Testing;
using Microsoft.AspNetCore.WebUtilities;

namespace Lanyard.Emulator.Tests.Harness;

/// <summary>
/// What /authorize handed the redirect URI, read as the browser would deliver it in each response mode: the query of a
/// 302, the fragment of a 302, or the fields of the auto-submitting form_post page.
/// </summary>
internal static class AuthorizeAnswer
{
    public static async Task<Dictionary<string, string>> ReadAsync(HttpResponseMessage response, string redirectUri, string mode) => mode switch
    {
        "query" => FromQuery(response, redirectUri),
        "fragment" => FromFragment(response, redirectUri),
        "form_post" => (await FormPostAsync(response, redirectUri)).Hidden.ToDictionary(f => f.Key, f => f.Value),
        _ => throw new ArgumentOutOfRangeException(nameof(mode), mode, "not a response mode"),
    };

    public static Dictionary<string, string> FromQuery(HttpResponseMessage response, string redirectUri)
    {
        var location = Location(response);
        Assert.StartsWith(redirectUri + "?", location, StringComparison.Ordinal);
        Assert.DoesNotContain('#', location);
        return Parse(new Uri(location).Query);
    }

    public static Dictionary<string, string> FromFragment(HttpResponseMessage response, string redirectUri)
    {
        var location = Location(response);
        Assert.StartsWith(redirectUri + "#", location, StringComparison.Ordinal);
        return Parse("?" + location[(redirectUri.Length + 1)..]);
    }

    /// <summary>The form of a form_post page, after checking it is one that posts to the redirect URI.</summary>
    public static async Task<HtmlForm> FormPostAsync(HttpResponseMessage response, string redirectUri)
    {
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("text/html; charset=utf-8", response.Content.Headers.ContentType!.ToString());
        var form = HtmlForm.Parse(await EmulatorHarness.ReadTextAsync(response));
        Assert.Equal("POST", form.Method);
        Assert.Equal(redirectUri, form.Action);
        return form;
    }

    private static string Location(HttpResponseMessage response)
    {
        Assert.Equal(HttpStatusCode.Found, response.StatusCode);
        Assert.NotNull(response.Headers.Location);
        return response.Headers.Location.OriginalString;
    }

    private static Dictionary<string, string> Parse(string query) =>
        QueryHelpers.ParseQuery(query).ToDictionary(kv => kv.Key, kv => kv.Value.ToString());
}
