using System.Text.Json.Serialization;

namespace Lanyard.Endpoints;

[JsonSourceGenerationOptions(DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull)]
[JsonSerializable(typeof(ErrorBody))]
[JsonSerializable(typeof(UserInfoBody))]
internal sealed partial class EndpointJsonContext : JsonSerializerContext;
