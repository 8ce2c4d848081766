using System.Net;
using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.TestHost;
using Microsoft.AspNetCore.WebUtilities;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Time.Testing;

namespace Lanyard.Emulator.Tests.Harness;

/// <summary>An emulator on a TestServer with a fake clock, plus the relying party's moves.</summary>
internal sealed class EmulatorHarness : IAsyncDisposable
{
    /// <summary>What the TestServer client calls the emulator; issuers are built from it.</summary>
    public const string Authority = "http://localhost";

    // RSA key generation dominates start-up, so harnesses share one key set unless a test changes the keys.
    private static readonly SigningKeys SharedKeys = new(TimeProvider.System);

    private readonly WebApplication _app;

    private EmulatorHarness(WebApplication app, FakeTimeProvider time)
    {
        _app = app;
        Time = time;
        Client = app.GetTestClient();
    }

    public FakeTimeProvider Time { get; }

    public HttpClient Client { get; }

    public EmulatorDirectory Directory => _app.Services.GetRequiredService<EmulatorDirectory>();

    public EmulatorFaults Faults => _app.Services.GetRequiredService<EmulatorFaults>();

    public SigningKeys Keys => _app.Services.GetRequiredService<SigningKeys>();

    public EmulatorStatistics Statistics => _app.Services.GetRequiredService<EmulatorStatistics>();

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    public static async Task<EmulatorHarness> StartAsync(
        bool ownKeys = false, EntraEmulatorOptions? options = null, Action<WebApplicationBuilder>? customize = null)
    {
        var time = new FakeTimeProvider(new DateTimeOffset(2026, 1, 15, 9, 30, 0, TimeSpan.Zero));
        var app = EntraEmulatorHost.Create(options ?? new EntraEmulatorOptions(), [], builder =>
        {
            builder.WebHost.UseTestServer();
            builder.Logging.ClearProviders();
            builder.Services.AddSingleton<TimeProvider>(time);
            if (!ownKeys)
            {
                builder.Services.AddSingleton(SharedKeys);
            }

            customize?.Invoke(builder);
        });
        await app.StartAsync(Ct);
        return new EmulatorHarness(app, time);
    }

    public Task<HttpResponseMessage> GetAsync(string pathAndQuery) => Client.GetAsync(pathAndQuery, Ct);

    /// <summary>A Graph call with an optional bearer token (an absolute nextLink works too).</summary>
    public async Task<HttpResponseMessage> GraphAsync(string pathAndQuery, string? accessToken, HttpMethod? method = null, HttpContent? content = null)
    {
        using var request = new HttpRequestMessage(method ?? HttpMethod.Get, pathAndQuery) { Content = content };
        if (accessToken is not null)
        {
            request.Headers.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", accessToken);
        }

        return await Client.SendAsync(request, Ct);
    }

    /// <summary>Signs the user in with the given scopes and returns the Graph access token.</summary>
    public async Task<string> GraphTokenAsync(string user, string scope = "openid profile User.Read", string tenant = DemoDirectory.ContosoDomain)
    {
        var tokens = await SignInAndRedeemAsync(new CodeFlow { Scope = scope, Tenant = tenant }, user);
        return tokens.GetProperty("access_token").GetString()!;
    }

    /// <summary>Alice's access token for the demo API, from the dev app's sign-in: what an on-behalf-of call starts from.</summary>
    public async Task<string> AliceTokenForDemoApiAsync()
    {
        var tokens = await SignInAndRedeemAsync(new CodeFlow { Scope = $"openid {DemoDirectory.DemoApiScope}" }, DemoDirectory.AliceUserPrincipalName);
        var token = tokens.GetProperty("access_token").GetString()!;
        Assert.Equal(DemoDirectory.DemoApiIdentifierUri, Jwt.Parse(token).Claim("aud"));
        return token;
    }

    /// <summary>The demo API's on-behalf-of request (§3.6) with <paramref name="assertion"/>, at Contoso's token endpoint.</summary>
    public Task<HttpResponseMessage> OnBehalfOfAsync(string assertion, string scope, Action<Dictionary<string, string>>? change = null)
    {
        var form = new Dictionary<string, string>
        {
            ["grant_type"] = "urn:ietf:params:oauth:grant-type:jwt-bearer",
            ["client_id"] = DemoDirectory.DemoApiClientId,
            ["client_secret"] = DemoDirectory.DemoApiClientSecret,
            ["assertion"] = assertion,
            ["requested_token_use"] = "on_behalf_of",
            ["scope"] = scope,
        };
        change?.Invoke(form);
        return PostFormAsync($"/{DemoDirectory.ContosoTenantId}/oauth2/v2.0/token", form);
    }

