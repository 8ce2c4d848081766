namespace Lanyard.Observability;

/// <summary>
/// Who asked the one decision stage "may this request pass?": the <c>caller</c> label of
/// <c>lanyard_access_decisions_total</c> and the <c>lanyard.caller</c> span attribute. A closed set, so the label
/// stays low-cardinality.
/// </summary>
internal enum AccessCaller
{
    /// <summary>A request Lanyard proxies to an upstream itself.</summary>
    Proxy,

    /// <summary>nginx <c>auth_request</c> (and HAProxy) on <c>/oauth2/auth</c>.</summary>
    AuthRequest,

    /// <summary>Traefik <c>forwardAuth</c> and Caddy <c>forward_auth</c> on <c>/oauth2/forward-auth</c> (or <c>/oauth2/auth</c>'s gateway form).</summary>
    ForwardAuth,

    /// <summary>Envoy's HTTP <c>ext_authz</c> with <c>path_prefix</c>: <c>/oauth2/auth/{original path}</c>.</summary>
    ExtAuthzHttp,

    /// <summary>Envoy's gRPC <c>ext_authz</c> <c>Check</c>.</summary>
    ExtAuthzGrpc,
}
