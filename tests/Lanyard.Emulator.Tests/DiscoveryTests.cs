using System.Net;
using System.Text.Json;
using Lanyard.Emulator.Tests.Harness;

namespace Lanyard.Emulator.Tests;

public sealed class DiscoveryTests
{
    private const string Contoso = DemoDirectory.ContosoTenantId;

    [Fact]
    public async Task TenantGuid_GivesIssuerAndEndpointsUnderTheGuid()
    {
        await using var emulator = await EmulatorHarness.StartAsync();
        using var response = await emulator.GetAsync($"/{Contoso}/v2.0/.well-known/openid-configuration");
        var doc = await EmulatorHarness.ReadSuccessAsync(response);

        var root = $"{EmulatorHarness.Authority}/{Contoso}";
        Assert.Equal($"{root}/v2.0", doc.GetProperty("issuer").GetString());
        Assert.Equal($"{root}/oauth2/v2.0/authorize", doc.GetProperty("authorization_endpoint").GetString());
        Assert.Equal($"{root}/oauth2/v2.0/token", doc.GetProperty("token_endpoint").GetString());
        Assert.Equal($"{root}/discovery/v2.0/keys", doc.GetProperty("jwks_uri").GetString());
        Assert.Equal($"{root}/oauth2/v2.0/logout", doc.GetProperty("end_session_endpoint").GetString());
        Assert.Equal(["code", "id_token", "code id_token", "id_token token"], Strings(doc, "response_types_supported"));
        Assert.Equal(["query", "fragment", "form_post"], Strings(doc, "response_modes_supported"));
        Assert.Equal(["pairwise"], Strings(doc, "subject_types_supported"));
        Assert.Equal(["RS256"], Strings(doc, "id_token_signing_alg_values_supported"));
        Assert.Equal(["client_secret_post", "private_key_jwt", "client_secret_basic"], Strings(doc, "token_endpoint_auth_methods_supported"));
        Assert.Equal($"{root}/oauth2/v2.0/devicecode", doc.GetProperty("device_authorization_endpoint").GetString());
        Assert.Equal(["openid", "profile", "email", "offline_access"], Strings(doc, "scopes_supported"));
        Assert.Contains("nonce", Strings(doc, "claims_supported"));
        Assert.Equal("WW", doc.GetProperty("tenant_region_scope").GetString());
        Assert.Equal("microsoftonline.com", doc.GetProperty("cloud_instance_name").GetString());
    }

    [Fact]
    public async Task Discovery_HasEntrasHeaders()
    {
        await using var emulator = await EmulatorHarness.StartAsync();
        using var response = await emulator.GetAsync($"/{Contoso}/v2.0/.well-known/openid-configuration");

        Assert.Equal("application/json; charset=utf-8", response.Content.Headers.ContentType!.ToString());
        Assert.Equal("max-age=86400, private", response.Headers.CacheControl!.ToString());
        Assert.Equal("*", response.Headers.GetValues("Access-Control-Allow-Origin").Single());
    }

    [Fact]
    public async Task TenantDomain_ResolvesToTheGuidEverywhere()
    {
        await using var emulator = await EmulatorHarness.StartAsync();
        using var response = await emulator.GetAsync("/Contoso.Test/v2.0/.well-known/openid-configuration");
        var doc = await EmulatorHarness.ReadSuccessAsync(response);

        Assert.Equal($"{EmulatorHarness.Authority}/{Contoso}/v2.0", doc.GetProperty("issuer").GetString());
        Assert.Equal($"{EmulatorHarness.Authority}/{Contoso}/oauth2/v2.0/token", doc.GetProperty("token_endpoint").GetString());
        Assert.Equal($"{EmulatorHarness.Authority}/{Contoso}/discovery/v2.0/keys", doc.GetProperty("jwks_uri").GetString());
    }

    [Theory]
    [InlineData("common")]
    [InlineData("organizations")]
    public async Task MultiTenantSegment_GivesTheTenantIdTemplateIssuer_AndKeepsTheSegmentInEndpoints(string segment)
    {
        await using var emulator = await EmulatorHarness.StartAsync();
        using var response = await emulator.GetAsync($"/{segment}/v2.0/.well-known/openid-configuration");
        var doc = await EmulatorHarness.ReadSuccessAsync(response);

        Assert.Equal($"{EmulatorHarness.Authority}/{{tenantid}}/v2.0", doc.GetProperty("issuer").GetString());
        Assert.Equal($"{EmulatorHarness.Authority}/{segment}/oauth2/v2.0/token", doc.GetProperty("token_endpoint").GetString());
        Assert.Equal($"{EmulatorHarness.Authority}/{segment}/discovery/v2.0/keys", doc.GetProperty("jwks_uri").GetString());
        Assert.Equal(JsonValueKind.Null, doc.GetProperty("tenant_region_scope").ValueKind);
    }

