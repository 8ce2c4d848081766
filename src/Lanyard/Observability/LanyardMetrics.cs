using System.Diagnostics;
using System.Diagnostics.Metrics;

namespace Lanyard.Observability;

/// <summary>
/// Every metric Lanyard records, on one <see cref="Meter"/> ("Lanyard") from <see cref="IMeterFactory"/>. oauth2-proxy's
/// three request metrics keep its names (oauth2-proxy.md §1.4); the rest are Lanyard's, prefixed <c>lanyard_</c>.
/// Instrument names leave the unit and <c>_total</c> to the Prometheus exporter (OpenTelemetry's naming rules), so
/// a scrape shows <c>oauth2_proxy_requests_total</c> and <c>oauth2_proxy_response_duration_seconds</c>.
/// Labels are low-cardinality by construction: closed sets, status codes, rule names from the configuration; never
/// a user, a path, a token. With no listener (no metrics address, no OTLP metrics) every call is one
/// <c>Enabled</c> check; with one, a measurement allocates nothing (pre-built label values, at most three tags).
/// </summary>
internal sealed class LanyardMetrics
{
    public const string MeterName = "Lanyard";

    /// <summary>Prometheus' default buckets, which oauth2-proxy's duration histogram uses.</summary>
    private static readonly double[] PrometheusDefaultBuckets = [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10];

    /// <summary>A session store answers in microseconds (cookie) to milliseconds (Redis): finer buckets.</summary>
    private static readonly double[] StoreBuckets = [0.0001, 0.00025, 0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1];

    private static readonly object[] StatusLabels = [.. Enumerable.Range(0, 1000).Select(code => (object)code.ToString(System.Globalization.CultureInfo.InvariantCulture))];
    private static readonly string[] CallerLabels = ["proxy", "auth_request", "forward_auth", "ext_authz_http", "ext_authz_grpc"];

    private readonly Counter<long> _requests;
    private readonly UpDownCounter<long> _inFlight;
    private readonly Histogram<double> _duration;
    private readonly Counter<long> _decisions;
    private readonly Counter<long> _signIns;
    private readonly Counter<long> _refreshes;
    private readonly Counter<long> _graphRequests;
    private readonly Counter<long> _tokenRequests;
    private readonly Histogram<double> _storeDuration;
    private readonly Counter<long> _storeErrors;
    private readonly Counter<long> _jwksRefreshes;
    private readonly Counter<long> _tokenReviews;
    private readonly Counter<long> _providerDocuments;

    public LanyardMetrics(IMeterFactory meters)
    {
        var meter = meters.Create(MeterName, Endpoints.LanyardVersion.Current);
        _requests = meter.CreateCounter<long>("oauth2_proxy_requests", description: "Total number of requests by HTTP status code.");
        _inFlight = meter.CreateUpDownCounter<long>("oauth2_proxy_requests_in_flight", description: "Current number of requests being served.");
        _duration = meter.CreateHistogram("oauth2_proxy_response_duration", "s", "A histogram of request latencies.",
            advice: new InstrumentAdvice<double> { HistogramBucketBoundaries = PrometheusDefaultBuckets });
        _decisions = meter.CreateCounter<long>("lanyard_access_decisions", description: "Access decisions by result (allow, skipped, sign_in_required, denied), the rule that made them and who asked.");
        _signIns = meter.CreateCounter<long>("lanyard_sign_ins", description: "Sign-in callbacks by outcome.");
        _refreshes = meter.CreateCounter<long>("lanyard_session_refreshes", description: "Session refreshes (refresh token redemptions) by outcome.");
        _graphRequests = meter.CreateCounter<long>("lanyard_graph_requests", description: "Microsoft Graph requests by outcome (ok, throttled, error, unreachable).");
        _tokenRequests = meter.CreateCounter<long>("lanyard_token_requests", description: "Token endpoint requests by grant type and outcome.");
        _storeDuration = meter.CreateHistogram("lanyard_session_store_duration", "s", "Session store operations by store and operation.",
            advice: new InstrumentAdvice<double> { HistogramBucketBoundaries = StoreBuckets });
        _storeErrors = meter.CreateCounter<long>("lanyard_session_store_errors", description: "Session store operations that failed (store unreachable), by store and operation.");
        _jwksRefreshes = meter.CreateCounter<long>("lanyard_jwks_refreshes", description: "Signing key set refetches for an unknown key id, by outcome.");
        _tokenReviews = meter.CreateCounter<long>("lanyard_token_reviews", description: "Kubernetes TokenReviews by result.");
        _providerDocuments = meter.CreateCounter<long>("lanyard_provider_document_fetches", description: "Fetches of the provider's discovery document and signing keys, by document and outcome.");
    }

