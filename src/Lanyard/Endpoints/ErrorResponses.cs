using System.Globalization;
using System.Text.Encodings.Web;
using System.Text.Json;
using Lanyard.Configuration;
using Lanyard.Endpoints.Templates;

namespace Lanyard.Endpoints;

/// <summary>
/// Error answers: a short HTML page for browsers, JSON for everything else. They say what went wrong and what to
/// do, carry the request id for support, and never contain a stack trace, a token or a cookie. <c>json</c> answers
/// JSON whatever the client accepts (<c>force_json_errors</c>, <c>api_routes</c>).
/// </summary>
internal static class ErrorResponses
{
    public static Task WriteAsync(HttpContext context, int statusCode, string title, string message, bool offerSignIn = false, bool json = false)
    {
        var response = context.Response;
        response.StatusCode = statusCode;
        NoCacheHeaders.Apply(response);
        if (json || !BrowserRequests.AcceptsHtml(context.Request))
        {
            response.ContentType = "application/json; charset=utf-8";
            return response.WriteAsync(JsonSerializer.Serialize(new ErrorBody(title, message, context.TraceIdentifier), EndpointJsonContext.Default.ErrorBody));
        }

        var pages = context.RequestServices?.GetService<PageOptions>() ?? PageOptions.Default;
        if (pages.ErrorTemplate is { } template)
        {
            return HtmlPage.WriteRenderedAsync(context, statusCode, template.Render(TemplateData(context, statusCode, title, message, offerSignIn, pages)));
        }

        response.ContentType = "text/html; charset=utf-8";
        var html = HtmlEncoder.Default;
        var signIn = offerSignIn ? $"<p><a href=\"{html.Encode(EndpointPaths.Of(context).Start)}?rd=%2F\">Sign in again</a></p>" : "";
        return response.WriteAsync(string.Create(CultureInfo.InvariantCulture, $$"""
            <!DOCTYPE html>
            <html lang="en"><head><meta charset="utf-8"><title>{{html.Encode(title)}}</title>
            <meta name="viewport" content="width=device-width, initial-scale=1">
            <style>body{font-family:system-ui,sans-serif;max-width:40rem;margin:4rem auto;padding:0 1rem;color:#222}code{color:#555}footer{margin-top:3rem;color:#777}</style>
            </head><body>
            <h1>{{statusCode}} {{html.Encode(title)}}</h1>
            <p>{{html.Encode(message)}}</p>
            {{signIn}}
            <p><small>Request id: <code>{{html.Encode(context.TraceIdentifier)}}</code></small></p>
            {{HtmlPage.Footer(pages)}}
            </body></html>
            """));
    }

    private static readonly int Title = PageTemplateFields.Error.IndexOf("Title");
    private static readonly int Message = PageTemplateFields.Error.IndexOf("Message");
    private static readonly int ProxyPrefix = PageTemplateFields.Error.IndexOf("ProxyPrefix");
    private static readonly int StatusCode = PageTemplateFields.Error.IndexOf("StatusCode");
    private static readonly int Redirect = PageTemplateFields.Error.IndexOf("Redirect");
    private static readonly int RequestId = PageTemplateFields.Error.IndexOf("RequestID");
    private static readonly int Footer = PageTemplateFields.Error.IndexOf("Footer");
    private static readonly int Version = PageTemplateFields.Error.IndexOf("Version");

    /// <summary>oauth2-proxy's error-page data; Redirect (its "Go back" and "Sign in" buttons) is set where Lanyard offers signing in again.</summary>
    private static TemplateValue[] TemplateData(HttpContext context, int statusCode, string title, string message, bool offerSignIn, PageOptions pages)
    {
        var values = new TemplateValue[PageTemplateFields.Error.Count];
        values[Title] = TemplateValue.Of(title);
        values[Message] = TemplateValue.Of(message);
        values[ProxyPrefix] = TemplateValue.Of(EndpointPaths.Of(context).Prefix);
        values[StatusCode] = TemplateValue.Of(statusCode);
        values[Redirect] = TemplateValue.Of(offerSignIn ? "/" : "");
        values[RequestId] = TemplateValue.Of(context.TraceIdentifier);
        values[Footer] = TemplateValue.OfHtml(pages.Footer);
        values[Version] = TemplateValue.Of(LanyardVersion.Current);
        return values;
    }
}

internal sealed record ErrorBody(
    [property: System.Text.Json.Serialization.JsonPropertyName("error")] string Error,
    [property: System.Text.Json.Serialization.JsonPropertyName("message")] string Message,
    [property: System.Text.Json.Serialization.JsonPropertyName("request_id")] string RequestId);
