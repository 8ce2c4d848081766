using System.Net;
using System.Text.Json;
using Lanyard.Emulator.Tests.Harness;

namespace Lanyard.Emulator.Tests;

public sealed class ManagedIdentityTests
{
    private const string Path = "/metadata/identity/oauth2/token?api-version=2018-02-01&resource=api%3A%2F%2FAzureADTokenExchange";

    [Fact]
    public async Task WithoutTheMetadataHeader_Is400BadRequest102()
    {
        await using var emulator = await EmulatorHarness.StartAsync();

        using var response = await emulator.GetAsync(Path);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var body = await EmulatorHarness.ReadJsonAsync(response);
        Assert.Equal("bad_request_102", body.GetProperty("error").GetString());
        Assert.Equal("Required metadata header not specified", body.GetProperty("error_description").GetString());
    }

    [Fact]
    public async Task WithoutASelector_TheSystemAssignedIdentityGetsAnAppOnlyToken_InStringValues()
    {
        await using var emulator = await EmulatorHarness.StartAsync();

        var body = await emulator.ManagedIdentityTokenAsync();

        Assert.All(body.EnumerateObject(), p => Assert.Equal(JsonValueKind.String, p.Value.ValueKind));
        Assert.Equal("Bearer", body.GetProperty("token_type").GetString());
        Assert.Equal("api://AzureADTokenExchange", body.GetProperty("resource").GetString());
        Assert.Equal(DemoDirectory.SystemAssignedIdentityClientId, body.GetProperty("client_id").GetString());
        var now = emulator.Time.GetUtcNow().ToUnixTimeSeconds();
        Assert.Equal(now.ToString(System.Globalization.CultureInfo.InvariantCulture), body.GetProperty("not_before").GetString());
        Assert.Equal((now + 86399).ToString(System.Globalization.CultureInfo.InvariantCulture), body.GetProperty("expires_on").GetString());
        Assert.Equal("86399", body.GetProperty("expires_in").GetString());

        var token = Jwt.Parse(body.GetProperty("access_token").GetString()!);
        Assert.Equal($"{EmulatorHarness.Authority}/{DemoDirectory.ContosoTenantId}/v2.0", token.Claim("iss"));
        Assert.Equal(DemoDirectory.SystemAssignedIdentityObjectId, token.Claim("sub"));
        Assert.Equal(DemoDirectory.SystemAssignedIdentityObjectId, token.Claim("oid"));
        Assert.Equal("api://AzureADTokenExchange", token.Claim("aud"));
        Assert.Equal("app", token.Claim("idtyp"));
        Assert.Equal(DemoDirectory.ContosoTenantId, token.Claim("tid"));
        Assert.False(token.Has("scp"));
        var jwk = (await emulator.JwksAsync(DemoDirectory.ContosoTenantId)).GetProperty("keys").EnumerateArray().Single(k => k.GetProperty("kid").GetString() == token.KeyId);
        Assert.True(token.VerifiesWith(jwk));
    }

    [Theory]
    [InlineData("client_id", DemoDirectory.UserAssignedIdentityClientId)]
    [InlineData("object_id", DemoDirectory.UserAssignedIdentityObjectId)]
    [InlineData("msi_res_id", DemoDirectory.UserAssignedIdentityResourceId)]
    public async Task AUserAssignedIdentity_IsSelectedByAnyOfItsIds(string selector, string value)
    {
        await using var emulator = await EmulatorHarness.StartAsync();

        var body = await emulator.ManagedIdentityTokenAsync(query: $"&{selector}={Uri.EscapeDataString(value)}");

        Assert.Equal(DemoDirectory.UserAssignedIdentityClientId, body.GetProperty("client_id").GetString());
        var token = Jwt.Parse(body.GetProperty("access_token").GetString()!);
        Assert.Equal(DemoDirectory.UserAssignedIdentityObjectId, token.Claim("oid"));
        Assert.Equal(DemoDirectory.UserAssignedIdentityResourceId, token.Claim("xms_mirid"));
        Assert.Equal(1, emulator.Statistics.ManagedIdentityTokens);
    }

    [Theory]
    [InlineData("&client_id=00000000-0000-0000-0000-000000000001", "Identity not found")]
    [InlineData($"&client_id={DemoDirectory.UserAssignedIdentityClientId}&object_id={DemoDirectory.UserAssignedIdentityObjectId}", "Only one of")]
    public async Task UnknownOrAmbiguousIdentities_Are400(string query, string description)
    {
        await using var emulator = await EmulatorHarness.StartAsync();
        using var request = new HttpRequestMessage(HttpMethod.Get, Path + query);
        request.Headers.Add("Metadata", "true");

        using var response = await emulator.Client.SendAsync(request, TestContext.Current.CancellationToken);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var body = await EmulatorHarness.ReadJsonAsync(response);
        Assert.Equal("invalid_request", body.GetProperty("error").GetString());
        Assert.StartsWith(description, body.GetProperty("error_description").GetString(), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("/metadata/identity/oauth2/token?api-version=2018-02-01")]
    [InlineData("/metadata/identity/oauth2/token?resource=https%3A%2F%2Fvault.azure.net")]
    public async Task MissingResourceOrApiVersion_Is400(string path)
    {
        await using var emulator = await EmulatorHarness.StartAsync();
        using var request = new HttpRequestMessage(HttpMethod.Get, path);
        request.Headers.Add("Metadata", "true");

        using var response = await emulator.Client.SendAsync(request, TestContext.Current.CancellationToken);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("invalid_request", (await EmulatorHarness.ReadJsonAsync(response)).GetProperty("error").GetString());
    }
}
