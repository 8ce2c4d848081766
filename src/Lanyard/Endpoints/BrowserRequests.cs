namespace Lanyard.Endpoints;

/// <summary>Tells a browser navigation (which can follow a redirect to sign in) from an API call (which cannot).</summary>
internal static class BrowserRequests
{
    public static bool AcceptsHtml(HttpRequest request)
    {
        foreach (var value in request.Headers.Accept)
        {
            if (value is not null && value.Contains("text/html", StringComparison.OrdinalIgnoreCase))
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>A page load: GET or HEAD, wants HTML, and is not a script's XMLHttpRequest.</summary>
    public static bool IsNavigation(HttpRequest request) => IsNavigation(request, request.Method);

    /// <summary>
    /// The same, judged on <paramref name="method"/>: a forward-auth check asks with the gateway's own method (Traefik
    /// sends GET), so the client's is the original one its gateway names.
    /// </summary>
    public static bool IsNavigation(HttpRequest request, string method) =>
        (HttpMethods.IsGet(method) || HttpMethods.IsHead(method))
        && AcceptsHtml(request)
        && !string.Equals(request.Headers.XRequestedWith, "XMLHttpRequest", StringComparison.OrdinalIgnoreCase);
}
