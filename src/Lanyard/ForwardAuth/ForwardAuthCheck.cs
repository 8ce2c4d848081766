using Lanyard.ForwardAuth.ExtAuthz;

namespace Lanyard.ForwardAuth;

/// <summary>
/// <see cref="IForwardAuthCheck"/> by the forward-auth endpoint itself, in the gateway dialect Envoy's HTTP service
/// gets (200, or a sign-in redirect for a page load): the one seam between the gRPC adapter and the decision. The
/// original request is the one the <c>CheckRequest</c> named; the rule set is the route's
/// <c>context_extensions["rule_set"]</c>. The application's own query never selects rules or a rule set.
/// </summary>
internal sealed class ForwardAuthCheck(ForwardAuthEndpoint endpoint) : IForwardAuthCheck
{
    public const string RuleSetExtension = "rule_set";

    public Task CheckAsync(HttpContext syntheticContext)
    {
        var ruleSet = syntheticContext.Items.TryGetValue(ExtAuthzContext.ContextExtensions, out var value)
                      && value is IReadOnlyDictionary<string, string> extensions
                      && extensions.TryGetValue(RuleSetExtension, out var name)
            ? name
            : null;
        var original = OriginalRequest.FromForwardedHeaders(syntheticContext) with { RuleSet = ruleSet };
        return endpoint.HandleAsync(syntheticContext, original, ForwardAuthMode.Gateway, gatewayQuery: null, Observability.AccessCaller.ExtAuthzGrpc);
    }
}
