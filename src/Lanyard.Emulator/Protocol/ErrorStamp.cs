namespace Lanyard.Emulator.Protocol;

/// <summary>The trace id, correlation id and time Entra attaches to every error it reports.</summary>
internal sealed record ErrorStamp(string TraceId, string CorrelationId, string Timestamp)
{
    /// <summary><c>AADSTS&lt;code&gt;: text Trace ID: … Correlation ID: … Timestamp: …</c>, single spaces as Entra sends today.</summary>
    public string Describe(EntraError error) =>
        $"AADSTS{error.Code}: {error.Message} Trace ID: {TraceId} Correlation ID: {CorrelationId} Timestamp: {Timestamp}";
}
