using Lanyard.Endpoints.Templates;

namespace Lanyard.Configuration;

/// <summary>
/// What Lanyard's sign-in and error pages show beyond their fixed text: oauth2-proxy's <c>banner</c>, <c>footer</c>,
/// <c>custom_sign_in_logo</c> and <c>custom_templates_dir</c>, read and compiled once at startup.
/// </summary>
/// <param name="SignInMessage">HTML above the sign-in button: <c>banner</c>, or oauth2-proxy's default message naming
/// the email domains; empty for none. Operator configuration, inserted as HTML as oauth2-proxy does.</param>
/// <param name="Footer">The <c>footer</c> setting as written: empty for the default footer, <c>-</c> for none, else HTML.</param>
/// <param name="Logo">The logo, or null for none.</param>
/// <param name="SignInTemplate">A compiled <c>sign_in.html</c> from <c>custom_templates_dir</c>, or null for Lanyard's page.</param>
/// <param name="ErrorTemplate">A compiled <c>error.html</c> from <c>custom_templates_dir</c>, or null for Lanyard's page.</param>
/// <param name="RobotsTxt">What <c>/robots.txt</c> answers.</param>
internal sealed record PageOptions(
    string SignInMessage,
    string Footer,
    SignInLogo? Logo,
    HtmlTemplate? SignInTemplate = null,
    HtmlTemplate? ErrorTemplate = null,
    string? RobotsTxt = null)
{
    /// <summary>oauth2-proxy's <c>pkg/app/pagewriter/robots.txt</c>: no crawler indexes anything behind the proxy.</summary>
    public const string DefaultRobotsTxt = "User-agent: *\nDisallow: /\n";

    public static PageOptions Default { get; } = new("", "", null);

    public string Robots => RobotsTxt ?? DefaultRobotsTxt;

    /// <summary>The footer is hidden (<c>footer = "-"</c>).</summary>
    public bool HidesFooter => Footer == "-";
}

/// <summary>
/// <c>custom_sign_in_logo</c>: an image file read at startup and embedded as a <c>data:</c> URI, or an https URL.
/// </summary>
/// <param name="Source">The image's <c>src</c>: a <c>data:</c> URI or the https URL.</param>
/// <param name="ContentSecuritySource">What the page's <c>img-src</c> must allow for it: <c>data:</c> or the URL's origin.</param>
internal sealed record SignInLogo(string Source, string ContentSecuritySource)
{
    /// <summary>The <c>&lt;img&gt;</c> tag, as oauth2-proxy's <c>LogoData</c> (alt "Logo").</summary>
    public string Html => $"<img src=\"{HtmlEscaping.Html(Source)}\" alt=\"Logo\" style=\"max-width:100%;max-height:8rem\">";
}
