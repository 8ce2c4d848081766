using System.Security.Cryptography.X509Certificates;
using Lanyard.Configuration;
using Lanyard.Providers;

namespace Lanyard.Testing;

/// <summary>
/// An HTTP handler that trusts these roots and nothing else, host name checked: Lanyard's own check for
/// <c>provider_ca_files</c> (<see cref="ProviderCertificateTrust"/>), so tests trust a private certificate exactly as
/// the proxy trusts a private CA.
/// </summary>
public static class TrustedRoots
{
    public static SocketsHttpHandler Handler(params X509Certificate2[] roots)
    {
        var trust = new ProviderTrustOptions([], [.. roots], UseSystemTrustStore: false);
        return new SocketsHttpHandler
        {
            SslOptions = { RemoteCertificateValidationCallback = (_, certificate, chain, errors) => ProviderCertificateTrust.Accepts(trust, certificate as X509Certificate2, chain, errors) },
        };
    }
}
