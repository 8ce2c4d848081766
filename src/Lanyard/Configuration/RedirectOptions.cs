namespace Lanyard.Configuration;

/// <summary>
/// Where <c>rd=</c> may send a user after sign-in or sign-out, beyond the host they came to; whether a browser
/// without a session sees the sign-in page (oauth2-proxy's default) or goes straight to the provider
/// (<c>skip_provider_button</c>); and how requests and the OAuth state are read and sent.
/// </summary>
/// <param name="EncodeState"><c>encode_state</c>: the <c>state</c> parameter goes to the provider base64url-encoded.</param>
/// <param name="AllowQuerySemicolons"><c>allow_query_semicolons</c>: <c>;</c> separates query parameters as <c>&amp;</c> does.</param>
/// <param name="ForceHttpsPort"><c>force_https</c>: plain-HTTP requests are redirected to https, to this port when the
/// request named one (<c>https_address</c>'s); null when off.</param>
internal sealed record RedirectOptions(
    IReadOnlyList<string> WhitelistDomains,
    bool SkipProviderButton = false,
    bool EncodeState = false,
    bool AllowQuerySemicolons = false,
    int? ForceHttpsPort = null)
{
    /// <summary>
    /// <c>relative_redirect_url</c>: the redirect URI sent to the provider exactly as configured, a path
    /// (<c>redirect_url</c>'s, or <c>{proxy_prefix}/callback</c>) with no host taken from the request; null when off
    /// or when <c>redirect_url</c> is absolute (which is sent as configured anyway).
    /// </summary>
    public string? RelativeCallbackPath { get; init; }
}
