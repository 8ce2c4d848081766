using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using Lanyard.Security;

namespace Lanyard.Configuration.Validation;

/// <summary>
/// Picks exactly one way to authenticate at the token endpoint: a client secret, a certificate, a federated token
/// file (<c>entra_id_federated_token_auth</c>, or the <c>entra_id_client_assertion</c> modes of Traefik Forward Auth),
/// or a managed identity. A file that must be read later is checked now, so a typo fails at startup.
/// </summary>
internal static class ClientCredentialBinder
{
    public const string DefaultServiceAccountTokenPath = "/var/run/secrets/kubernetes.io/serviceaccount/token";
    private const string Modes = "AzureManagedIdentity, AzureManagedIdentity=<client-id>, AzureWorkloadIdentity, KubernetesServiceAccountToken or KubernetesServiceAccountToken=<path>";

    public static ClientCredentialOptions? Bind(SettingReader read, ProviderType? type, Func<string, string?> environment)
    {
        var (secret, secretFailed) = ReadClientSecret(read);
        var federated = read.Bool("entra_id_federated_token_auth", false);
        var assertion = read.String("entra_id_client_assertion") is { Length: > 0 } a ? a.Trim() : null;
        var certificate = read.String("entra_id_client_certificate_file") is { Length: > 0 } c ? c.Trim() : null;

        var chosen = new[] { (federated, "entra_id_federated_token_auth"), (assertion is not null, "entra_id_client_assertion"), (certificate is not null, "entra_id_client_certificate_file") }
            .Where(x => x.Item1).Select(x => x.Item2).ToList();
        if (chosen.Count > 1)
        {
            read.Fail(chosen[1], $"choose one way to authenticate the client; {string.Join(" and ", chosen)} are both set");
            return null;
        }

        if (chosen.Count == 0)
        {
            if (secret is null)
            {
                if (secretFailed)
                {
                    return null;
                }

                read.Fail("client_secret", "is required (or client_secret_file) unless the client authenticates without a secret (entra_id_federated_token_auth, entra_id_client_assertion or entra_id_client_certificate_file)");
                return null;
            }

            return new ClientCredentialOptions.ClientSecret(secret);
        }

        if (chosen[0] != "entra_id_client_certificate_file" && type is not null and not ProviderType.EntraId)
        {
            read.Fail(chosen[0], "applies to provider = \"entra-id\" only");
            return null;
        }

        return chosen[0] switch
        {
            "entra_id_federated_token_auth" => WorkloadIdentityFile(read, "entra_id_federated_token_auth", environment),
            "entra_id_client_certificate_file" => LoadCertificate(read, certificate!),
            _ => ParseAssertionMode(read, assertion!, environment),
        };
    }

    /// <summary>
    /// <c>client_secret</c>, or the file <c>client_secret_file</c> names (a mounted Kubernetes secret), read now so a
    /// wrong path fails at startup. A final line break is not part of the secret: <c>echo</c> and editors add one.
    /// </summary>
    private static (Secret? Secret, bool Failed) ReadClientSecret(SettingReader read)
    {
        var secret = read.Secret("client_secret");
        if (read.String("client_secret_file") is not { Length: > 0 } path)
        {
            return (secret, false);
        }

        path = path.Trim();
        if (secret is not null)
        {
            read.Fail("client_secret_file", "cannot be set together with client_secret; keep one of them");
            return (null, true);
        }

        if (read.ReadFile("client_secret_file", path) is not { } content)
        {
            return (null, true);
        }

        // A byte-order mark from a Windows editor is not part of the secret either.
        var text = System.Text.Encoding.UTF8.GetString(content).TrimStart('\uFEFF').TrimEnd('\r', '\n');
        if (text.Length == 0)
        {
            read.Fail("client_secret_file", $"'{path}' is empty");
            return (null, true);
        }

        return (new Secret(text), false);
    }

    private static ClientCredentialOptions? ParseAssertionMode(SettingReader read, string mode, Func<string, string?> environment)
    {
        var (name, argument) = mode.IndexOf('=', StringComparison.Ordinal) is var i and >= 0 ? (mode[..i], mode[(i + 1)..].Trim()) : (mode, null);
        switch (name)
        {
            case "AzureWorkloadIdentity" when argument is null:
                return WorkloadIdentityFile(read, "entra_id_client_assertion", environment);
            case "KubernetesServiceAccountToken":
                return TokenFile(read, "entra_id_client_assertion", string.IsNullOrEmpty(argument) ? DefaultServiceAccountTokenPath : argument, "Kubernetes service-account token");
            case "AzureManagedIdentity":
                if (argument is { Length: > 0 } && !Guid.TryParse(argument, out _))
                {
                    read.Fail("entra_id_client_assertion", $"'{argument}' is not a managed identity client id (a GUID)");
                    return null;
                }

                var endpoint = ProviderOptionsBinder.ReadOptionalAbsoluteUrl(read, "entra_id_managed_identity_endpoint") ?? new Uri("http://169.254.169.254");
                return new ClientCredentialOptions.ManagedIdentity(string.IsNullOrEmpty(argument) ? null : argument, endpoint);
            default:
                read.Fail("entra_id_client_assertion", $"'{mode}' is not a client assertion mode; use one of {Modes}");
                return null;
        }
    }

    private static ClientCredentialOptions.FederatedTokenFile? WorkloadIdentityFile(SettingReader read, string key, Func<string, string?> environment)
    {
        // Azure Workload Identity's webhook sets this variable on the pod (entra-protocol.md §7.3).
        if (environment("AZURE_FEDERATED_TOKEN_FILE") is not { Length: > 0 } path)
        {
            read.Fail(key, "needs the environment variable AZURE_FEDERATED_TOKEN_FILE (set by Azure Workload Identity on pods labelled azure.workload.identity/use: \"true\")");
            return null;
        }

        return TokenFile(read, key, path, "AZURE_FEDERATED_TOKEN_FILE");
    }

    private static ClientCredentialOptions.FederatedTokenFile? TokenFile(SettingReader read, string key, string path, string source)
    {
        if (!File.Exists(path))
        {
            read.Fail(key, $"the token file '{path}' ({source}) does not exist");
            return null;
        }

        return new ClientCredentialOptions.FederatedTokenFile(path, source);
    }

    private static ClientCredentialOptions.Certificate? LoadCertificate(SettingReader read, string path)
    {
        try
        {
            var certificate = X509Certificate2.CreateFromPemFile(path);
            if (!certificate.HasPrivateKey)
            {
                read.Fail("entra_id_client_certificate_file", $"'{path}' has no private key; put the certificate and its key in one PEM file");
                return null;
            }

            return new ClientCredentialOptions.Certificate(certificate, path);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or CryptographicException or ArgumentException)
        {
            read.Fail("entra_id_client_certificate_file", $"cannot read a certificate and private key from '{path}': {e.Message}");
            return null;
        }
    }
}
