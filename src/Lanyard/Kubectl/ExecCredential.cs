using System.Globalization;
using System.Text;
using System.Text.Json;

namespace Lanyard.Kubectl;

/// <summary>
/// The one thing a kubectl exec plugin prints on stdout (kubernetes-authn.md §3.3): an <c>ExecCredential</c> whose
/// <c>apiVersion</c> equals the kubeconfig's <c>exec.apiVersion</c>, which client-go tells the plugin in
/// <c>KUBERNETES_EXEC_INFO</c>. Unset or empty means v1beta1, as kubelogin does; any other version is an error.
/// </summary>
internal static class ExecCredential
{
    public const string V1 = "client.authentication.k8s.io/v1";
    public const string V1Beta1 = "client.authentication.k8s.io/v1beta1";

    /// <summary>The apiVersion to answer with, or null and a reason when <c>KUBERNETES_EXEC_INFO</c> names another.</summary>
    public static string? ApiVersionFrom(string? execInfo, out string? problem)
    {
        problem = null;
        if (string.IsNullOrWhiteSpace(execInfo))
        {
            return V1Beta1;
        }

        string? version;
        try
        {
            using var document = JsonDocument.Parse(execInfo);
            version = document.RootElement.ValueKind == JsonValueKind.Object
                && document.RootElement.TryGetProperty("apiVersion", out var value) && value.ValueKind == JsonValueKind.String
                ? value.GetString()
                : null;
        }
        catch (JsonException)
        {
            problem = "KUBERNETES_EXEC_INFO is not JSON";
            return null;
        }

        switch (version)
        {
            case null or "":
                return V1Beta1;
            case V1 or V1Beta1:
                return version;
            default:
                problem = $"KUBERNETES_EXEC_INFO asks for apiVersion '{version}'; supported: {V1}, {V1Beta1}";
                return null;
        }
    }

    /// <summary>One line of JSON: apiVersion, kind, spec.interactive false (as kubelogin), status.token and expiry.</summary>
    public static string Write(string apiVersion, string token, DateTimeOffset expiresAt)
    {
        using var buffer = new MemoryStream();
        using (var w = new Utf8JsonWriter(buffer))
        {
            w.WriteStartObject();
            w.WriteString("kind", "ExecCredential");
            w.WriteString("apiVersion", apiVersion);
            w.WriteStartObject("spec");
            w.WriteBoolean("interactive", false);
            w.WriteEndObject();
            w.WriteStartObject("status");
            w.WriteString("expirationTimestamp", Rfc3339(expiresAt));
            w.WriteString("token", token);
            w.WriteEndObject();
            w.WriteEndObject();
        }

        return Encoding.UTF8.GetString(buffer.ToArray());
    }

    // Whole seconds and Z, as client-go's metav1.Time marshals.
    private static string Rfc3339(DateTimeOffset instant) =>
        instant.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture);
}
