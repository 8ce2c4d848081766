using Lanyard.Configuration;

namespace Lanyard.Endpoints;

/// <summary>
/// The redirect URI sent to the provider: <c>redirect_url</c> when set, else this host's <c>{proxy_prefix}/callback</c>.
/// With <c>cookie_secure</c> on, a derived URI is https even if this hop was plain http (TLS ends before us),
/// as oauth2-proxy does. With <c>relative_redirect_url</c>, a path sent as it is (oauth2-proxy's getOAuthRedirectURI).
/// </summary>
internal static class CallbackUri
{
    public static string For(HttpRequest request, LanyardOptions options)
    {
        if (options.Redirect.RelativeCallbackPath is { } relative)
        {
            return relative;
        }

        if (options.Provider.RedirectUrl is { } configured)
        {
            return configured.AbsoluteUri;
        }

        var scheme = options.Cookie.Secure ? Uri.UriSchemeHttps : request.Scheme;
        return $"{scheme}://{request.Host.ToUriComponent()}{new EndpointPaths(options.ProxyPrefix).Callback}";
    }
}
