using System.Net;
using Lanyard.Emulator;
using Lanyard.Testing;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;

namespace Lanyard.IntegrationTests;

/// <summary>
/// <c>identity_token_header</c> (issue 11): the upstream and every forward-auth answer carry a JWT signed by Lanyard
/// that a mesh verifies with the keys at <c>/.well-known/lanyard/jwks.json</c>, the way Istio's
/// <c>RequestAuthentication</c> would; a client's own copy never gets through.
/// </summary>
public sealed class IdentityTokenTests
{
    private const string Header = "X-Lanyard-Identity";
    private const string JwksPath = "/.well-known/lanyard/jwks.json";

    private static CancellationToken Cancel => TestContext.Current.CancellationToken;

    private static Task<LanyardTestEnvironment> StartAsync(Action<Dictionary<string, object>>? configure = null) =>
        LanyardTestEnvironment.StartAsync(s =>
        {
            s["identity_token_header"] = Header;
            s["identity_token_issuer"] = "https://auth.contoso.test";
            s["identity_token_audience"] = "mesh";
            configure?.Invoke(s);
        });

    [Fact]
    public async Task Upstream_GetsAToken_ThatValidatesAgainstThePublishedKeys_AndReplacesTheClientsForgery()
    {
        // No issuer or audience configured: the redirect_url's origin and the client id.
        await using var env = await LanyardTestEnvironment.StartAsync(s =>
        {
            s["identity_token_header"] = Header;
            s["redirect_url"] = new Uri(LanyardTestEnvironment.ProxyUrl, "/oauth2/callback").AbsoluteUri;
        });
        using var browser = env.Browser();
        await browser.SignInAsync(DemoDirectory.AliceUserPrincipalName);

        var response = await browser.GetAsync("/whoami", configure: request =>
        {
            SignInTests.AcceptJson(request);
            request.Headers.TryAddWithoutValidation(Header, "forged");
            request.Headers.TryAddWithoutValidation("x_lanyard_identity", "forged");
        });

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var echo = EchoedRequest.Parse(response.Body);
        Assert.DoesNotContain(echo.Headers, h => h.Value.Contains("forged", StringComparison.Ordinal));
        var token = await ValidateAsync(env, echo.Header(Header), "https://proxy.test", LanyardTestEnvironment.ClientId);
        Assert.Equal(echo.Header("X-Forwarded-User"), token.Subject);
        Assert.Equal("alice@contoso.test", token.GetClaim("email").Value);
        Assert.Equal([DemoDirectory.AdminsGroupId], token.GetPayloadValue<List<string>>("groups"));
    }

    [Fact]
    public async Task SkippedRoute_TheClientsForgery_NeverReachesTheUpstream()
    {
        await using var env = await StartAsync(s => s["skip_auth_routes"] = new List<string> { "GET=^/public/" });
        using var browser = env.Browser();

        var response = await browser.GetAsync("/public/page", configure: request =>
        {
            SignInTests.AcceptJson(request);
            request.Headers.TryAddWithoutValidation(Header, "forged");
        });

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Null(EchoedRequest.Parse(response.Body).Header(Header));
    }

    [Fact]
    public async Task EveryForwardAuthAnswer_CarriesAValidToken_AndAnEmptyOneWithoutIdentity()
    {
        await using var env = await StartAsync(s => s["skip_auth_routes"] = new List<string> { "GET=^/public/" });
        using var browser = env.Browser();

        var anonymous = await browser.SendAsync(HttpMethod.Get, new Uri(LanyardTestEnvironment.ProxyUrl, "/oauth2/auth/public/x"), null, followRedirects: false, Forged);
        Assert.Equal(HttpStatusCode.OK, anonymous.StatusCode);
        Assert.Equal("", anonymous.Header(Header));

        await browser.SignInAsync(DemoDirectory.BobUserPrincipalName, "/oauth2/userinfo");
        foreach (var (path, status) in new[] { ("/oauth2/auth", HttpStatusCode.Accepted), ("/oauth2/forward-auth", HttpStatusCode.OK), ("/oauth2/auth/reports", HttpStatusCode.OK) })
        {
            var answer = await browser.SendAsync(HttpMethod.Get, new Uri(LanyardTestEnvironment.ProxyUrl, path), null, followRedirects: false, Forged);
            Assert.Equal(status, answer.StatusCode);
            var token = await ValidateAsync(env, answer.Header(Header), "https://auth.contoso.test", "mesh");
            Assert.Equal(answer.Header("X-Auth-Request-User"), token.Subject);
            Assert.Equal("bob@contoso.test", token.GetClaim("email").Value);
        }
    }

