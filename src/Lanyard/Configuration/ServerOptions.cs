using System.Net.Security;
using System.Security.Authentication;

namespace Lanyard.Configuration;

/// <summary>
/// The listeners. As in oauth2-proxy, <see cref="HttpsAddress"/> is used only when TLS is configured, and then plain
/// http is off (<paramref name="HttpAddress"/> null): certificates mean the operator wants every byte encrypted.
/// The metrics listener is separate, so it can stay inside the cluster.
/// </summary>
internal sealed record ServerOptions(
    ListenAddress? HttpAddress,
    ListenAddress? HttpsAddress = null,
    TlsOptions? Tls = null,
    ListenAddress? MetricsAddress = null,
    ListenAddress? MetricsHttpsAddress = null,
    TlsOptions? MetricsTls = null,
    ExtAuthzGrpcListener? ExtAuthzGrpc = null,
    KubeWebhookListener? KubeWebhook = null)
{
    /// <summary>Where people open Lanyard: the https listener when there is one.</summary>
    public string DisplayUrl => HttpsAddress is { } https && Tls is not null ? https.ToDisplayUrl("https") : HttpAddress!.ToDisplayUrl();
}

/// <summary><c>tls_cert_file</c>, <c>tls_key_file</c> (PEM, reloaded when they change), <c>tls_min_version</c>, <c>tls_cipher_suites</c>.</summary>
/// <param name="CipherSuites">Null: the platform's defaults. Applies to TLS 1.2; TLS 1.3's suites are fixed, as in Go.</param>
internal sealed record TlsOptions(string CertificateFile, string KeyFile, SslProtocols MinVersion, IReadOnlyList<TlsCipherSuite>? CipherSuites);

/// <summary>
/// <c>ext_authz_grpc_address</c>: the listener for Envoy / Istio's gRPC <c>ext_authz</c>, HTTP/2 only, and nothing else
/// on it. <c>host:port</c> is cleartext HTTP/2 (h2c, what Envoy's <c>envoy_grpc</c> cluster speaks without TLS);
/// <c>https://host:port</c> is TLS with the https listener's certificate (<see cref="TlsOptions"/>).
/// </summary>
internal sealed record ExtAuthzGrpcListener(ListenAddress Address, TlsOptions? Tls);

/// <summary>
/// <c>kube_webhook_address</c>: the Kubernetes TokenReview webhook's listener, HTTPS only, serving nothing else. The
/// API server proves who it is with a client certificate issued by <paramref name="ClientCertificateAuthorities"/>
/// (<c>kube_webhook_client_ca_file</c>) or the bearer token whose SHA-256 is <paramref name="BearerTokenSha256"/>
/// (<c>kube_webhook_token_file</c>); at least one is required, so the webhook is never open to anyone who can reach it.
/// </summary>
internal sealed record KubeWebhookListener(
    ListenAddress Address,
    TlsOptions Tls,
    System.Security.Cryptography.X509Certificates.X509Certificate2Collection? ClientCertificateAuthorities,
    byte[]? BearerTokenSha256);