    [Fact]
    public async Task Kerberos_IsNotAdvertised_UserInfoIsTheEmulatorsOwn()
    {
        await using var emulator = await EmulatorHarness.StartAsync();
        using var response = await emulator.GetAsync("/common/v2.0/.well-known/openid-configuration");
        var doc = await EmulatorHarness.ReadSuccessAsync(response);

        Assert.False(doc.TryGetProperty("kerberos_endpoint", out _));

        // Entra names Graph's https://graph.microsoft.com/oidc/userinfo; the emulator's Graph stand-in is on its own host.
        Assert.Equal($"{EmulatorHarness.Authority}/oidc/userinfo", doc.GetProperty("userinfo_endpoint").GetString());
    }

    /// <summary>
    /// The field names and order of Entra's tenant document (entra-protocol.md §1.4), less the Kerberos endpoint, which
    /// the emulator does not serve. Entra advertises no <c>code_challenge_methods_supported</c>, so neither does the emulator.
    /// </summary>
    [Fact]
    public async Task Document_HasEntrasFieldsInEntrasOrder()
    {
        await using var emulator = await EmulatorHarness.StartAsync();
        using var response = await emulator.GetAsync($"/{Contoso}/v2.0/.well-known/openid-configuration");
        var doc = await EmulatorHarness.ReadSuccessAsync(response);

        string[] entra =
        [
            "token_endpoint", "token_endpoint_auth_methods_supported", "jwks_uri", "response_modes_supported", "subject_types_supported",
            "id_token_signing_alg_values_supported", "response_types_supported", "scopes_supported", "issuer", "request_uri_parameter_supported",
            "userinfo_endpoint", "authorization_endpoint", "device_authorization_endpoint", "http_logout_supported", "frontchannel_logout_supported",
            "end_session_endpoint", "claims_supported", "kerberos_endpoint", "tenant_region_scope", "cloud_instance_name", "cloud_graph_host_name",
            "msgraph_host", "rbac_url",
        ];
        string[] notServed = ["kerberos_endpoint"];
        Assert.Equal(entra.Except(notServed), doc.EnumerateObject().Select(p => p.Name));
        Assert.False(doc.GetProperty("request_uri_parameter_supported").GetBoolean());
        Assert.True(doc.GetProperty("http_logout_supported").GetBoolean());

        // The emulator never calls an application's front-channel logout URL, so it does not claim to.
        Assert.False(doc.GetProperty("frontchannel_logout_supported").GetBoolean());
        Assert.Equal(
            ["sub", "iss", "cloud_instance_name", "cloud_instance_host_name", "cloud_graph_host_name", "msgraph_host", "aud", "exp", "iat",
                "auth_time", "acr", "nonce", "preferred_username", "name", "tid", "ver", "at_hash", "c_hash", "email"],
            Strings(doc, "claims_supported"));
        Assert.Equal("graph.windows.net", doc.GetProperty("cloud_graph_host_name").GetString());
        Assert.Equal("graph.microsoft.com", doc.GetProperty("msgraph_host").GetString());
        Assert.Equal("https://pas.windows.net", doc.GetProperty("rbac_url").GetString());
    }

    [Fact]
    public async Task UnknownTenant_IsAnEntraShapedAadsts90002Error()
    {
        await using var emulator = await EmulatorHarness.StartAsync();
        using var response = await emulator.GetAsync("/nowhere.test/v2.0/.well-known/openid-configuration");

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        EntraErrorShape.AssertJson(await EmulatorHarness.ReadJsonAsync(response), "invalid_tenant", 90002);
    }

    [Fact]
    public async Task FixedAuthority_ReplacesTheRequestHost()
    {
        await using var emulator = await EmulatorHarness.StartAsync(options: new EntraEmulatorOptions { Authority = "https://login.emulator.test/" });
        using var response = await emulator.GetAsync($"/{Contoso}/v2.0/.well-known/openid-configuration");
        var doc = await EmulatorHarness.ReadSuccessAsync(response);

        Assert.Equal($"https://login.emulator.test/{Contoso}/v2.0", doc.GetProperty("issuer").GetString());
        Assert.Equal($"https://login.emulator.test/{Contoso}/oauth2/v2.0/authorize", doc.GetProperty("authorization_endpoint").GetString());
    }

    private static string[] Strings(JsonElement doc, string name) =>
        [.. doc.GetProperty(name).EnumerateArray().Select(e => e.GetString()!)];
}