    [Fact]
    public async Task KeySet_IsPublic_CachedFiveMinutes_AndAnswersHead()
    {
        await using var env = await StartAsync();
        using var api = env.ApiClient();

        using var get = await api.GetAsync(JwksPath, Cancel);
        using var head = await api.SendAsync(new HttpRequestMessage(HttpMethod.Head, JwksPath), Cancel);

        Assert.Equal(HttpStatusCode.OK, get.StatusCode);
        Assert.Equal("application/json", get.Content.Headers.ContentType?.MediaType);
        Assert.Equal(TimeSpan.FromMinutes(5), get.Headers.CacheControl?.MaxAge);
        var key = Assert.Single(new JsonWebKeySet(await get.Content.ReadAsStringAsync(Cancel)).Keys);
        Assert.Equal(("EC", "sig", "ES256", "P-256"), (key.Kty, key.Use, key.Alg, key.Crv));
        Assert.Null(key.D);
        Assert.Equal(HttpStatusCode.OK, head.StatusCode);
    }

    [Fact]
    public async Task KeySet_IsNotFound_WhenTheFeatureIsOff_AndNeverProxied()
    {
        await using var env = await LanyardTestEnvironment.StartAsync(s => s["skip_auth_routes"] = new List<string> { "^/" });
        using var api = env.ApiClient();

        using var response = await api.GetAsync(JwksPath, Cancel);

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        Assert.DoesNotContain("\"headers\"", await response.Content.ReadAsStringAsync(Cancel), StringComparison.Ordinal);
    }

    [Fact]
    public async Task KeySet_IsThere_WhateverProxyPrefixIs()
    {
        await using var env = await StartAsync(s => s["proxy_prefix"] = "/.well-known/lanyard");
        using var api = env.ApiClient();

        using var keys = await api.GetAsync(JwksPath, Cancel);
        using var other = await api.GetAsync("/.well-known/lanyard/other.json", Cancel);

        Assert.Equal(HttpStatusCode.OK, keys.StatusCode);
        Assert.Single(new JsonWebKeySet(await keys.Content.ReadAsStringAsync(Cancel)).Keys);
        Assert.Equal(HttpStatusCode.NotFound, other.StatusCode);
    }

    private static void Forged(HttpRequestMessage request)
    {
        request.Headers.Accept.ParseAdd("application/json");
        request.Headers.TryAddWithoutValidation(Header, "forged");
    }

    /// <summary>What a mesh does: fetch the key set, check signature, issuer, audience and lifetime.</summary>
    private static async Task<JsonWebToken> ValidateAsync(LanyardTestEnvironment env, string? token, string issuer, string audience)
    {
        Assert.False(string.IsNullOrEmpty(token));
        using var api = env.ApiClient();
        var keys = new JsonWebKeySet(await api.GetStringAsync(JwksPath, Cancel));
        var result = await new JsonWebTokenHandler().ValidateTokenAsync(token, new TokenValidationParameters
        {
            ValidIssuer = issuer,
            ValidAudience = audience,
            IssuerSigningKeys = keys.GetSigningKeys(),
            ValidAlgorithms = ["ES256"],
        });
        Assert.True(result.IsValid, result.Exception?.Message);
        return (JsonWebToken)result.SecurityToken;
    }
}
