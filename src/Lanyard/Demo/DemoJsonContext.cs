using System.Text.Json.Serialization;

namespace Lanyard.Demo;

[JsonSerializable(typeof(Dictionary<string, object?>))]
[JsonSerializable(typeof(Dictionary<string, string>))]
[JsonSerializable(typeof(string))]
internal sealed partial class DemoJsonContext : JsonSerializerContext;
