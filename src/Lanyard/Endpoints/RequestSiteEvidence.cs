namespace Lanyard.Endpoints;

/// <summary>
/// Whether a state-changing request (sign-out, a password sign-in) came from this site, so another site cannot
/// cause it (logout and login CSRF, issue 9 finding 9): <c>Sec-Fetch-Site</c>, else <c>Origin</c> or <c>Referer</c>
/// against this host and the whitelisted ones.
/// </summary>
internal static class RequestSiteEvidence
{
    /// <summary>
    /// GET needs positive evidence of coming from this site (or a whitelisted one); POST is refused only on
    /// evidence of coming from elsewhere, so <c>curl -X POST</c> and server-side callers keep working.
    /// </summary>
    public static bool IsFromThisSite(HttpRequest request, ValidateRedirectTarget redirects)
    {
        var fetchSite = request.Headers["Sec-Fetch-Site"].ToString();
        if (fetchSite is "same-origin" or "none")
        {
            return true;
        }

        var origin = OriginOf(request.Headers.Origin) ?? OriginOf(request.Headers.Referer);
        if (origin is not null)
        {
            return redirects.IsTrustedOrigin(origin, request.Host);
        }

        return HttpMethods.IsPost(request.Method) && fetchSite is not ("cross-site" or "same-site");
    }

    private static Uri? OriginOf(Microsoft.Extensions.Primitives.StringValues header) =>
        header.ToString() is { Length: > 0 } text && text != "null" && Uri.TryCreate(text, UriKind.Absolute, out var uri) ? uri : null;
}
