using System.Security.Cryptography.X509Certificates;
using Microsoft.Identity.Client;

namespace Lanyard.MicrosoftClientTests;

// README snippet 1
// Trusts the emulator's certificate and nothing else, for MSAL or as any library's HTTP handler. Where the
// certificate is trusted machine-wide, leave this out and drop each line below that uses it.
internal sealed class EmulatorTrust(string emulatorPem) : IMsalHttpClientFactory, IDisposable
{
    private readonly HttpClient _msal = new(Handler(emulatorPem));

    public HttpClient GetHttpClient() => _msal;

    public void Dispose() => _msal.Dispose();

    public static SocketsHttpHandler Handler(string emulatorPem) => new()
    {
        SslOptions =
        {
            CertificateChainPolicy = new()
            {
                TrustMode = X509ChainTrustMode.CustomRootTrust,
                CustomTrustStore = { X509Certificate2.CreateFromPem(emulatorPem) },
            },
        },
    };
}
// README snippet end
