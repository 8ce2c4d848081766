using System.Diagnostics;

namespace Lanyard.Observability;

/// <summary>
/// Lanyard's one <see cref="ActivitySource"/> ("Lanyard"): the child spans of a request (token endpoint, Microsoft
/// Graph, session store, TokenReview) and the decision's attributes on the request's server span. Nothing listens
/// unless tracing is on (<see cref="TelemetrySwitches"/>), and then <see cref="ActivitySource.StartActivity(string, ActivityKind)"/>
/// returns null and every tag call here is skipped: off costs one check.
/// </summary>
internal static class LanyardTracing
{
    public const string SourceName = "Lanyard";

    public const string DecisionAttribute = "lanyard.decision";
    public const string RuleAttribute = "lanyard.rule";
    public const string CallerAttribute = "lanyard.caller";

    public static readonly ActivitySource Source = new(SourceName, Endpoints.LanyardVersion.Current);

    /// <summary>A span for a call Lanyard makes (token endpoint, Graph, Redis), or null when nobody records it.</summary>
    public static Activity? StartCall(string name) => Source.HasListeners() ? Source.StartActivity(name, ActivityKind.Client) : null;

    /// <summary>A span for work inside Lanyard (a TokenReview), or null when nobody records it.</summary>
    public static Activity? StartInternal(string name) => Source.HasListeners() ? Source.StartActivity(name, ActivityKind.Internal) : null;

    /// <summary>
    /// The decision on the request's own span (ASP.NET Core's server activity). Only while tracing is on: with it
    /// off, ASP.NET Core may still make an activity for log scopes, and tagging that would allocate for nothing.
    /// </summary>
    public static void TagDecision(string decision, string rule, AccessCaller caller)
    {
        if (!Source.HasListeners() || Activity.Current is not { IsAllDataRequested: true } request)
        {
            return;
        }

        request.SetTag(DecisionAttribute, decision);
        if (rule.Length > 0)
        {
            request.SetTag(RuleAttribute, rule);
        }

        request.SetTag(CallerAttribute, LanyardMetrics.CallerLabel(caller));
    }

    /// <summary>An error on a span, by kind only: exception messages may name hosts, never put tokens here.</summary>
    public static void Failed(Activity? activity, string description)
    {
        activity?.SetStatus(ActivityStatusCode.Error, description);
    }
}
