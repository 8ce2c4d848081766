using System.Globalization;
using Lanyard.Emulator.Pages;
using Microsoft.AspNetCore.Http;

namespace Lanyard.Emulator.Protocol;

/// <summary>Reports an <see cref="EntraError"/> in each of the three ways Entra does: JSON, redirect, or its own page.</summary>
internal sealed class EntraErrorWriter(TimeProvider time)
{
    public ErrorStamp Stamp(HttpContext context)
    {
        // Entra echoes the client's client-request-id as the correlation id (entra-protocol.md §3.4), MSAL sends one.
        var clientRequestId = context.Request.Headers["client-request-id"].ToString();
        var correlationId = Guid.TryParse(clientRequestId, out var id) ? id : Guid.NewGuid();
        return new ErrorStamp(Guid.NewGuid().ToString("D"), correlationId.ToString("D"), EntraTimestamp.Format(time.GetUtcNow()));
    }

    /// <summary>The token-endpoint body shape of entra-protocol.md §3.4.</summary>
    public Task WriteJsonAsync(HttpContext context, string authority, EntraError error)
    {
        var stamp = Stamp(context);
        context.Response.Headers.CacheControl = "no-store, no-cache";
        context.Response.Headers.Pragma = "no-cache";
        context.Response.Headers["x-ms-request-id"] = stamp.TraceId;
        return JsonResponse.WriteAsync(context, error.StatusCode, w =>
        {
            w.WriteStartObject();
            w.WriteString("error", error.Error);
            w.WriteString("error_description", stamp.Describe(error));
            w.WriteStartArray("error_codes");
            w.WriteNumberValue(error.Code);
            w.WriteEndArray();
            w.WriteString("timestamp", stamp.Timestamp);
            w.WriteString("trace_id", stamp.TraceId);
            w.WriteString("correlation_id", stamp.CorrelationId);
            w.WriteString("error_uri", ErrorUri(authority, error));
            if (error.Suberror is { } suberror)
            {
                w.WriteString("suberror", suberror);
            }

            w.WriteEndObject();
        });
    }

    /// <summary>
    /// Sends the error back to a redirect URI that has already been checked against the registration (§2), in the
    /// response mode the request asked for, as Entra does.
    /// </summary>
    public Task RedirectAsync(HttpContext context, string authority, string redirectUri, EntraError error, string? state, AuthorizeResponseMode mode)
    {
        var stamp = Stamp(context);
        var parameters = new List<KeyValuePair<string, string>>
        {
            new("error", error.Error),
            new("error_description", stamp.Describe(error)),
            new("error_uri", ErrorUri(authority, error)),
        };
        if (state is not null)
        {
            parameters.Add(new("state", state));
        }

        return AuthorizeResponse.WriteAsync(context, redirectUri, mode, parameters);
    }

    /// <summary>Entra's "Sorry, but we're having trouble signing you in" page, for errors it must not redirect.</summary>
    public Task WritePageAsync(HttpContext context, EntraError error) =>
        ErrorPage.WriteAsync(context, error, Stamp(context));

    private static string ErrorUri(string authority, EntraError error) =>
        string.Create(CultureInfo.InvariantCulture, $"{authority}/error?code={error.Code}");
}
