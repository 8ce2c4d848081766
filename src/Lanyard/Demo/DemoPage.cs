using System.Globalization;
using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;
using Lanyard.Headers;

namespace Lanyard.Demo;

internal static class DemoPage
{
    private static readonly string[] IdentityHeaders =
    [
        IdentityHeaderNames.ForwardedUser,
        IdentityHeaderNames.ForwardedEmail,
        IdentityHeaderNames.ForwardedPreferredUsername,
        IdentityHeaderNames.ForwardedGroups,
    ];

    // Credentials are echoed without their values (cookie names, the Authorization scheme): this page is for
    // looking at, and may end up in screenshots or logs.
    private static string Shown(string name, string value)
    {
        if (name.Equals("Cookie", StringComparison.OrdinalIgnoreCase))
        {
            return string.Join("; ", value.Split(';', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
                .Select(pair => pair.Split('=', 2)[0] + "=…"));
        }

        if (name.Equals("Authorization", StringComparison.OrdinalIgnoreCase))
        {
            var parts = value.Split(' ', 2);
            return parts.Length == 2 ? parts[0] + " … " + Fingerprint(parts[1]) : "… " + Fingerprint(value);
        }

        return name.EndsWith("-Access-Token", StringComparison.OrdinalIgnoreCase) ? "… " + Fingerprint(value) : value;
    }

    /// <summary>
    /// A credential's first SHA-256 bytes: enough to tell which token arrived (the tests compare it with the
    /// session's), useless for replaying it.
    /// </summary>
    public static string Fingerprint(string credential) =>
        "sha256:" + Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(Encoding.UTF8.GetBytes(credential)))[..16];

    public static Task WriteAsync(HttpContext context)
    {
        var request = context.Request;
        var wantsJson = request.Headers.Accept.Any(a => a?.Contains("application/json", StringComparison.OrdinalIgnoreCase) == true)
                        || !request.Headers.Accept.Any(a => a?.Contains("text/html", StringComparison.OrdinalIgnoreCase) == true);
        context.Response.Headers.CacheControl = "no-store";
        if (wantsJson)
        {
            var echo = new Dictionary<string, object?>
            {
                ["method"] = request.Method,
                ["path"] = request.Path.Value,
                ["query"] = request.QueryString.Value,
                ["headers"] = request.Headers.ToDictionary(h => h.Key, h => Shown(h.Key, h.Value.ToString()), StringComparer.OrdinalIgnoreCase),
            };
            context.Response.ContentType = "application/json; charset=utf-8";
            return context.Response.WriteAsync(JsonSerializer.Serialize(echo, DemoJsonContext.Default.DictionaryStringObject));
        }

        var html = HtmlEncoder.Default;
        var email = request.Headers[IdentityHeaderNames.ForwardedEmail].ToString();
        var who = email.Length > 0 ? email : request.Headers[IdentityHeaderNames.ForwardedUser].ToString();
        var rows = new StringBuilder();
        foreach (var name in IdentityHeaders)
        {
            rows.Append(CultureInfo.InvariantCulture, $"<tr><th>{html.Encode(name)}</th><td><code>{html.Encode(request.Headers[name].ToString())}</code></td></tr>");
        }

        context.Response.ContentType = "text/html; charset=utf-8";
        return context.Response.WriteAsync(string.Create(CultureInfo.InvariantCulture, $$"""
            <!DOCTYPE html>
            <html lang="en"><head><meta charset="utf-8"><title>Lanyard demo app</title>
            <meta name="viewport" content="width=device-width, initial-scale=1">
            <style>body{font-family:system-ui,sans-serif;max-width:48rem;margin:3rem auto;padding:0 1rem;color:#222}th{text-align:left;padding-right:1rem}td code{word-break:break-all}</style>
            </head><body>
            <h1>Signed in as {{html.Encode(who.Length > 0 ? who : "nobody")}}</h1>
            <p>This demo app sits behind Lanyard. These are the identity headers Lanyard added to this request
            ({{html.Encode(request.Method)}} <code>{{html.Encode(request.Path.Value ?? "/")}}</code>):</p>
            <table>{{rows}}</table>
            <p><a href="/oauth2/userinfo">/oauth2/userinfo</a> · <a href="/oauth2/sign_out">Sign out</a></p>
            </body></html>
            """));
    }
}
