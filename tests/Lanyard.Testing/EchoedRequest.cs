using System.Text.Json;

namespace Lanyard.Testing;

/// <summary>What the echo upstream (the demo app, asked for JSON) says it received.</summary>
public sealed class EchoedRequest
{
    private readonly Dictionary<string, string> _headers;

    private EchoedRequest(string path, string query, Dictionary<string, string> headers)
    {
        Path = path;
        Query = query;
        _headers = headers;
    }

    public string Path { get; }

    /// <summary>The query string as the upstream saw it, with its leading <c>?</c>; empty when there was none.</summary>
    public string Query { get; }

    public IReadOnlyDictionary<string, string> Headers => _headers;

    public string? Header(string name) => _headers.GetValueOrDefault(name);

    public static EchoedRequest Parse(string json)
    {
        using var document = JsonDocument.Parse(json);
        var root = document.RootElement;
        var headers = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        foreach (var header in root.GetProperty("headers").EnumerateObject())
        {
            headers[header.Name] = header.Value.GetString() ?? "";
        }

        var query = root.TryGetProperty("query", out var value) && value.ValueKind == JsonValueKind.String ? value.GetString()! : "";
        return new EchoedRequest(root.GetProperty("path").GetString() ?? "", query, headers);
    }
}
