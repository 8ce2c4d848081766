using System.Text.Json;
using System.Text.RegularExpressions;

namespace Lanyard.Emulator.Tests.Harness;

/// <summary>Assertions for Entra's error shapes (entra-protocol.md §2 and §3.4).</summary>
internal static partial class EntraErrorShape
{
    /// <summary>The JSON body: Entra's fields in Entra's order, and a description that ends with Trace ID / Correlation ID / Timestamp.</summary>
    public static void AssertJson(JsonElement body, string error, int code)
    {
        // Entra adds "suberror" (consent_required, …) after error_uri when it has one, nothing else.
        string[] fields = ["error", "error_description", "error_codes", "timestamp", "trace_id", "correlation_id", "error_uri"];
        var names = body.EnumerateObject().Select(p => p.Name).ToArray();
        Assert.Equal(fields, names.Take(fields.Length));
        Assert.All(names.Skip(fields.Length), extra => Assert.Equal("suberror", extra));
        Assert.Equal(error, body.GetProperty("error").GetString());
        var description = body.GetProperty("error_description").GetString()!;
        AssertDescription(description, code);
        Assert.Equal([code], body.GetProperty("error_codes").EnumerateArray().Select(e => e.GetInt32()));
        var timestamp = body.GetProperty("timestamp").GetString()!;
        Assert.Matches(TimestampPattern(), timestamp);
        var traceId = body.GetProperty("trace_id").GetString()!;
        var correlationId = body.GetProperty("correlation_id").GetString()!;
        Assert.True(Guid.TryParse(traceId, out _));
        Assert.True(Guid.TryParse(correlationId, out _));
        Assert.EndsWith($" Trace ID: {traceId} Correlation ID: {correlationId} Timestamp: {timestamp}", description, StringComparison.Ordinal);
        Assert.Equal($"{EmulatorHarness.Authority}/error?code={code}", body.GetProperty("error_uri").GetString());
    }

    public static void AssertDescription(string description, int code) =>
        Assert.Matches($"^AADSTS{code}: .+ Trace ID: [0-9a-f-]{{36}} Correlation ID: [0-9a-f-]{{36}} Timestamp: \\d{{4}}-\\d\\d-\\d\\d \\d\\d:\\d\\d:\\d\\dZ$", description);

    [GeneratedRegex(@"^\d{4}-\d\d-\d\d \d\d:\d\d:\d\dZ$")]
    private static partial Regex TimestampPattern();
}
