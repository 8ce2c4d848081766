using System.Text.Json.Serialization;

namespace Lanyard.Sessions;

/// <summary>Source-generated serializers for what goes into cookies: no reflection on the hot path.</summary>
[JsonSourceGenerationOptions(DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull)]
[JsonSerializable(typeof(SessionTicket))]
[JsonSerializable(typeof(SignInAttempt))]
internal sealed partial class SessionJsonContext : JsonSerializerContext;
