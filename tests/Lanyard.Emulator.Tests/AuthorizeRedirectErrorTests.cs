using System.Net;
using Lanyard.Emulator.Tests.Harness;

namespace Lanyard.Emulator.Tests;

/// <summary>Errors after client and redirect URI are trusted go back to the redirect URI with the state (§2).</summary>
public sealed class AuthorizeRedirectErrorTests
{
    [Fact]
    public async Task MissingPkce_IsRedirectedAsInvalidRequest_WithTheStateEchoed()
    {
        await using var emulator = await EmulatorHarness.StartAsync();
        var flow = new CodeFlow();

        using var response = await emulator.AuthorizeAsync(flow, DemoDirectory.AliceUserPrincipalName, p =>
        {
            p.Remove("code_challenge");
            p.Remove("code_challenge_method");
        });

        var query = AssertRedirectedError(response, flow, "invalid_request", 9002325);
        Assert.Equal($"{EmulatorHarness.Authority}/error?code=9002325", query["error_uri"]);
        Assert.False(query.ContainsKey("code"));
    }

    [Theory]
    [InlineData(null)]
    [InlineData("plain")]
    [InlineData("s256")]
    public async Task PkceMethodOtherThanS256_IsRefused(string? method)
    {
        await using var emulator = await EmulatorHarness.StartAsync();
        var flow = new CodeFlow();

        using var response = await emulator.AuthorizeAsync(flow, DemoDirectory.AliceUserPrincipalName, p =>
        {
            if (method is null)
            {
                p.Remove("code_challenge_method");
            }
            else
            {
                p["code_challenge_method"] = method;
            }
        });

        AssertRedirectedError(response, flow, "invalid_request", 9002325);
    }

    [Fact]
    public async Task ChallengeOfTheWrongSize_IsRefused()
    {
        await using var emulator = await EmulatorHarness.StartAsync();
        var flow = new CodeFlow();

        using var response = await emulator.AuthorizeAsync(flow, DemoDirectory.AliceUserPrincipalName, p => p["code_challenge"] = "short");

        AssertRedirectedError(response, flow, "invalid_request", 501491);
    }

    [Fact]
    public async Task ResponseTypeOtherThanCode_IsUnsupported()
    {
        await using var emulator = await EmulatorHarness.StartAsync();
        var flow = new CodeFlow();

        using var response = await emulator.AuthorizeAsync(flow, DemoDirectory.AliceUserPrincipalName, p => p["response_type"] = "id_token");

        AssertRedirectedError(response, flow, "unsupported_response_type", 700054);
    }

    [Fact]
    public async Task ResponseModeFormPost_IsRefused()
    {
        await using var emulator = await EmulatorHarness.StartAsync();
        var flow = new CodeFlow();

        using var response = await emulator.AuthorizeAsync(flow, DemoDirectory.AliceUserPrincipalName, p => p["response_mode"] = "form_post");

        AssertRedirectedError(response, flow, "invalid_request", 9002313);
    }

    [Fact]
    public async Task MissingScope_IsRefused()
    {
        await using var emulator = await EmulatorHarness.StartAsync();
        var flow = new CodeFlow();

        using var response = await emulator.AuthorizeAsync(flow, DemoDirectory.AliceUserPrincipalName, p => p.Remove("scope"));

        AssertRedirectedError(response, flow, "invalid_request", 900144);
    }

    [Fact]
    public async Task PromptNoneWithoutAUser_IsLoginRequired()
    {
        await using var emulator = await EmulatorHarness.StartAsync();
        var flow = new CodeFlow();

        using var response = await emulator.AuthorizeAsync(flow, loginHint: null, p => p["prompt"] = "none");

        AssertRedirectedError(response, flow, "login_required", 50058);
    }

    private static Dictionary<string, string?> AssertRedirectedError(HttpResponseMessage response, CodeFlow flow, string error, int code)
    {
        Assert.Equal(HttpStatusCode.Found, response.StatusCode);
        var query = EmulatorHarness.RedirectQuery(response, flow.RedirectUri);
        Assert.Equal(error, query["error"]);
        EntraErrorShape.AssertDescription(query["error_description"]!, code);
        Assert.Equal(flow.State, query["state"]);
        return query;
    }
}
