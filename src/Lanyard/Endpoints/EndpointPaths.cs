namespace Lanyard.Endpoints;

/// <summary>
/// Where Lanyard's own endpoints live: under <c>proxy_prefix</c> (default <c>/oauth2</c>), as oauth2-proxy nests
/// them, so an app that owns <c>/oauth2</c> can move them aside. Everything under the prefix is Lanyard's and never
/// reaches an upstream.
/// </summary>
internal sealed record EndpointPaths(string Prefix)
{
    public const string DefaultPrefix = "/oauth2";

    public static readonly EndpointPaths Default = new(DefaultPrefix);

    public string Start { get; } = Prefix + "/start";

    public string SignIn { get; } = Prefix + "/sign_in";

    public string Callback { get; } = Prefix + "/callback";

    public string SignOut { get; } = Prefix + "/sign_out";

    /// <summary>nginx <c>auth_request</c> (oauth2-proxy's); <c>{Auth}/{path}</c> is Envoy's <c>path_prefix</c> form.</summary>
    public string Auth { get; } = Prefix + "/auth";

    /// <summary>Traefik <c>forwardAuth</c> and Caddy <c>forward_auth</c>: 200, or a redirect to sign in.</summary>
    public string ForwardAuth { get; } = Prefix + "/forward-auth";

    public string UserInfo { get; } = Prefix + "/userinfo";

    /// <summary>The paths an error page or a browser may be sent to, from any request.</summary>
    public static EndpointPaths Of(HttpContext context) => context.RequestServices.GetService<EndpointPaths>() ?? Default;
}
