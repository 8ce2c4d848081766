using System.Net;
using Lanyard.Emulator;
using Lanyard.Testing;

namespace Lanyard.IntegrationTests;

/// <summary>
/// What the authorize request carries (approval_prompt, acr_values, auth_request_response_mode, the nonce and its
/// insecure_oidc_skip_nonce) and what an ID token must be to pass (oidc_audience_claims, oidc_enabled_signing_algs),
/// against the emulator.
/// </summary>
public sealed class SignInRequestOptionTests
{
    private static async Task<IReadOnlyDictionary<string, string>> AuthorizeQueryAsync(LanyardTestEnvironment env)
    {
        using var browser = env.Browser();
        return BrowserClient.Query(await browser.StartSignInAsync(DemoDirectory.AliceUserPrincipalName));
    }

    [Fact]
    public async Task WithoutPrompt_ApprovalPromptForceIsSent_AsOauth2ProxyDoes()
    {
        await using var env = await LanyardTestEnvironment.StartAsync();

        var query = await AuthorizeQueryAsync(env);

        Assert.Equal("force", query["approval_prompt"]);
        Assert.False(query.ContainsKey("prompt"));
        Assert.Equal("S256", query["code_challenge_method"]);
    }

    [Fact]
    public async Task Prompt_ReplacesApprovalPrompt()
    {
        await using var env = await LanyardTestEnvironment.StartAsync(s =>
        {
            s["prompt"] = "login";
            s["approval_prompt"] = "auto";
        });

        var query = await AuthorizeQueryAsync(env);

        Assert.Equal("login", query["prompt"]);
        Assert.False(query.ContainsKey("approval_prompt"));
    }

    [Fact]
    public async Task AcrValuesAndResponseMode_AreSent_AndSignInWorks()
    {
        await using var env = await LanyardTestEnvironment.StartAsync(s =>
        {
            s["approval_prompt"] = "auto";
            s["acr_values"] = "urn:contoso:mfa";
            s["auth_request_response_mode"] = "query";
            s["code_challenge_method"] = "S256";
        });

        var query = await AuthorizeQueryAsync(env);
        using var browser = env.Browser();
        var landing = await browser.SignInAsync(DemoDirectory.AliceUserPrincipalName);

        Assert.Equal(("auto", "urn:contoso:mfa", "query"), (query["approval_prompt"], query["acr_values"], query["response_mode"]));
        Assert.Equal(HttpStatusCode.OK, landing.StatusCode);
    }

    [Fact]
    public async Task ByDefault_TheNonceIsSentAndAnIdTokenWithoutIt_IsRefused()
    {
        await using var env = await LanyardTestEnvironment.StartAsync();
        using var browser = env.Browser();

        var authorize = await browser.StartSignInAsync(DemoDirectory.AliceUserPrincipalName);
        Assert.True(BrowserClient.Query(authorize).ContainsKey("nonce"));
        var callback = await browser.AuthorizeAtProviderAsync(WithoutNonce(authorize));
        var answer = await browser.GetAsync(callback);

        Assert.NotEqual(HttpStatusCode.OK, answer.StatusCode);
        Assert.Contains("nonce", answer.Body, StringComparison.Ordinal);
    }

    [Fact]
    public async Task SkipNonce_SendsNone_AndSignsIn()
    {
        await using var env = await LanyardTestEnvironment.StartAsync(s => s["insecure_oidc_skip_nonce"] = true);
        using var browser = env.Browser();

        var authorize = await browser.StartSignInAsync(DemoDirectory.AliceUserPrincipalName);
        var landing = await browser.GetAsync(await browser.AuthorizeAtProviderAsync(authorize));

        Assert.False(BrowserClient.Query(authorize).ContainsKey("nonce"));
        Assert.Equal(HttpStatusCode.OK, landing.StatusCode);
    }

    [Theory]
    [InlineData("ES256", false)]
    [InlineData("RS256", true)]
    public async Task EnabledSigningAlgs_RestrictWhichIdTokensPass(string algorithm, bool signsIn)
    {
        // The emulator signs with RS256, as Entra ID does.
        await using var env = await LanyardTestEnvironment.StartAsync(s => s["oidc_enabled_signing_algs"] = new List<string> { algorithm });
        using var browser = env.Browser();

        var landing = await browser.SignInAsync(DemoDirectory.AliceUserPrincipalName);

        Assert.Equal(signsIn, landing.StatusCode == HttpStatusCode.OK);
        if (!signsIn)
        {
            Assert.Contains("algorithm", landing.Body, StringComparison.Ordinal);
        }
    }

    [Theory]
    // The first claim present decides: tid is present and is not the client id, so the token is refused.
    [InlineData("tid", false)]
    [InlineData("no_such_claim", false)]
    [InlineData("no_such_claim,aud", true)]
    public async Task AudienceClaims_TheFirstPresentMustNameTheClient(string claims, bool signsIn)
    {
        await using var env = await LanyardTestEnvironment.StartAsync(s => s["oidc_audience_claims"] = claims.Split(',').ToList());
        using var browser = env.Browser();

        var landing = await browser.SignInAsync(DemoDirectory.AliceUserPrincipalName);

        Assert.Equal(signsIn, landing.StatusCode == HttpStatusCode.OK);
        if (!signsIn)
        {
            Assert.Contains("another application", landing.Body, StringComparison.Ordinal);
        }
    }

    private static Uri WithoutNonce(Uri authorize)
    {
        var kept = BrowserClient.Query(authorize).Where(p => p.Key != "nonce").Select(p => $"{p.Key}={Uri.EscapeDataString(p.Value)}");
        return new Uri(authorize.GetLeftPart(UriPartial.Path) + "?" + string.Join('&', kept));
    }
}
