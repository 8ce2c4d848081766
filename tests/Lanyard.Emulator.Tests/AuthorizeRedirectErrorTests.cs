using System.Net;
using Lanyard.Emulator.Tests.Harness;

namespace Lanyard.Emulator.Tests;

/// <summary>Errors after client and redirect URI are trusted go back to the redirect URI with the state (§2).</summary>
public sealed class AuthorizeRedirectErrorTests
{
    [Fact]
    public async Task MissingResponseType_IsRedirectedAsInvalidRequest_WithTheStateEchoed()
    {
        await using var emulator = await EmulatorHarness.StartAsync();
        var flow = new CodeFlow();

        using var response = await emulator.AuthorizeAsync(flow, DemoDirectory.AliceUserPrincipalName, p => p.Remove("response_type"));

        var query = AssertRedirectedError(response, flow, "invalid_request", 900144);
        Assert.Equal($"{EmulatorHarness.Authority}/error?code=900144", query["error_uri"]);
        Assert.False(query.ContainsKey("code"));
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
