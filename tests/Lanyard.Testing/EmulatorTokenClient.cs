using System.Text.Json;
using Lanyard.Emulator;
using Microsoft.AspNetCore.WebUtilities;

namespace Lanyard.Testing;

/// <summary>
/// Gets tokens from the emulator the way a client app would (code flow with PKCE, the user picked by
/// <c>login_hint</c>), for tests that need an access token to present as a bearer token.
/// </summary>
public static class EmulatorTokenClient
{
    public static Task<JsonElement> AcquireAsync(
        SimulatedNetwork network, Uri emulator, string tenant, string clientId, string clientSecret, string redirectUri, string user, string scope) =>
        AcquireAsync(network.CreateHandler(), emulator, tenant, clientId, clientSecret, redirectUri, user, scope);

    /// <summary>The same over <paramref name="handler"/> (a plain one, without redirects, for an emulator process on loopback).</summary>
    public static async Task<JsonElement> AcquireAsync(
        HttpMessageHandler handler, Uri emulator, string tenant, string clientId, string clientSecret, string redirectUri, string user, string scope)
    {
        var verifier = Convert.ToHexString(System.Security.Cryptography.RandomNumberGenerator.GetBytes(32));
        var challenge = System.Buffers.Text.Base64Url.EncodeToString(System.Security.Cryptography.SHA256.HashData(System.Text.Encoding.ASCII.GetBytes(verifier)));
        using var http = new HttpClient(handler);
        var authorize = QueryHelpers.AddQueryString(new Uri(emulator, $"/{tenant}/oauth2/v2.0/authorize").AbsoluteUri, new Dictionary<string, string?>
        {
            ["client_id"] = clientId,
            ["response_type"] = "code",
            ["redirect_uri"] = redirectUri,
            ["scope"] = scope,
            ["state"] = "s",
            ["code_challenge"] = challenge,
            ["code_challenge_method"] = "S256",
            ["login_hint"] = user,
        });
        using var answer = await http.GetAsync(authorize);
        var location = answer.Headers.Location ?? throw new InvalidOperationException($"authorize answered {(int)answer.StatusCode}: {await answer.Content.ReadAsStringAsync()}");
        var code = QueryHelpers.ParseQuery(location.Query)["code"].ToString();
        using var token = await http.PostAsync(new Uri(emulator, $"/{tenant}/oauth2/v2.0/token"), new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["grant_type"] = "authorization_code",
            ["code"] = code,
            ["redirect_uri"] = redirectUri,
            ["code_verifier"] = verifier,
            ["client_id"] = clientId,
            ["client_secret"] = clientSecret,
        }));
        var body = await token.Content.ReadAsStringAsync();
        return token.IsSuccessStatusCode ? JsonDocument.Parse(body).RootElement.Clone() : throw new InvalidOperationException($"token endpoint answered {(int)token.StatusCode}: {body}");
    }

    /// <summary>An access token for <paramref name="scope"/>, issued to the integration environment's app.</summary>
    public static async Task<string> AccessTokenAsync(LanyardTestEnvironment env, string user, string scope, string tenant = DemoDirectory.ContosoTenantId)
    {
        var tokens = await AcquireAsync(env.Network, LanyardTestEnvironment.EmulatorUrl, tenant, LanyardTestEnvironment.ClientId, LanyardTestEnvironment.ClientSecret,
            new Uri(LanyardTestEnvironment.ProxyUrl, "/oauth2/callback").AbsoluteUri, user, scope);
        return tokens.GetProperty("access_token").GetString()!;
    }

    /// <summary>
    /// An app-only access token (client credentials with the integration environment's app secret) for
    /// <paramref name="scope"/>, e.g. <c>api://{client}/.default</c>: <c>idtyp</c> app, <c>oid</c> the service principal's.
    /// </summary>
    public static async Task<string> AppOnlyTokenAsync(LanyardTestEnvironment env, string scope, string tenant = DemoDirectory.ContosoTenantId)
    {
        using var http = new HttpClient(env.Network.CreateHandler());
        using var token = await http.PostAsync(new Uri(LanyardTestEnvironment.EmulatorUrl, $"/{tenant}/oauth2/v2.0/token"), new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["grant_type"] = "client_credentials",
            ["scope"] = scope,
            ["client_id"] = LanyardTestEnvironment.ClientId,
            ["client_secret"] = LanyardTestEnvironment.ClientSecret,
        }));
        var body = await token.Content.ReadAsStringAsync();
        return token.IsSuccessStatusCode
            ? JsonDocument.Parse(body).RootElement.GetProperty("access_token").GetString()!
            : throw new InvalidOperationException($"token endpoint answered {(int)token.StatusCode}: {body}");
    }
}
