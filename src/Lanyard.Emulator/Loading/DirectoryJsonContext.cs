using System.Text.Json.Serialization;

namespace Lanyard.Emulator.Loading;

// Unknown members are errors so a misspelt "redirectUri" fails loudly instead of registering an app with none;
// nullable annotations are enforced so a missing required string is reported with its JSON path.
[JsonSourceGenerationOptions(
    PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase,
    UnmappedMemberHandling = JsonUnmappedMemberHandling.Disallow,
    RespectNullableAnnotations = true,
    UseStringEnumConverter = true,
    ReadCommentHandling = System.Text.Json.JsonCommentHandling.Skip,
    AllowTrailingCommas = true)]
[JsonSerializable(typeof(DirectoryDocument))]
internal sealed partial class DirectoryJsonContext : JsonSerializerContext;
