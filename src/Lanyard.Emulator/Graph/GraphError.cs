namespace Lanyard.Emulator.Graph;

/// <summary>One Microsoft Graph error: HTTP status, Graph's <c>code</c> and its message (entra-protocol.md §5.3).</summary>
/// <param name="RetryAfterSeconds">Sent as <c>Retry-After</c> with throttling and outages.</param>
internal sealed record GraphError(int StatusCode, string Code, string Message, int? RetryAfterSeconds = null);