    public void RequestStarted() => _inFlight.Add(1);

    public void RequestEnded(int status, string method, TimeSpan elapsed)
    {
        _inFlight.Add(-1);
        _requests.Add(1, new KeyValuePair<string, object?>("code", (uint)status < StatusLabels.Length ? StatusLabels[status] : StatusLabels[0]));
        _duration.Record(elapsed.TotalSeconds, new KeyValuePair<string, object?>("method", MethodLabel(method)));
    }

    public void AccessDecided(string result, string rule, AccessCaller caller)
    {
        if (_decisions.Enabled)
        {
            var tags = new TagList { { "result", result }, { "rule", rule }, { "caller", CallerLabel(caller) } };
            _decisions.Add(1, in tags);
        }
    }

    public void SignIn(string outcome) => _signIns.Add(1, new KeyValuePair<string, object?>("outcome", outcome));

    public void Refresh(string outcome) => _refreshes.Add(1, new KeyValuePair<string, object?>("outcome", outcome));

    public void GraphRequest(string outcome) => _graphRequests.Add(1, new KeyValuePair<string, object?>("outcome", outcome));

    public void TokenRequest(string grant, string outcome) =>
        _tokenRequests.Add(1, new KeyValuePair<string, object?>("grant", grant), new KeyValuePair<string, object?>("outcome", outcome));

    public void StoreOperation(string store, string operation, TimeSpan elapsed) =>
        _storeDuration.Record(elapsed.TotalSeconds, new KeyValuePair<string, object?>("store", store), new KeyValuePair<string, object?>("operation", operation));

    public void StoreError(string store, string operation) =>
        _storeErrors.Add(1, new KeyValuePair<string, object?>("store", store), new KeyValuePair<string, object?>("operation", operation));

    public void JwksRefresh(string outcome) => _jwksRefreshes.Add(1, new KeyValuePair<string, object?>("outcome", outcome));

    /// <param name="document"><c>discovery</c> or <c>keys</c>.</param>
    /// <param name="outcome"><c>ok</c>, or <c>error</c> (unreachable, refused, or not an http(s) URL Lanyard may fetch).</param>
    public void ProviderDocumentFetched(string document, string outcome) =>
        _providerDocuments.Add(1, new KeyValuePair<string, object?>("document", document), new KeyValuePair<string, object?>("outcome", outcome));

    public void TokenReview(string result) => _tokenReviews.Add(1, new KeyValuePair<string, object?>("result", result));

    public static string CallerLabel(AccessCaller caller) => (uint)caller < (uint)CallerLabels.Length ? CallerLabels[(int)caller] : "other";

    /// <summary>
    /// promhttp's method label: the standard methods lower-cased. Any other method is "other": a client chooses the
    /// method, and a label it can invent without bound would let it grow the scrape without bound.
    /// </summary>
    public static string MethodLabel(string method) => method switch
    {
        "GET" => "get",
        "HEAD" => "head",
        "POST" => "post",
        "PUT" => "put",
        "DELETE" => "delete",
        "PATCH" => "patch",
        "OPTIONS" => "options",
        "CONNECT" => "connect",
        "TRACE" => "trace",
        _ => "other",
    };
}
