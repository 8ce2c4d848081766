namespace Lanyard.ForwardAuth;

/// <summary>How a gateway reads a forward-auth answer, which decides how Lanyard writes it.</summary>
internal enum ForwardAuthMode
{
    /// <summary>
    /// nginx <c>auth_request</c> (and HAProxy's Lua auth-request, and oauth2-proxy's <c>/oauth2/auth</c> users):
    /// 202 allows, only 401 and 403 deny — any other status, a redirect included, is an nginx error — so it never
    /// redirects; the gateway's <c>error_page 401</c> sends the browser to sign in.
    /// </summary>
    AuthRequest,

    /// <summary>
    /// Traefik <c>forwardAuth</c>, Caddy <c>forward_auth</c>, Envoy HTTP <c>ext_authz</c> and Istio's
    /// <c>envoyExtAuthzHttp</c>: 200 allows (Envoy treats 202 and 204 as denials), and any other answer goes to the
    /// client as it is, so a browser that is not signed in gets a 302 to sign in and every other client a 401.
    /// </summary>
    Gateway,
}
