using System.Net.Security;
using Lanyard.Configuration;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.AspNetCore.Server.Kestrel.Https;

namespace Lanyard.Hosting;

internal static class KestrelListen
{
    /// <summary>Every listener <paramref name="server"/> names: http, https (with reloading certificates), metrics.</summary>
    public static void OnAll(KestrelServerOptions kestrel, ServerOptions server, TimeProvider time)
    {
        if (server.HttpAddress is { } http)
        {
            On(kestrel, http);
        }

        if (server is { HttpsAddress: { } https, Tls: { } tls })
        {
            On(kestrel, https, listen => listen.UseHttps(Https(tls, time)));
        }

        if (server.MetricsAddress is { } metrics)
        {
            On(kestrel, metrics);
        }

        if (server is { MetricsHttpsAddress: { } metricsHttps, MetricsTls: { } metricsTls })
        {
            On(kestrel, metricsHttps, listen => listen.UseHttps(Https(metricsTls, time)));
        }

        if (server.ExtAuthzGrpc is { } extAuthz)
        {
            // HTTP/2 only: gRPC needs it, and h2c cannot be negotiated on a plain port (prior knowledge, as Envoy sends it).
            On(kestrel, extAuthz.Address, listen =>
            {
                listen.Protocols = HttpProtocols.Http2;
                if (extAuthz.Tls is { } grpcTls)
                {
                    listen.UseHttps(Https(grpcTls, time));
                }
            });
        }

        if (server.KubeWebhook is { } webhook)
        {
            On(kestrel, webhook.Address, listen => listen.UseHttps(WebhookHttps(webhook, time)));
        }
    }

    /// <summary>
    /// The webhook's TLS: a client certificate is asked for, and one that does not chain to
    /// <c>kube_webhook_client_ca_file</c>'s CA ends the handshake; without a certificate the API server must send the
    /// token (the endpoint checks). Revocation is not checked: the API server's client certificates come from the
    /// cluster's own CA, which publishes no revocation list.
    /// </summary>
    private static HttpsConnectionAdapterOptions WebhookHttps(KubeWebhookListener webhook, TimeProvider time)
    {
        var https = Https(webhook.Tls, time);
        if (webhook.ClientCertificateAuthorities is { } authorities)
        {
            https.ClientCertificateMode = ClientCertificateMode.AllowCertificate;
            https.ClientCertificateValidation = (certificate, _, _) =>
            {
                using var chain = new System.Security.Cryptography.X509Certificates.X509Chain();
                chain.ChainPolicy.TrustMode = System.Security.Cryptography.X509Certificates.X509ChainTrustMode.CustomRootTrust;
                chain.ChainPolicy.CustomTrustStore.AddRange(authorities);
                chain.ChainPolicy.RevocationMode = System.Security.Cryptography.X509Certificates.X509RevocationMode.NoCheck;
                chain.ChainPolicy.VerificationTime = time.GetLocalNow().DateTime;
                return chain.Build(certificate);
            };
        }

        return https;
    }

    private static HttpsConnectionAdapterOptions Https(TlsOptions tls, TimeProvider time)
    {
        var certificate = new ReloadingCertificate(tls.CertificateFile, tls.KeyFile, time);
        return new HttpsConnectionAdapterOptions
        {
            ServerCertificateSelector = (_, _) => certificate.Current,
            SslProtocols = tls.MinVersion == System.Security.Authentication.SslProtocols.Tls13
                ? System.Security.Authentication.SslProtocols.Tls13
                : System.Security.Authentication.SslProtocols.Tls12 | System.Security.Authentication.SslProtocols.Tls13,
            OnAuthenticate = tls.CipherSuites is { } suites
                ? (_, ssl) =>
                {
                    // Linux and macOS only; Windows takes cipher suites from the system's policy.
                    if (!OperatingSystem.IsWindows())
                    {
                        ssl.CipherSuitesPolicy = new CipherSuitesPolicy([.. suites, .. Tls13Suites]);
                    }
                }
                : null,
        };
    }

    /// <summary>A cipher suite policy replaces every suite; TLS 1.3's own stay allowed, as Go keeps them.</summary>
    private static readonly TlsCipherSuite[] Tls13Suites =
        [TlsCipherSuite.TLS_AES_128_GCM_SHA256, TlsCipherSuite.TLS_AES_256_GCM_SHA384, TlsCipherSuite.TLS_CHACHA20_POLY1305_SHA256];

    public static void On(KestrelServerOptions kestrel, ListenAddress address, Action<ListenOptions>? configure = null)
    {
        configure ??= _ => { };
        if (address.IsAnyHost)
        {
            kestrel.ListenAnyIP(address.Port, configure);
        }
        else if (address.IPAddress is { } ip)
        {
            kestrel.Listen(ip, address.Port, configure);
        }
        else if (string.Equals(address.Host, "localhost", StringComparison.OrdinalIgnoreCase))
        {
            kestrel.ListenLocalhost(address.Port, configure);
        }
        else
        {
            // A host name: listen where it resolves now, as Go's net.Listen does.
            foreach (var resolved in System.Net.Dns.GetHostAddresses(address.Host))
            {
                kestrel.Listen(resolved, address.Port, configure);
            }
        }
    }
}
