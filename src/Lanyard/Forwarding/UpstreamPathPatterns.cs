using Microsoft.AspNetCore.Routing.Matching;
using Yarp.ReverseProxy.Model;

namespace Lanyard.Forwarding;

/// <summary>
/// Alpha upstreams with <c>rewriteTarget</c> match by regular expression, which route templates cannot say: their
/// YARP routes match every path, and this policy drops each such candidate whose pattern the path does not match,
/// before the router picks one. The pattern runs on the decoded path, as oauth2-proxy's runs on Go's URL.Path.
/// </summary>
internal sealed class UpstreamPathPatterns(UpstreamTable upstreams) : MatcherPolicy, IEndpointSelectorPolicy
{
    // After the HTTP-method policy, so only endpoints that can answer the method are looked at.
    public override int Order => 1000;

    public bool AppliesToEndpoints(IReadOnlyList<Endpoint> endpoints) => endpoints.Any(e => Rewrite(e) is not null);

    public Task ApplyAsync(HttpContext httpContext, CandidateSet candidates)
    {
        var path = httpContext.Request.Path.Value ?? "/";
        for (var i = 0; i < candidates.Count; i++)
        {
            if (candidates.IsValidCandidate(i) && Rewrite(candidates[i].Endpoint) is { } rewrite && !rewrite.Pattern.IsMatch(path))
            {
                candidates.SetValidity(i, false);
            }
        }

        return Task.CompletedTask;
    }

    private Configuration.UpstreamRewrite? Rewrite(Endpoint endpoint) =>
        endpoint.Metadata.GetMetadata<RouteModel>() is { } route ? upstreams.Find(route.Config.RouteId)?.Rewrite : null;
}
