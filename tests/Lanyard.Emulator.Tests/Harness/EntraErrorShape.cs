using System.Text.Json;
using System.Text.RegularExpressions;

namespace Lanyard.Emulator.Tests.Harness;

/// <summary>Assertions for Entra's error shapes (entra-protocol.md §2 and §3.4).</summary>
internal static partial class EntraErrorShape
{
    /// <summary>The JSON body: every field, and a description that ends with Trace ID / Correlation ID / Timestamp.</summary>
    public static void AssertJson(JsonElement body, string error, int code)
    {
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
