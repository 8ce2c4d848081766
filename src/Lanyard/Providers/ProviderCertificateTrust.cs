using System.Net.Security;
using System.Security.Cryptography.X509Certificates;
using Lanyard.Configuration;

namespace Lanyard.Providers;

/// <summary>
/// The provider's and Graph's TLS connections under <c>provider_ca_files</c>: the server certificate must chain to
/// one of the configured authorities (or, with <c>use_system_trust_store</c>, pass the system's check), and the
/// host name must match either way; anything else is refused. Revocation is not checked against the custom roots:
/// a private CA seldom publishes reachable revocation lists, and the deployment may have no internet.
/// </summary>
internal static class ProviderCertificateTrust
{
    public static SocketsHttpHandler Handler(ProviderTrustOptions trust) => new()
    {
        PooledConnectionLifetime = TimeSpan.FromMinutes(15),
        SslOptions = new SslClientAuthenticationOptions
        {
            RemoteCertificateValidationCallback = (_, certificate, chain, errors) => Accepts(trust, certificate as X509Certificate2, chain, errors),
        },
    };

    public static bool Accepts(ProviderTrustOptions trust, X509Certificate2? certificate, X509Chain? presented, SslPolicyErrors errors)
    {
        if (trust.UseSystemTrustStore && errors == SslPolicyErrors.None)
        {
            return true;
        }

        // A name mismatch or no certificate is never mended by another root.
        if (certificate is null || (errors & ~SslPolicyErrors.RemoteCertificateChainErrors) != SslPolicyErrors.None)
        {
            return false;
        }

        using var chain = new X509Chain();
        chain.ChainPolicy.TrustMode = X509ChainTrustMode.CustomRootTrust;
        chain.ChainPolicy.CustomTrustStore.AddRange(trust.Authorities);
        chain.ChainPolicy.RevocationMode = X509RevocationMode.NoCheck;
        foreach (var element in presented?.ChainElements ?? Enumerable.Empty<X509ChainElement>())
        {
            // The intermediates the server sent, to build the path with; trust still comes only from the roots above.
            if (!element.Certificate.Equals(certificate))
            {
                chain.ChainPolicy.ExtraStore.Add(element.Certificate);
            }
        }

        return chain.Build(certificate);
    }
}
