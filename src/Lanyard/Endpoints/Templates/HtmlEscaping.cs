using System.Text;

namespace Lanyard.Endpoints.Templates;

/// <summary>
/// How a value printed by a template is escaped, chosen once at startup from where the action stands in the HTML
/// (as Go's html/template does contextually): text and quoted attribute values are HTML-escaped; in URL attributes
/// (<c>href</c>, <c>src</c>, <c>action</c>…) a value at the start may not bring its own scheme other than http(s) or
/// mailto (a <c>javascript:</c> URL becomes <c>#ZgotmplZ</c>, Go's marker), and a value after <c>?</c> or <c>#</c>
/// is percent-encoded as a query component.
/// </summary>
internal static class HtmlEscaping
{
    internal enum Context
    {
        None,
        Text,
        Attribute,
        UrlStart,
        UrlPath,
        UrlQuery,
    }

    /// <summary>What Go's html/template puts in place of a URL it refuses.</summary>
    public const string RefusedUrl = "#ZgotmplZ";

    public static void Write(StringBuilder output, Context context, TemplateValue value)
    {
        if (context == Context.Text && value.Kind == TemplateValueKind.Html)
        {
            // Operator configuration (banner, footer, logo), as oauth2-proxy's template.HTML.
            output.Append(value.Text);
            return;
        }

        var text = value.ToString();
        AppendHtml(output, context switch
        {
            Context.UrlStart => NormalizeUrl(WithSafeScheme(text)),
            Context.UrlPath => NormalizeUrl(text),
            Context.UrlQuery => Uri.EscapeDataString(text),
            _ => text,
        });
    }

    /// <summary>Escapes what could end text or a quoted attribute value: <c>&amp; &lt; &gt; " '</c> (and NUL, as Go).</summary>
    public static string Html(string text)
    {
        var output = new StringBuilder(text.Length + 16);
        AppendHtml(output, text);
        return output.ToString();
    }

    private static void AppendHtml(StringBuilder output, string text)
    {
        foreach (var c in text)
        {
            _ = c switch
            {
                '&' => output.Append("&amp;"),
                '<' => output.Append("&lt;"),
                '>' => output.Append("&gt;"),
                '"' => output.Append("&#34;"),
                '\'' => output.Append("&#39;"),
                '\0' => output.Append('\uFFFD'),
                _ => output.Append(c),
            };
        }
    }

    private static string WithSafeScheme(string url)
    {
        var end = url.IndexOfAny([':', '/', '?', '#']);
        if (end < 0 || url[end] != ':')
        {
            return url;
        }

        var scheme = url[..end];
        return scheme.Equals("http", StringComparison.OrdinalIgnoreCase) || scheme.Equals("https", StringComparison.OrdinalIgnoreCase)
            || scheme.Equals("mailto", StringComparison.OrdinalIgnoreCase)
            ? url
            : RefusedUrl;
    }

    /// <summary>Percent-encodes what may not stand in a URL (spaces, quotes, angle brackets, non-ASCII), keeping its structure.</summary>
    private static string NormalizeUrl(string url)
    {
        var output = new StringBuilder(url.Length);
        Span<byte> utf8 = stackalloc byte[4];
        for (var i = 0; i < url.Length; i++)
        {
            var c = url[i];
            if (c < 0x80 && (char.IsAsciiLetterOrDigit(c) || "-._~:/?#[]@!$&'()*+,;=%".Contains(c)))
            {
                output.Append(c);
                continue;
            }

            var length = char.IsHighSurrogate(c) && i + 1 < url.Length
                ? Encoding.UTF8.GetBytes(url.AsSpan(i++, 2), utf8)
                : Encoding.UTF8.GetBytes(url.AsSpan(i, 1), utf8);
            foreach (var b in utf8[..length])
            {
                output.Append('%').Append(b.ToString("X2", System.Globalization.CultureInfo.InvariantCulture));
            }
        }

        return output.ToString();
    }
}
