using System.Globalization;
using System.Text.Encodings.Web;
using System.Text.Json;

namespace Lanyard.Endpoints;

/// <summary>
/// Error answers: a short HTML page for browsers, JSON for everything else. They say what went wrong and what to
/// do, carry the request id for support, and never contain a stack trace, a token or a cookie.
/// </summary>
internal static class ErrorResponses
{
    public static Task WriteAsync(HttpContext context, int statusCode, string title, string message, bool offerSignIn = false)
    {
        var response = context.Response;
        response.StatusCode = statusCode;
        NoCacheHeaders.Apply(response);
        if (!BrowserRequests.AcceptsHtml(context.Request))
        {
            response.ContentType = "application/json; charset=utf-8";
            return response.WriteAsync(JsonSerializer.Serialize(new ErrorBody(title, message, context.TraceIdentifier), EndpointJsonContext.Default.ErrorBody));
        }

        response.ContentType = "text/html; charset=utf-8";
        var html = HtmlEncoder.Default;
        var signIn = offerSignIn ? $"<p><a href=\"{html.Encode(EndpointPaths.Of(context).Start)}?rd=%2F\">Sign in again</a></p>" : "";
        return response.WriteAsync(string.Create(CultureInfo.InvariantCulture, $$"""
            <!DOCTYPE html>
            <html lang="en"><head><meta charset="utf-8"><title>{{html.Encode(title)}}</title>
            <meta name="viewport" content="width=device-width, initial-scale=1">
            <style>body{font-family:system-ui,sans-serif;max-width:40rem;margin:4rem auto;padding:0 1rem;color:#222}code{color:#555}</style>
            </head><body>
            <h1>{{statusCode}} {{html.Encode(title)}}</h1>
            <p>{{html.Encode(message)}}</p>
            {{signIn}}
            <p><small>Request id: <code>{{html.Encode(context.TraceIdentifier)}}</code></small></p>
            </body></html>
            """));
    }
}

internal sealed record ErrorBody(
    [property: System.Text.Json.Serialization.JsonPropertyName("error")] string Error,
    [property: System.Text.Json.Serialization.JsonPropertyName("message")] string Message,
    [property: System.Text.Json.Serialization.JsonPropertyName("request_id")] string RequestId);
