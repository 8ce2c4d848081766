namespace Lanyard.Authorization.Routes;

/// <summary>What the per-route rules say about a signed-in request: a closed set, and every consumer's switch ends in deny.</summary>
internal abstract record RouteAuthorization
{
    private RouteAuthorization()
    {
    }

    /// <summary>The request may pass: <paramref name="Rule"/> allowed it, or null when its rule set has no rules.</summary>
    public sealed record Allow(RouteRule? Rule) : RouteAuthorization;

    /// <summary><paramref name="Rule"/> (a rule's name, <c>default-deny</c> or <c>rule-set</c>) refused, for <paramref name="Reason"/>.</summary>
    public sealed record Deny(string Rule, string Reason) : RouteAuthorization;

    public static readonly RouteAuthorization NoRules = new Allow(null);
}
