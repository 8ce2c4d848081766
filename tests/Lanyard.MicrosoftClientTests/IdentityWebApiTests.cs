using System.Net;
using System.Net.Http.Headers;
using System.Security.Claims;
using System.Text.Json;
using Lanyard.Emulator;
using Lanyard.Testing;
using Microsoft.AspNetCore.Authentication.JwtBearer;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Identity.Web;

namespace Lanyard.MicrosoftClientTests;

/// <summary>
/// Microsoft.Identity.Web's <c>AddMicrosoftIdentityWebApi</c>, configured as for Entra ID with the emulator's instance,
/// validating the emulator's access tokens and reading the claims apps read through its extensions.
/// </summary>
public sealed class IdentityWebApiTests(IdentityWebApi api) : IClassFixture<IdentityWebApi>
{
    private static CancellationToken Cancel => TestContext.Current.CancellationToken;

    private HttpsEmulator Emulator => api.Emulator;

    [Fact]
    public async Task AnAccessTokenForTheApi_IsValidated_AndItsUserScopesAndRolesRead()
    {
        var tokens = await EmulatorTokenClient.AcquireAsync(Emulator.CreateHandler(), Emulator.Root, DemoDirectory.ContosoTenantId, DemoDirectory.DevClientId,
            DemoDirectory.DevClientSecret, "http://127.0.0.1:5080/oauth2/callback", DemoDirectory.AliceUserPrincipalName, $"openid {DemoDirectory.DevApiScope}");
        using var client = new HttpClient();
        var failuresBefore = api.Failures.Count;

        using var anonymous = await client.GetAsync(api.WhoAmI, Cancel);
        using var request = new HttpRequestMessage(HttpMethod.Get, api.WhoAmI);
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", tokens.GetProperty("access_token").GetString());
        using var response = await client.SendAsync(request, Cancel);

        Assert.Equal(HttpStatusCode.Unauthorized, anonymous.StatusCode);
        Assert.True(response.StatusCode == HttpStatusCode.OK, $"{(int)response.StatusCode} {response.Headers.WwwAuthenticate} {string.Join("\n", api.Failures.Skip(failuresBefore))}");
        using var document = JsonDocument.Parse(await response.Content.ReadAsStringAsync(Cancel));
        var user = document.RootElement;
        Assert.Equal(DemoDirectory.AliceObjectId, user.GetProperty("objectId").GetString());
        Assert.Equal(DemoDirectory.ContosoTenantId, user.GetProperty("tenantId").GetString());
        Assert.Equal(DemoDirectory.AliceUserPrincipalName, user.GetProperty("displayName").GetString()); // preferred_username, as M.I.Web reads it
        Assert.Equal(DemoDirectory.AliceDisplayName, user.GetProperty("name").GetString());
        Assert.Contains(DemoDirectory.AccessAsUserScope, user.GetProperty("scopes").EnumerateArray().Select(s => s.GetString()));
        Assert.Contains(DemoDirectory.AdminRole, user.GetProperty("roles").EnumerateArray().Select(s => s.GetString()));
    }

    [Fact]
    public async Task ATokenForAnotherApi_IsRefused()
    {
        var other = await EmulatorTokenClient.AcquireAsync(Emulator.CreateHandler(), Emulator.Root, DemoDirectory.ContosoTenantId, DemoDirectory.DevClientId,
            DemoDirectory.DevClientSecret, "http://127.0.0.1:5080/oauth2/callback", DemoDirectory.AliceUserPrincipalName, $"openid {DemoDirectory.DemoApiScope}");
        using var client = new HttpClient();
        var failuresBefore = api.Failures.Count;

        using var request = new HttpRequestMessage(HttpMethod.Get, api.WhoAmI);
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", other.GetProperty("access_token").GetString());
        using var response = await client.SendAsync(request, Cancel);

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        Assert.Contains(api.Failures.Skip(failuresBefore), f => f.Contains("IDX10214", StringComparison.Ordinal)); // the audience, not anything else
    }
}

/// <summary>
/// One API host for the class, as an app has one: Microsoft.IdentityModel.Validators keeps each authority's
/// <c>AadIssuerValidator</c>, with the HttpClient it was made with, in a static cache, so a second host in the same
/// process for the same authority would be handed the first host's (disposed) client.
/// </summary>
public sealed class IdentityWebApi : IAsyncLifetime
{
    private WebApplication? _app;

    public HttpsEmulator Emulator { get; } = new();

    public int Port { get; } = FreePort.Next();

    public string WhoAmI => $"http://127.0.0.1:{Port}/whoami";

    /// <summary>Why the API refused a token, in order, for assertions and a failure's message.</summary>
    public System.Collections.Concurrent.ConcurrentQueue<string> Failures { get; } = new();

    public async ValueTask InitializeAsync()
    {
        await Emulator.InitializeAsync();
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.ConfigureKestrel(k => k.Listen(IPAddress.Loopback, Port));
        builder.Logging.ClearProviders();

        var (emulatorUrl, emulatorPem) = (Emulator.Url, Emulator.Pem);

        // README snippet 6
        // Microsoft.Identity.Web, an API: validates the emulator's access tokens for the app (issuer, audience, tenant)
        builder.Services.AddAuthentication(JwtBearerDefaults.AuthenticationScheme)
            .AddMicrosoftIdentityWebApi(
                jwt => jwt.BackchannelHttpHandler = EmulatorTrust.Handler(emulatorPem),
                identity =>
                {
                    identity.Instance = $"{emulatorUrl}/";
                    identity.TenantId = "7c5a1d6e-3b2f-4e8a-9d1c-6f0b2a4e8c31";
                    identity.ClientId = "4f1c7a2e-8d3b-4c6a-9e5f-0a1b2c3d4e5f";
                });
        // Its issuer validator reads the authority's metadata with an IHttpClientFactory client, named here so the
        // trust applies to it
        builder.Services.ConfigureHttpClientDefaults(client => client.ConfigurePrimaryHttpMessageHandler(() => EmulatorTrust.Handler(emulatorPem)));
        builder.Services.Configure<AadIssuerValidatorOptions>(o => o.HttpClientName = "emulator");
        // README snippet end

        // Why the API refused a token, beside what Microsoft.Identity.Web does on a failure.
        builder.Services.PostConfigure<JwtBearerOptions>(JwtBearerDefaults.AuthenticationScheme, jwt =>
        {
            var events = jwt.Events ??= new JwtBearerEvents();
            var inner = events.OnAuthenticationFailed;
            events.OnAuthenticationFailed = async failed =>
            {
                Failures.Enqueue(failed.Exception.ToString());
                await inner(failed);
            };
        });
        builder.Services.AddAuthorization();
        _app = builder.Build();
        _app.UseAuthentication();
        _app.UseAuthorization();
        _app.MapGet("/whoami", (ClaimsPrincipal user) => Results.Json(new
        {
            objectId = user.GetObjectId(),
            tenantId = user.GetTenantId(),
            displayName = user.GetDisplayName(),
            name = user.FindFirst("name")?.Value,
            scopes = (user.FindFirst(ClaimConstants.Scp) ?? user.FindFirst(ClaimConstants.Scope))?.Value.Split(' ') ?? [],
            roles = user.FindAll(ClaimConstants.Roles).Concat(user.FindAll(ClaimTypes.Role)).Select(c => c.Value).ToArray(),
        })).RequireAuthorization();
        await _app.StartAsync(TestContext.Current.CancellationToken);
    }

    public async ValueTask DisposeAsync()
    {
        if (_app is not null)
        {
            await _app.DisposeAsync();
        }

        await Emulator.DisposeAsync();
    }
}
