using Lanyard.Endpoints.Templates;

namespace Lanyard.Tests.Endpoints.Templates;

/// <summary>
/// The page-template subset: what oauth2-proxy's own sign_in.html and error.html use renders as Go would, values are
/// escaped for where they stand, and everything else is refused at compile time with its line.
/// </summary>
public sealed class HtmlTemplateTests
{
    private static readonly TemplateFields Fields = new TemplateFields()
        .Add("Name", TemplateValueKind.Text)
        .Add("Footer", TemplateValueKind.Html)
        .Add("StatusCode", TemplateValueKind.Number)
        .Add("CustomLogin", TemplateValueKind.Bool)
        .Add("Message", TemplateValueKind.Text);

    private static string Render(string template, string name = "Contoso", string footer = "", long status = 200, bool login = false, string message = "") =>
        HtmlTemplate.Compile("page.html", template, Fields).Render(
            [TemplateValue.Of(name), TemplateValue.OfHtml(footer), TemplateValue.Of(status), TemplateValue.Of(login), TemplateValue.Of(message)]);

    private static TemplateSyntaxException Refused(string template) =>
        Assert.Throws<TemplateSyntaxException>(() => HtmlTemplate.Compile("page.html", template, Fields));

    [Theory]
    [InlineData("<p>{{.Name}}</p>", "<p>Contoso</p>")]
    [InlineData("<p>{{ .Name }}</p>", "<p>Contoso</p>")]
    [InlineData("<p>{{.StatusCode}} {{.CustomLogin}}</p>", "<p>200 false</p>")]
    [InlineData("<p>\n  {{- .Name -}}\n</p>", "<p>Contoso</p>")]
    [InlineData("<p>{{/* a comment */}}x</p>", "<p>x</p>")]
    [InlineData("{{define \"page.html\"}}<p>{{.Name}}</p>{{end}}\n", "<p>Contoso</p>")]
    [InlineData("<p>{{.Name | ToUpper}} {{ToLower .Name}}</p>", "<p>CONTOSO contoso</p>")]
    [InlineData("<p>{{if .CustomLogin}}form{{end}}</p>", "<p></p>")]
    [InlineData("<p>{{ if eq .StatusCode 400 401 }}bad{{ else }}ok{{ end }}</p>", "<p>ok</p>")]
    [InlineData("<p>{{ if or .Message .Name }}more{{ end }}</p>", "<p>more</p>")]
    [InlineData("<p>{{ if and .Message .Name }}both{{ else if not .CustomLogin }}no login{{ end }}</p>", "<p>no login</p>")]
    [InlineData("<p>{{if (eq .Name \"Contoso\")}}yes{{end}}</p>", "<p>yes</p>")]
    [InlineData("<p>{{if ne .StatusCode 200}}x{{else}}y{{end}} {{if ge .StatusCode 200}}z{{end}}</p>", "<p>y z</p>")]
    public void GoTemplateConstructs_RenderAsGoWould(string template, string expected) => Assert.Equal(expected, Render(template));

    [Theory]
    [InlineData("", "<p>Secured with Lanyard</p>")]
    [InlineData("-", "")]
    [InlineData("<b>Contoso IT</b>", "<p><b>Contoso IT</b></p>")]
    public void TheFooterBranches_OfOauth2ProxysTemplates_Work(string footer, string expected)
    {
        const string template = "{{ if eq .Footer \"-\" }}{{ else if eq .Footer \"\"}}<p>Secured with Lanyard</p>{{ else }}<p>{{.Footer}}</p>{{ end }}";

        Assert.Equal(expected, Render(template, footer: footer));
    }

    [Fact]
    public void Values_AreEscaped_InTextAndInAttributes()
    {
        const string hostile = "/x\"><script>alert('1')</script>&";

        var text = Render("<p>{{.Name}}</p>", name: hostile);
        var attribute = Render("<input type=\"hidden\" name=\"rd\" value=\"{{.Name}}\">", name: hostile);
        var single = Render("<input value='{{.Name}}'>", name: hostile);

        Assert.Equal("<p>/x&#34;&gt;&lt;script&gt;alert(&#39;1&#39;)&lt;/script&gt;&amp;</p>", text);
        Assert.Equal("<input type=\"hidden\" name=\"rd\" value=\"/x&#34;&gt;&lt;script&gt;alert(&#39;1&#39;)&lt;/script&gt;&amp;\">", attribute);
        Assert.DoesNotContain("'1'", single, StringComparison.Ordinal);
    }

