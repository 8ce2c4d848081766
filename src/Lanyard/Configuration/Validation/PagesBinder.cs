using System.Text;
using Lanyard.Endpoints.Templates;

namespace Lanyard.Configuration.Validation;

/// <summary>
/// <c>banner</c>, <c>footer</c>, <c>custom_sign_in_logo</c> and <c>custom_templates_dir</c>, with oauth2-proxy's
/// meaning (<c>oauthproxy.go</c> buildSignInMessage, <c>pkg/app/pagewriter</c>): files are read and templates compiled
/// here, once, so a broken one stops startup (and <c>lanyard config check</c>) naming the file and line.
/// </summary>
internal static class PagesBinder
{
    private const int MaxLogoBytes = 1024 * 1024;
    private const int MaxTemplateBytes = 512 * 1024;

    public static PageOptions Bind(SettingReader read, IReadOnlyList<string> emailDomains)
    {
        var (signIn, error, robots) = Templates(read);
        return new PageOptions(SignInMessage(read.String("banner"), emailDomains), read.String("footer") ?? "", Logo(read), signIn, error, robots);
    }

    /// <summary>
    /// <c>banner</c>; <c>-</c> for none; unset, oauth2-proxy's message naming the allowed email domains (none for <c>*</c>).
    /// The banner is the operator's HTML; the domains are escaped.
    /// </summary>
    private static string SignInMessage(string? banner, IReadOnlyList<string> emailDomains) => banner switch
    {
        "-" => "",
        { Length: > 0 } => banner,
        _ => emailDomains switch
        {
            [] or ["*"] => "",
            [var only] => "Authenticate using " + HtmlEscaping.Html(only),
            _ => "Authenticate using one of the following domains: " + HtmlEscaping.Html(string.Join(", ", emailDomains)),
        },
    };

    private static SignInLogo? Logo(SettingReader read)
    {
        var value = read.String("custom_sign_in_logo")?.Trim();
        if (value is null or "" or "-")
        {
            return null;
        }

        if (value.StartsWith("https://", StringComparison.OrdinalIgnoreCase))
        {
            if (!Uri.TryCreate(value, UriKind.Absolute, out var url) || url.Host.Length == 0 || value.Any(c => char.IsWhiteSpace(c) || c is '"' or '\'' or '<' or '>'))
            {
                read.Fail("custom_sign_in_logo", $"'{value}' is not a valid https URL");
                return null;
            }

            return new SignInLogo(url.AbsoluteUri, url.GetLeftPart(UriPartial.Authority));
        }

        if (value.StartsWith("http://", StringComparison.OrdinalIgnoreCase))
        {
            read.Fail("custom_sign_in_logo", $"'{value}' must be an https URL or an image file: browsers block http images on https pages");
            return null;
        }

        var mediaType = Path.GetExtension(value).ToLowerInvariant() switch
        {
            ".svg" => "image/svg+xml",
            ".png" => "image/png",
            ".jpg" or ".jpeg" => "image/jpeg",
            var other => null,
        };
        if (mediaType is null)
        {
            read.Fail("custom_sign_in_logo", $"'{value}' has the extension '{Path.GetExtension(value)}'; supported are .svg, .jpg, .jpeg and .png (as oauth2-proxy)");
            return null;
        }

        if (read.ReadFile("custom_sign_in_logo", value) is not { } image)
        {
            return null;
        }

        if (image.Length > MaxLogoBytes)
        {
            read.Fail("custom_sign_in_logo", $"'{value}' is larger than 1 MiB; every sign-in page would carry it");
            return null;
        }

        // A data: URI in an <img>, also for SVG (oauth2-proxy inlines SVG markup): an image never runs script.
        return new SignInLogo($"data:{mediaType};base64,{Convert.ToBase64String(image)}", "data:");
    }

    /// <summary>sign_in.html, error.html and robots.txt from <c>custom_templates_dir</c>; a missing one keeps Lanyard's own.</summary>
    private static (HtmlTemplate? SignIn, HtmlTemplate? Error, string? Robots) Templates(SettingReader read)
    {
        if (read.String("custom_templates_dir")?.Trim() is not { Length: > 0 } directory)
        {
            return (null, null, null);
        }

        if (!Directory.Exists(directory))
        {
            read.Fail("custom_templates_dir", $"'{directory}' is not a directory");
            return (null, null, null);
        }

        var signIn = Compile(read, directory, "sign_in.html", PageTemplateFields.SignIn);
        var error = Compile(read, directory, "error.html", PageTemplateFields.Error);
        var robots = File.Exists(Path.Combine(directory, "robots.txt")) ? Text(read, Path.Combine(directory, "robots.txt")) : null;
        return (signIn, error, robots);
    }

    private static HtmlTemplate? Compile(SettingReader read, string directory, string name, TemplateFields fields)
    {
        var path = Path.Combine(directory, name);
        if (!File.Exists(path) || Text(read, path) is not { } text)
        {
            return null;
        }

        try
        {
            return HtmlTemplate.Compile(name, text, fields);
        }
        catch (TemplateSyntaxException e)
        {
            read.Fail("custom_templates_dir", $"'{path}' line {e.Line}: {e.Message}");
            return null;
        }
    }

    private static string? Text(SettingReader read, string path)
    {
        if (read.ReadFile("custom_templates_dir", path) is not { } bytes)
        {
            return null;
        }

        if (bytes.Length > MaxTemplateBytes)
        {
            read.Fail("custom_templates_dir", $"'{path}' is larger than 512 KiB");
            return null;
        }

        try
        {
            return new UTF8Encoding(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true).GetString(bytes).TrimStart('\uFEFF');
        }
        catch (DecoderFallbackException)
        {
            read.Fail("custom_templates_dir", $"'{path}' is not UTF-8 text");
            return null;
        }
    }
}
