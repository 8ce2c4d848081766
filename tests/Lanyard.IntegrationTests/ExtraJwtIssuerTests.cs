using System.Net;
using System.Security.Cryptography;
using Lanyard.Testing;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.TestHost;
using Microsoft.AspNetCore.WebUtilities;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;

namespace Lanyard.IntegrationTests;

/// <summary>
/// Issue 10: <c>extra_jwt_issuers</c> (<c>issuer=audience</c>) lets bearer tokens of another issuer in, checked by
/// that issuer's published keys and the entry's audience, and nothing else of its.
/// </summary>
public sealed class ExtraJwtIssuerTests
{
    private const string Issuer = "https://other-idp.test/";
    private const string Audience = "api://batch";
    private const string KeyId = "other-1";

    /// <summary>Another identity provider: a discovery document and a key set with <paramref name="rsa"/>'s public key.</summary>
    private static async Task<WebApplication> StartIssuerAsync(LanyardTestEnvironment env, RSA rsa)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseTestServer();
        var app = builder.Build();
        var key = rsa.ExportParameters(false);
        app.MapGet("/.well-known/openid-configuration", () => Results.Json(new Dictionary<string, string> { ["issuer"] = Issuer, ["jwks_uri"] = Issuer + "jwks" }));
        app.MapGet("/jwks", () => Results.Json(new
        {
            keys = new[] { new { kty = "RSA", use = "sig", kid = KeyId, n = WebEncoders.Base64UrlEncode(key.Modulus!), e = WebEncoders.Base64UrlEncode(key.Exponent!) } },
        }));
        await app.StartAsync(TestContext.Current.CancellationToken);
        env.Network.Register(new Uri(Issuer), app.GetTestServer());
        return app;
    }

    private static string Token(RSA rsa, string issuer = Issuer, string audience = Audience)
    {
        var now = DateTimeOffset.UtcNow;
        return new JsonWebTokenHandler().CreateToken(new SecurityTokenDescriptor
        {
            Issuer = issuer,
            Audience = audience,
            IssuedAt = now.UtcDateTime,
            NotBefore = now.UtcDateTime,
            Expires = now.AddMinutes(30).UtcDateTime,
            Claims = new Dictionary<string, object> { ["sub"] = "batch-runner", ["email"] = "batch@contoso.test" },
            SigningCredentials = new SigningCredentials(new RsaSecurityKey(rsa.ExportParameters(true)) { KeyId = KeyId }, SecurityAlgorithms.RsaSha256),
        });
    }

    private static Task<LanyardTestEnvironment> StartAsync(bool withExtraIssuer) =>
        LanyardTestEnvironment.StartAsync(s =>
        {
            s["skip_jwt_bearer_tokens"] = true;
            if (withExtraIssuer)
            {
                s["extra_jwt_issuers"] = new List<string> { $"{Issuer}={Audience}" };
            }
        });

    [Fact]
    public async Task ATokenOfTheExtraIssuer_ForItsAudience_Passes_AndNoOtherDoes()
    {
        using var rsa = RSA.Create(2048);
        using var stranger = RSA.Create(2048);
        await using var env = await StartAsync(withExtraIssuer: true);
        await using var issuer = await StartIssuerAsync(env, rsa);
        var cancel = TestContext.Current.CancellationToken;

        Assert.Equal(HttpStatusCode.Accepted, await env.AuthStatusWithBearerAsync(Token(rsa), cancel));
        Assert.Equal(HttpStatusCode.Unauthorized, await env.AuthStatusWithBearerAsync(Token(rsa, audience: "api://other"), cancel));
        Assert.Equal(HttpStatusCode.Unauthorized, await env.AuthStatusWithBearerAsync(Token(stranger), cancel));
        Assert.Equal(HttpStatusCode.Unauthorized, await env.AuthStatusWithBearerAsync(Token(rsa, issuer: "https://other-idp.test/evil"), cancel));
    }

    [Fact]
    public async Task WithoutExtraJwtIssuers_TheSameTokenIsRefused()
    {
        using var rsa = RSA.Create(2048);
        await using var env = await StartAsync(withExtraIssuer: false);
        await using var issuer = await StartIssuerAsync(env, rsa);

        Assert.Equal(HttpStatusCode.Unauthorized, await env.AuthStatusWithBearerAsync(Token(rsa), TestContext.Current.CancellationToken));
    }
}