    [Fact]
    public void HtmlFields_ArePrintedAsMarkup_InText_ButEscaped_InAttributes()
    {
        Assert.Equal("<footer><b>IT</b></footer>", Render("<footer>{{.Footer}}</footer>", footer: "<b>IT</b>"));
        Assert.Equal("<a title=\"&lt;b&gt;IT&lt;/b&gt;\">", Render("<a title=\"{{.Footer}}\">", footer: "<b>IT</b>"));
        Assert.Equal("<p>&lt;B&gt;IT&lt;/B&gt;</p>", Render("<p>{{.Footer | ToUpper}}</p>", footer: "<b>IT</b>"));
    }

    [Theory]
    [InlineData("javascript:alert(1)", "<form action=\"#ZgotmplZ\">")]
    [InlineData("JavaScript:alert(1)", "<form action=\"#ZgotmplZ\">")]
    [InlineData("data:text/html,x", "<form action=\"#ZgotmplZ\">")]
    [InlineData("https://app.contoso.test/a b", "<form action=\"https://app.contoso.test/a%20b\">")]
    [InlineData("/reports?year=2026&q=\"x\"", "<form action=\"/reports?year=2026&amp;q=%22x%22\">")]
    public void UrlAttributes_RefuseForeignSchemes_AndNormalize(string value, string expected) =>
        Assert.Equal(expected, Render("<form action=\"{{.Name}}\">", name: value));

    [Fact]
    public void AValueAfterTheQuestionMark_OfAUrl_IsAQueryComponent() =>
        Assert.Equal("<a href=\"/oauth2/sign_in?rd=%2Fa%3Fb%3D1%26c%3D%22\">", Render("<a href=\"/oauth2/sign_in?rd={{.Name}}\">", name: "/a?b=1&c=\""));

    [Theory]
    [InlineData("<p>\n{{range .Name}}x{{end}}</p>", 2, "{{range}} is not supported")]
    [InlineData("{{with .Name}}x{{end}}", 1, "{{with}} is not supported")]
    [InlineData("{{template \"x\"}}", 1, "{{template}} is not supported")]
    [InlineData("{{$x := .Name}}", 1, "variables ($x) are not supported")]
    [InlineData("{{printf \"%s\" .Name}}", 1, "the function 'printf' is not supported")]
    [InlineData("{{.Name | html}}", 1, "the function 'html' is not supported")]
    [InlineData("{{.Nmae}}", 1, ".Nmae is not a field of page.html (it has .Name, .Footer, .StatusCode, .CustomLogin, .Message)")]
    [InlineData("{{.}}", 1, "{{.}} would print all the page's data")]
    [InlineData("{{.Name.Length}}", 1, "the page's fields have no fields of their own")]
    [InlineData("{{if .Name}}x", 1, "{{if}} from line 1 is never closed with {{end}}")]
    [InlineData("x\n{{end}}", 2, "{{end}} has no {{if}} to belong to")]
    [InlineData("{{if eq .StatusCode \"400\"}}x{{end}}", 1, "eq compares .StatusCode (a number) with \"400\" (a string)")]
    [InlineData("{{.Name", 1, "an action opened with {{ is never closed with }}")]
    [InlineData("{{define \"other.html\"}}x{{end}}", 1, "defines another template")]
    [InlineData("<script>var n = \"{{.Name}}\";</script>", 1, "{{.Name}} is inside <script>, where Lanyard cannot escape it safely")]
    [InlineData("<style>\np { color: {{.Name}} }</style>", 2, "{{.Name}} is inside <style>")]
    [InlineData("<a onclick=\"go('{{.Name}}')\">", 1, "is inside the script of the onclick attribute")]
    [InlineData("<p style=\"color: {{.Name}}\">", 1, "is inside the style attribute")]
    [InlineData("<input value={{.Name}}>", 1, "is an unquoted value of the value attribute")]
    [InlineData("<p {{.Name}}>", 1, "is inside a tag, outside a quoted attribute value")]
    [InlineData("<!-- {{.Name}} -->", 1, "is inside an HTML comment")]
    [InlineData("<p>\n{{if .CustomLogin}}<a href=\"{{end}}x", 2, "the branches of this {{if}} end in different places of the HTML")]
    [InlineData("<p title=\"x>", 1, "the page ends inside the value of the title attribute")]
    public void EverythingElse_IsRefused_WithItsLine(string template, int line, string message)
    {
        var refused = Refused(template);

        Assert.Equal(line, refused.Line);
        Assert.Contains(message, refused.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void AfterAScript_ValuesPrintAgain() =>
        Assert.Equal("<script>if (a < b) {}</script><p>Contoso</p>", Render("<script>if (a < b) {}</script><p>{{.Name}}</p>"));
}
