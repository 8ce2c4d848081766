using System.Text.Encodings.Web;
using Lanyard.Configuration;
using Lanyard.Endpoints.Templates;
using Lanyard.Providers.Oidc;
using Microsoft.AspNetCore.WebUtilities;

namespace Lanyard.Endpoints;

/// <summary>
/// oauth2-proxy's sign-in page: one button, "Sign in with {provider}", that starts the sign-in and comes back to
/// where the user was going. <c>GET /oauth2/sign_in</c> shows it with 200; a proxied page without a session shows
/// it with 403 (as oauth2-proxy), so nothing mistakes it for the app. With <c>skip_provider_button</c> both go
/// straight to <c>/oauth2/start</c>. It changes no state: the button is a GET to <c>/oauth2/start</c>, which makes
/// the sign-in attempt. <c>banner</c>, <c>footer</c> and <c>custom_sign_in_logo</c> add to it; a
/// <c>custom_templates_dir</c> sign_in.html replaces it, with the same data.
/// </summary>
internal sealed class SignInPage(LanyardOptions options, OidcProvider provider, ValidateRedirectTarget redirects, EndpointPaths paths)
{
    private static readonly int ProviderName = PageTemplateFields.SignIn.IndexOf("ProviderName");
    private static readonly int SignInMessage = PageTemplateFields.SignIn.IndexOf("SignInMessage");
    private static readonly int StatusCode = PageTemplateFields.SignIn.IndexOf("StatusCode");
    private static readonly int CustomLogin = PageTemplateFields.SignIn.IndexOf("CustomLogin");
    private static readonly int Redirect = PageTemplateFields.SignIn.IndexOf("Redirect");
    private static readonly int Version = PageTemplateFields.SignIn.IndexOf("Version");
    private static readonly int ProxyPrefix = PageTemplateFields.SignIn.IndexOf("ProxyPrefix");
    private static readonly int Footer = PageTemplateFields.SignIn.IndexOf("Footer");
    private static readonly int LogoData = PageTemplateFields.SignIn.IndexOf("LogoData");

    /// <summary><c>display_htpasswd_form</c> with an <c>htpasswd_file</c>: oauth2-proxy's <c>CustomLogin</c>.</summary>
    private bool ShowsPasswordForm => options.Htpasswd is { DisplayForm: true };

    /// <summary><c>GET /oauth2/sign_in?rd=…</c>.</summary>
    public Task HandleAsync(HttpContext context) =>
        WriteAsync(context, redirects.RequestedTarget(context.Request), StatusCodes.Status200OK);

    /// <summary>The page, or with <c>skip_provider_button</c> the redirect to start signing in.</summary>
    public Task WriteAsync(HttpContext context, string target, int statusCode)
    {
        if (options.Redirect.SkipProviderButton)
        {
            NoCacheHeaders.Apply(context.Response);
            context.Response.Redirect(QueryHelpers.AddQueryString(paths.Start, "rd", target));
            return Task.CompletedTask;
        }

        var pages = options.Pages;
        if (pages.SignInTemplate is { } template)
        {
            return HtmlPage.WriteRenderedAsync(context, statusCode, template.Render(TemplateData(target, statusCode, pages)));
        }

        var html = HtmlEncoder.Default;
        string[] parts =
        [
            pages.Logo is { } logo ? $"<div>{logo.Html}</div>" : "",
            "<h1>Sign in</h1>",
            pages.SignInMessage.Length > 0 ? $"<p>{pages.SignInMessage}</p>" : "",
            $"""
            <form method="get" action="{html.Encode(paths.Start)}">
            <input type="hidden" name="rd" value="{html.Encode(target)}">
            <button type="submit">Sign in with {html.Encode(provider.DisplayName)}</button>
            </form>
            """,
            ShowsPasswordForm ? $"""
            <form method="post" action="{html.Encode(paths.SignIn)}">
            <input type="hidden" name="rd" value="{html.Encode(target)}">
            <p><label>Username <input type="text" name="username" autocomplete="username" required></label></p>
            <p><label>Password <input type="password" name="password" autocomplete="current-password" required></label></p>
            <button type="submit">Sign in</button>
            </form>
            """ : "",
            HtmlPage.Footer(pages),
        ];
        return HtmlPage.WriteAsync(context, statusCode, "Sign in", string.Join('\n', parts.Where(p => p.Length > 0)), pages);
    }

    private TemplateValue[] TemplateData(string target, int statusCode, PageOptions pages)
    {
        var values = new TemplateValue[PageTemplateFields.SignIn.Count];
        values[ProviderName] = TemplateValue.Of(provider.DisplayName);
        values[SignInMessage] = TemplateValue.OfHtml(pages.SignInMessage);
        values[StatusCode] = TemplateValue.Of(statusCode);
        values[CustomLogin] = TemplateValue.Of(ShowsPasswordForm);
        values[Redirect] = TemplateValue.Of(target);
        values[Version] = TemplateValue.Of(LanyardVersion.Current);
        values[ProxyPrefix] = TemplateValue.Of(paths.Prefix);
        values[Footer] = TemplateValue.OfHtml(pages.Footer);
        values[LogoData] = TemplateValue.OfHtml(pages.Logo?.Html ?? "");
        return values;
    }
}
