using System.Net;
using System.Security.Cryptography;
using Lanyard.Testing;
using Microsoft.IdentityModel.Tokens;

namespace Lanyard.EndToEndTests;

/// <summary>
/// <c>lanyard serve</c> with <c>identity_token_header</c>: the key set on the real listener, and the startup line that
/// says a generated key trusts one replica only (gone once <c>identity_token_key_file</c> names a key).
/// </summary>
public sealed class IdentityTokenServeTests
{
    private static CancellationToken Cancel => TestContext.Current.CancellationToken;

    [Fact]
    public async Task GeneratedKey_IsPublished_AndTheStartupLogSaysOnlyOneReplicaCanBeTrusted()
    {
        var (output, keys) = await ServeAsync("");

        Assert.Contains("identity_token_key_file is not set: identity tokens are signed with key", output, StringComparison.Ordinal);
        Assert.Equal("ES256", Assert.Single(keys.Keys).Alg);
    }

    [Fact]
    public async Task KeyFile_IsPublishedUnderItsThumbprint_WithoutTheWarning()
    {
        using var rsa = RSA.Create(2048);
        var keyFile = TemporaryDirectory.WriteFile("identity.pem", rsa.ExportPkcs8PrivateKeyPem());

        var (output, keys) = await ServeAsync($"identity_token_key_file = \"{keyFile}\"");

        Assert.DoesNotContain("identity_token_key_file is not set", output, StringComparison.Ordinal);
        var key = Assert.Single(keys.Keys);
        Assert.Equal(("RS256", Base64UrlEncoder.Encode(new RsaSecurityKey(rsa.ExportParameters(false)).ComputeJwkThumbprint())), (key.Alg, key.Kid));
    }

    private static async Task<(string Output, JsonWebKeySet Keys)> ServeAsync(string extra)
    {
        var emulatorPort = FreePort.Next();
        var proxyPort = FreePort.Next();
        await using var emulator = await EmulatorProcess.StartAsync(emulatorPort);
        var config = TemporaryDirectory.WriteFile("lanyard.toml", EmulatorProcess.ClientToml(emulatorPort) + $"""

            email_domains = ["*"]
            upstreams = ["http://127.0.0.1:{emulatorPort}/"]
            http_address = "127.0.0.1:{proxyPort}"
            identity_token_header = "X-Lanyard-Identity"
            identity_token_issuer = "http://127.0.0.1:{proxyPort}"
            {extra}
            """);
        await using var serve = TestProcess.Lanyard("serve", "--config", config);
        await serve.WaitUntilOkAsync($"http://127.0.0.1:{proxyPort}/ready");

        using var client = new HttpClient();
        using var response = await client.GetAsync(new Uri($"http://127.0.0.1:{proxyPort}/.well-known/lanyard/jwks.json"), Cancel);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return (serve.Output, new JsonWebKeySet(await response.Content.ReadAsStringAsync(Cancel)));
    }
}
