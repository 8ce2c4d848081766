namespace Lanyard.ForwardAuth.ExtAuthz;

/// <summary>What the gRPC adapter leaves on the request it builds, for the decision to read.</summary>
public static class ExtAuthzContext
{
    /// <summary>
    /// <c>context.Items</c> key of the route's <c>context_extensions</c> (an <c>IReadOnlyDictionary&lt;string, string&gt;</c>,
    /// empty when Envoy sent none); <c>rule_set</c> in it names the rule set for the route.
    /// </summary>
    public static readonly object ContextExtensions = new();

    /// <summary>The limit on a <c>CheckRequest</c>: headers and, with <c>with_request_body</c>, a body; 1 MiB is far above any real one.</summary>
    public const int MaxCheckRequestBytes = 1024 * 1024;
}
