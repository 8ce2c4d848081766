using System.Security.Cryptography.X509Certificates;

namespace Lanyard.Configuration;

/// <summary>
/// <c>provider_ca_files</c> and <c>use_system_trust_store</c>: which certificate authorities the provider's TLS
/// certificate (and Microsoft Graph's) may chain to. With CA files, only they count, unless
/// <c>use_system_trust_store</c> adds the system's, as in oauth2-proxy; without, the system's alone.
/// </summary>
/// <param name="CaFiles">The files, as configured.</param>
/// <param name="Authorities">The CA certificates they hold.</param>
/// <param name="UseSystemTrustStore">The system's roots count besides <paramref name="Authorities"/>.</param>
internal sealed record ProviderTrustOptions(IReadOnlyList<string> CaFiles, X509Certificate2Collection Authorities, bool UseSystemTrustStore);
