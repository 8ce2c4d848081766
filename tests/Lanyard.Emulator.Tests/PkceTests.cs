using System.Net;
using Lanyard.Emulator.Tests.Harness;

namespace Lanyard.Emulator.Tests;

/// <summary>
/// PKCE as Entra applies it (entra-protocol.md §2, §3.2): optional at /authorize, so a confidential web app may redeem
/// its code with its secret alone; enforced at /token for a code issued with a challenge (AADSTS501481) and for a
/// public client, which has no credential to bind the code to its own request instead (AADSTS9002325).
/// </summary>
public sealed class PkceTests
{
    [Fact]
    public async Task ConfidentialClientWithoutPkce_RedeemsTheCodeWithItsSecret()
    {
        await using var emulator = await EmulatorHarness.StartAsync();
        var flow = new CodeFlow();
        using var authorize = await emulator.AuthorizeAsync(flow, DemoDirectory.AliceUserPrincipalName, WithoutChallenge);
        var code = AuthorizeAnswer.FromQuery(authorize, flow.RedirectUri)["code"];

        using var response = await emulator.RedeemAsync(flow, code, f => f.Remove("code_verifier"));

        var tokens = await EmulatorHarness.ReadSuccessAsync(response);
        Assert.Equal(DemoDirectory.AliceObjectId, Jwt.Parse(tokens.GetProperty("id_token").GetString()!).Claim("oid"));
    }

    [Fact]
    public async Task ChallengeSent_VerifierIsStillRequired_EvenWithTheSecret()
    {
        await using var emulator = await EmulatorHarness.StartAsync();
        var flow = new CodeFlow();
        var code = await emulator.SignInAsync(flow, DemoDirectory.AliceUserPrincipalName);

        using var response = await emulator.RedeemAsync(flow, code, f => f.Remove("code_verifier"));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        EntraErrorShape.AssertJson(await EmulatorHarness.ReadJsonAsync(response), "invalid_grant", 501481);
    }

    [Fact]
    public async Task PublicClientWithoutPkce_IsAadsts9002325()
    {
        await using var emulator = await EmulatorHarness.StartAsync();
        var flow = PublicClientFlow();
        using var authorize = await emulator.AuthorizeAsync(flow, DemoDirectory.AliceUserPrincipalName, WithoutChallenge);
        var code = AuthorizeAnswer.FromQuery(authorize, flow.RedirectUri)["code"];

        using var response = await emulator.RedeemAsync(flow, code, f =>
        {
            f.Remove("client_secret");
            f.Remove("code_verifier");
        });

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        EntraErrorShape.AssertJson(await EmulatorHarness.ReadJsonAsync(response), "invalid_request", 9002325);
    }

    [Fact]
    public async Task PublicClientWithPkce_RedeemsWithTheVerifierAlone()
    {
        await using var emulator = await EmulatorHarness.StartAsync();
        var flow = PublicClientFlow();
        var code = await emulator.SignInAsync(flow, DemoDirectory.AliceUserPrincipalName);

        using var response = await emulator.RedeemAsync(flow, code, f => f.Remove("client_secret"));

        await EmulatorHarness.ReadSuccessAsync(response);
    }

    [Theory]
    [InlineData("plain")]
    [InlineData(null)]
    public async Task PlainChallenge_IsMetByTheVerifierItself(string? method)
    {
        await using var emulator = await EmulatorHarness.StartAsync();
        var flow = new CodeFlow();
        using var authorize = await emulator.AuthorizeAsync(flow, DemoDirectory.AliceUserPrincipalName, p =>
        {
            // RFC 7636 §4.3: without a method the challenge is plain.
            p["code_challenge"] = flow.Verifier;
            SetMethod(p, method);
        });
        var code = AuthorizeAnswer.FromQuery(authorize, flow.RedirectUri)["code"];

        using var response = await emulator.RedeemAsync(flow, code);

        await EmulatorHarness.ReadSuccessAsync(response);
    }

    [Fact]
    public async Task PlainChallenge_WithAnotherVerifier_IsAadsts501481()
    {
        await using var emulator = await EmulatorHarness.StartAsync();
        var flow = new CodeFlow();
        using var authorize = await emulator.AuthorizeAsync(flow, DemoDirectory.AliceUserPrincipalName, p =>
        {
            p["code_challenge"] = flow.Verifier;
            p["code_challenge_method"] = "plain";
        });
        var code = AuthorizeAnswer.FromQuery(authorize, flow.RedirectUri)["code"];

        using var response = await emulator.RedeemAsync(flow, code, f => f["code_verifier"] = Pkce.NewVerifier());

        EntraErrorShape.AssertJson(await EmulatorHarness.ReadJsonAsync(response), "invalid_grant", 501481);
    }

    [Fact]
    public async Task S256Challenge_IsNotMetByTheChallengeItself()
    {
        await using var emulator = await EmulatorHarness.StartAsync();
        var flow = new CodeFlow();
        var code = await emulator.SignInAsync(flow, DemoDirectory.AliceUserPrincipalName);

        using var response = await emulator.RedeemAsync(flow, code, f => f["code_verifier"] = Pkce.Challenge(flow.Verifier));

        EntraErrorShape.AssertJson(await EmulatorHarness.ReadJsonAsync(response), "invalid_grant", 501481);
    }

    [Theory]
    [InlineData("s256")]
    [InlineData("S512")]
    public async Task UnknownChallengeMethod_IsAadsts50149(string method)
    {
        await using var emulator = await EmulatorHarness.StartAsync();
        var flow = new CodeFlow();

        using var response = await emulator.AuthorizeAsync(flow, DemoDirectory.AliceUserPrincipalName, p => p["code_challenge_method"] = method);

        AssertRedirectedError(response, flow, 50149);
    }

    [Theory]
    [InlineData("S256", "short")]
    [InlineData("S256", "AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA")]
    [InlineData("plain", "short")]
    public async Task ChallengeOfTheWrongSize_IsAadsts501491(string method, string challenge)
    {
        await using var emulator = await EmulatorHarness.StartAsync();
        var flow = new CodeFlow();

        using var response = await emulator.AuthorizeAsync(flow, DemoDirectory.AliceUserPrincipalName, p =>
        {
            p["code_challenge"] = challenge;
            p["code_challenge_method"] = method;
        });

        AssertRedirectedError(response, flow, 501491);
    }

    // kubectl's app: "Allow public client flows", no secret, loopback redirect URIs.
    private static CodeFlow PublicClientFlow() => new()
    {
        ClientId = DemoDirectory.KubectlClientId,
        ClientSecret = "",
        RedirectUri = "http://localhost:8000",
        Scope = "openid profile offline_access",
    };

    private static void WithoutChallenge(Dictionary<string, string> parameters)
    {
        parameters.Remove("code_challenge");
        parameters.Remove("code_challenge_method");
    }

    private static void SetMethod(Dictionary<string, string> parameters, string? method)
    {
        if (method is null)
        {
            parameters.Remove("code_challenge_method");
        }
        else
        {
            parameters["code_challenge_method"] = method;
        }
    }

    private static void AssertRedirectedError(HttpResponseMessage response, CodeFlow flow, int code)
    {
        var answer = AuthorizeAnswer.FromQuery(response, flow.RedirectUri);
        Assert.Equal("invalid_request", answer["error"]);
        EntraErrorShape.AssertDescription(answer["error_description"], code);
        Assert.Equal(flow.State, answer["state"]);
        Assert.False(answer.ContainsKey("code"));
    }
}
