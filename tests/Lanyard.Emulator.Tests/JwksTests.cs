using System.Buffers.Text;
using System.Net;
using System.Security.Cryptography.X509Certificates;
using Lanyard.Emulator.Tests.Harness;

namespace Lanyard.Emulator.Tests;

public sealed class JwksTests
{
    [Fact]
    public async Task Keys_HaveEntrasShape_WithKidEqualToTheCertificateThumbprint()
    {
        await using var emulator = await EmulatorHarness.StartAsync();
        var keys = (await emulator.JwksAsync(DemoDirectory.ContosoTenantId)).GetProperty("keys").EnumerateArray().ToList();

        Assert.True(keys.Count >= 2, "Entra always publishes several keys");
        foreach (var key in keys)
        {
            Assert.Equal("RSA", key.GetProperty("kty").GetString());
            Assert.Equal("sig", key.GetProperty("use").GetString());
            Assert.Equal("AQAB", key.GetProperty("e").GetString());
            Assert.Equal(key.GetProperty("kid").GetString(), key.GetProperty("x5t").GetString());
            Assert.Equal($"{EmulatorHarness.Authority}/{{tenantid}}/v2.0", key.GetProperty("issuer").GetString());

            var der = Convert.FromBase64String(key.GetProperty("x5c")[0].GetString()!);
            using var certificate = X509CertificateLoader.LoadCertificate(der);
            // Thumbprint is the hex SHA-1 of the DER bytes; x5t is the same bytes in base64url (RFC 7517 §4.8).
            Assert.Equal(Base64Url.EncodeToString(Convert.FromHexString(certificate.Thumbprint)), key.GetProperty("kid").GetString());

            using var publicKey = certificate.GetRSAPublicKey()!;
            Assert.Equal(2048, publicKey.KeySize);
            Assert.Equal(Base64Url.EncodeToString(publicKey.ExportParameters(false).Modulus), key.GetProperty("n").GetString());
        }

        Assert.Equal(keys.Count, keys.Select(k => k.GetProperty("kid").GetString()).Distinct().Count());
    }

    [Fact]
    public async Task Keys_AreServedForDomainAndCommonToo_WithEntrasHeaders()
    {
        await using var emulator = await EmulatorHarness.StartAsync();
        using var response = await emulator.GetAsync("/contoso.test/discovery/v2.0/keys");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("max-age=86400, private", response.Headers.CacheControl!.ToString());
        Assert.Equal("*", response.Headers.GetValues("Access-Control-Allow-Origin").Single());
        Assert.NotEmpty((await emulator.JwksAsync("common")).GetProperty("keys").EnumerateArray());
    }

    [Fact]
    public async Task UnknownTenant_IsAnAadsts90002Error()
    {
        await using var emulator = await EmulatorHarness.StartAsync();
        using var response = await emulator.GetAsync("/00000000-0000-0000-0000-000000000001/discovery/v2.0/keys");

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        EntraErrorShape.AssertJson(await EmulatorHarness.ReadJsonAsync(response), "invalid_tenant", 90002);
    }
}
