namespace Lanyard.ForwardAuth;

/// <summary>
/// The forward-auth decision, asked about a request Lanyard did not receive itself (the gRPC ext_authz listener
/// builds one from Envoy's <c>CheckRequest</c>). The answer is the HTTP one the forward-auth endpoint gives: status,
/// headers and body on the synthetic context's response. There is no other decision path.
/// </summary>
internal interface IForwardAuthCheck
{
    Task CheckAsync(HttpContext syntheticContext);
}