    /// <summary>A managed-identity token from the IMDS endpoint, asserting success.</summary>
    public async Task<JsonElement> ManagedIdentityTokenAsync(string resource = "api://AzureADTokenExchange", string? query = null)
    {
        using var request = new HttpRequestMessage(
            HttpMethod.Get, $"/metadata/identity/oauth2/token?api-version=2018-02-01&resource={Uri.EscapeDataString(resource)}{query}");
        request.Headers.Add("Metadata", "true");
        using var response = await Client.SendAsync(request, Ct);
        return await ReadSuccessAsync(response);
    }

    /// <summary>Replaces the client secret of a token request with a client assertion.</summary>
    public static void UseAssertion(Dictionary<string, string> form, string assertion)
    {
        form.Remove("client_secret");
        form["client_assertion_type"] = "urn:ietf:params:oauth:client-assertion-type:jwt-bearer";
        form["client_assertion"] = assertion;
    }

    public Task<HttpResponseMessage> PostFormAsync(string path, IEnumerable<KeyValuePair<string, string>> form) =>
        Client.PostAsync(path, new FormUrlEncodedContent(form), Ct);

    public Task<HttpResponseMessage> AuthorizeAsync(string tenant, IDictionary<string, string> parameters) =>
        GetAsync(QueryHelpers.AddQueryString($"/{tenant}/oauth2/v2.0/authorize", parameters!));

    public Task<HttpResponseMessage> AuthorizeAsync(CodeFlow flow, string? loginHint, Action<Dictionary<string, string>>? change = null)
    {
        var parameters = flow.AuthorizeParameters(loginHint);
        change?.Invoke(parameters);
        return AuthorizeAsync(flow.Tenant, parameters);
    }

    /// <summary>Signs the user in through login_hint and returns the code, checking the redirect on the way.</summary>
    public async Task<string> SignInAsync(CodeFlow flow, string user)
    {
        using var response = await AuthorizeAsync(flow, user);
        Assert.Equal(HttpStatusCode.Found, response.StatusCode);
        var query = RedirectQuery(response, flow.RedirectUri);
        Assert.Equal(flow.State, query["state"]);
        return query["code"]!;
    }

    public Task<HttpResponseMessage> RedeemAsync(CodeFlow flow, string code, Action<Dictionary<string, string>>? change = null)
    {
        var form = flow.RedeemParameters(code);
        change?.Invoke(form);
        return PostFormAsync($"/{flow.Tenant}/oauth2/v2.0/token", form);
    }

    public Task<HttpResponseMessage> RefreshAsync(CodeFlow flow, string refreshToken, Action<Dictionary<string, string>>? change = null)
    {
        var form = new Dictionary<string, string>
        {
            ["grant_type"] = "refresh_token",
            ["client_id"] = flow.ClientId,
            ["client_secret"] = flow.ClientSecret,
            ["refresh_token"] = refreshToken,
        };
        change?.Invoke(form);
        return PostFormAsync($"/{flow.Tenant}/oauth2/v2.0/token", form);
    }

    /// <summary>Sign-in plus redemption, asserting success; returns the token response.</summary>
    public async Task<JsonElement> SignInAndRedeemAsync(CodeFlow flow, string user)
    {
        var code = await SignInAsync(flow, user);
        using var response = await RedeemAsync(flow, code);
        return await ReadSuccessAsync(response);
    }

    public async Task<JsonElement> JwksAsync(string tenant = "common")
    {
        using var response = await GetAsync($"/{tenant}/discovery/v2.0/keys");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return await ReadJsonAsync(response);
    }

    public static async Task<JsonElement> ReadSuccessAsync(HttpResponseMessage response)
    {
        var body = await ReadJsonAsync(response);
        Assert.True(response.StatusCode == HttpStatusCode.OK, $"expected 200, got {(int)response.StatusCode}: {body}");
        return body;
    }

    public static async Task<JsonElement> ReadJsonAsync(HttpResponseMessage response)
    {
        var text = await response.Content.ReadAsStringAsync(Ct);
        return JsonDocument.Parse(text).RootElement.Clone();
    }

    public static Task<string> ReadTextAsync(HttpResponseMessage response) => response.Content.ReadAsStringAsync(Ct);

    /// <summary>The query of a redirect, after checking it goes to the expected redirect URI.</summary>
    public static Dictionary<string, string?> RedirectQuery(HttpResponseMessage response, string expectedRedirectUri)
    {
        var location = response.Headers.Location;
        Assert.NotNull(location);
        Assert.StartsWith(expectedRedirectUri + "?", location.OriginalString, StringComparison.Ordinal);
        return QueryHelpers.ParseQuery(location.Query).ToDictionary(kv => kv.Key, kv => (string?)kv.Value.ToString());
    }

    public async ValueTask DisposeAsync()
    {
        Client.Dispose();
        await _app.DisposeAsync();
    }
}
