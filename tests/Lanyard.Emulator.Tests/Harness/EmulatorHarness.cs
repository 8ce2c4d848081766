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
