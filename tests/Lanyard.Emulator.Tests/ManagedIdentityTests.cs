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

    // A managed identity is a service principal: the demo API's LanyardApi.Caller granted to the VM's identity is in
    // its tokens for that API, whichever way the resource names the API (as a scope's resource would, §7.1).
    [Theory]
    [InlineData(DemoDirectory.DemoApiIdentifierUri)]
    [InlineData(DemoDirectory.DemoApiClientId)]
    [InlineData("api://" + DemoDirectory.DemoApiClientId)]
    public async Task ForADirectoryApi_TheRolesGrantedToTheIdentity_AreInRoles_AndTheAudienceIsTheResource(string resource)
    {
        await using var emulator = await EmulatorHarness.StartAsync();

        var body = await emulator.ManagedIdentityTokenAsync(resource);

        Assert.Equal(resource, body.GetProperty("resource").GetString());
        var token = Jwt.Parse(body.GetProperty("access_token").GetString()!);
        Assert.Equal(resource, token.Claim("aud"));
        Assert.Equal([DemoDirectory.DemoApiCallerRole], token.ClaimArray("roles"));
        Assert.Equal((DemoDirectory.SystemAssignedIdentityObjectId, "app"), (token.Claim("oid"), token.Claim("idtyp")));
        Assert.False(token.Has("scp"));
    }

    [Fact]
    public async Task ForADirectoryApi_AnIdentityGrantedNothing_GetsNoRoles()
    {
        await using var emulator = await EmulatorHarness.StartAsync();

        var body = await emulator.ManagedIdentityTokenAsync(DemoDirectory.DemoApiIdentifierUri, $"&client_id={DemoDirectory.UserAssignedIdentityClientId}");

        var token = Jwt.Parse(body.GetProperty("access_token").GetString()!);
        Assert.Equal((DemoDirectory.UserAssignedIdentityObjectId, DemoDirectory.DemoApiIdentifierUri), (token.Claim("oid"), token.Claim("aud")));
        Assert.False(token.Has("roles"));
    }

    // Graph's permissions are not app roles of a directory API, and managed identities hold none in the emulator.
    [Theory]
    [InlineData("https://management.azure.com")]
    [InlineData("https://management.azure.com/")]
    [InlineData("https://graph.microsoft.com")]
    [InlineData("00000003-0000-0000-c000-000000000000")]
    [InlineData("cfa8b339-82a2-471a-a3c9-0fc0be7a4093")] // Key Vault's app id: Microsoft's apps are resources too
    [InlineData("spn:499b84ac-1321-427f-aa17-267ca6975798")] // Azure DevOps
    [InlineData("api://AzureADTokenExchange")]
    [InlineData("api://AzureADTokenExchangeUSGov")]
    public async Task ForAResourceThatIsNoDirectoryApi_TheGrantedIdentityGetsNoRoles_AndTheAudienceIsTheResource(string resource)
    {
        await using var emulator = await EmulatorHarness.StartAsync();

        var body = await emulator.ManagedIdentityTokenAsync(resource);

        var token = Jwt.Parse(body.GetProperty("access_token").GetString()!);
        Assert.Equal((DemoDirectory.SystemAssignedIdentityObjectId, resource), (token.Claim("oid"), token.Claim("aud")));
        Assert.False(token.Has("roles"));
    }

    [Fact]
    public async Task AnIdentityGrantedRolesOfTwoApis_GetsForEachApiOnlyItsRoles()
    {
        var file = DirectoryFiles.Write("""
            { "tenants": [ { "id": "1b2c3d4e-0000-4000-8000-000000000001", "domain": "a.test" } ],
              "applications": [
                { "clientId": "1b2c3d4e-0000-4000-8000-00000000000a", "homeTenantId": "1b2c3d4e-0000-4000-8000-000000000001", "identifierUris": ["https://jobs.a.test"],
                  "appRoles": [ { "id": "1b2c3d4e-0000-4000-8000-0000000000b1", "value": "Jobs.Run", "allowedMemberTypes": ["Application"] },
                                { "id": "1b2c3d4e-0000-4000-8000-0000000000b2", "value": "Jobs.Read" } ] },
                { "clientId": "1b2c3d4e-0000-4000-8000-00000000000b", "homeTenantId": "1b2c3d4e-0000-4000-8000-000000000001",
                  "appRoles": [ { "id": "1b2c3d4e-0000-4000-8000-0000000000b3", "value": "Reports.Write", "allowedMemberTypes": ["Application"] } ] } ],
              "managedIdentities": [ { "objectId": "1b2c3d4e-0000-4000-8000-000000000004", "clientId": "1b2c3d4e-0000-4000-8000-000000000005",
                "tenantId": "1b2c3d4e-0000-4000-8000-000000000001", "displayName": "vm", "kind": "UserAssigned",
                "appRoleAssignments": [ { "clientId": "1b2c3d4e-0000-4000-8000-00000000000a", "roleValue": "Jobs.Run" },
                                        { "clientId": "1b2c3d4e-0000-4000-8000-00000000000a", "roleValue": "Jobs.Read" },
                                        { "clientId": "1b2c3d4e-0000-4000-8000-00000000000b", "roleValue": "Reports.Write" } ] } ] }
            """);
        try
        {
            await using var emulator = await EmulatorHarness.StartAsync(options: new EntraEmulatorOptions { DirectoryFile = file });
            async Task<string[]> RolesForAsync(string resource)
            {
                var body = await emulator.ManagedIdentityTokenAsync(resource, "&object_id=1b2c3d4e-0000-4000-8000-000000000004");
                var token = Jwt.Parse(body.GetProperty("access_token").GetString()!);
                return token.Has("roles") ? token.ClaimArray("roles") : [];
            }

            Assert.Equal(["Jobs.Run", "Jobs.Read"], await RolesForAsync("https://jobs.a.test"));
            Assert.Equal(["Reports.Write"], await RolesForAsync("api://1b2c3d4e-0000-4000-8000-00000000000b"));
            Assert.Empty(await RolesForAsync("https://vault.azure.net"));
        }
        finally
        {
            File.Delete(file);
        }
    }

    // IMDS asks Entra for the token and passes Entra's refusal on as it came (MSAL.NET #3979, Microsoft.Identity.Web
    // #2796): an api:// resource that is no app registration here is AADSTS500011.
    [Theory]
    [InlineData("api://no-such-api")]
    [InlineData("api://1b2c3d4e-0000-4000-8000-0000000000ff")]
    [InlineData("api://AzureADTokenExchange/.default")] // a scope, which IMDS does not take in place of a resource
    public async Task ForAnAppRegistrationThatIsNotThere_IsEntrasAadsts500011(string resource)
    {
        await using var emulator = await EmulatorHarness.StartAsync();
        using var request = new HttpRequestMessage(HttpMethod.Get, "/metadata/identity/oauth2/token?api-version=2018-02-01&resource=" + Uri.EscapeDataString(resource));
        request.Headers.Add("Metadata", "true");

        using var response = await emulator.Client.SendAsync(request, TestContext.Current.CancellationToken);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var body = await EmulatorHarness.ReadJsonAsync(response);
        Assert.Equal("invalid_resource", body.GetProperty("error").GetString());
        Assert.StartsWith($"AADSTS500011: The resource principal named {resource} was not found in the tenant named Contoso.", body.GetProperty("error_description").GetString(), StringComparison.Ordinal);
        Assert.Equal([500011], body.GetProperty("error_codes").EnumerateArray().Select(c => c.GetInt32()));
        Assert.Equal(0, emulator.Statistics.ManagedIdentityTokens);
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
