namespace Lanyard.Endpoints.Templates;

/// <summary>
/// The data oauth2-proxy gives its page templates (<c>pkg/app/pagewriter/sign_in_page.go</c> and
/// <c>error_page.go</c>), by the same names and kinds, so a <c>custom_templates_dir</c> written for oauth2-proxy
/// reads the same fields here. Banner, footer and logo are operator HTML, as oauth2-proxy's <c>template.HTML</c>.
/// </summary>
internal static class PageTemplateFields
{
    public static readonly TemplateFields SignIn = new TemplateFields()
        .Add("ProviderName", TemplateValueKind.Text)
        .Add("SignInMessage", TemplateValueKind.Html)
        .Add("StatusCode", TemplateValueKind.Number)
        .Add("CustomLogin", TemplateValueKind.Bool)
        .Add("Redirect", TemplateValueKind.Text)
        .Add("Version", TemplateValueKind.Text)
        .Add("ProxyPrefix", TemplateValueKind.Text)
        .Add("Footer", TemplateValueKind.Html)
        .Add("LogoData", TemplateValueKind.Html);

    public static readonly TemplateFields Error = new TemplateFields()
        .Add("Title", TemplateValueKind.Text)
        .Add("Message", TemplateValueKind.Text)
        .Add("ProxyPrefix", TemplateValueKind.Text)
        .Add("StatusCode", TemplateValueKind.Number)
        .Add("Redirect", TemplateValueKind.Text)
        .Add("RequestID", TemplateValueKind.Text)
        .Add("Footer", TemplateValueKind.Html)
        .Add("Version", TemplateValueKind.Text);
}
