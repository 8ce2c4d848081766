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
public sealed class IdentityWebApiTests(HttpsEmulator emulator) : IClassFixture<HttpsEmulator>
{
    private static CancellationToken Cancel => TestContext.Current.CancellationToken;

    // Why the API refused a token, for a failure's message.
    private readonly System.Collections.Concurrent.ConcurrentBag<string> _failures = [];

    [Fact]
    public async Task AnAccessTokenForTheApi_IsValidated_AndItsUserScopesAndRolesRead()
    {
        var port = FreePort.Next();
        await using var api = await StartApiAsync(port);
        var tokens = await EmulatorTokenClient.AcquireAsync(emulator.CreateHandler(), emulator.Root, DemoDirectory.ContosoTenantId, DemoDirectory.DevClientId,
            DemoDirectory.DevClientSecret, "http://127.0.0.1:5080/oauth2/callback", DemoDirectory.AliceUserPrincipalName, $"openid {DemoDirectory.DevApiScope}");
        using var client = new HttpClient();

        using var anonymous = await client.GetAsync($"http://127.0.0.1:{port}/whoami", Cancel);
        using var request = new HttpRequestMessage(HttpMethod.Get, $"http://127.0.0.1:{port}/whoami");
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", tokens.GetProperty("access_token").GetString());
        using var response = await client.SendAsync(request, Cancel);

        Assert.Equal(HttpStatusCode.Unauthorized, anonymous.StatusCode);
        Assert.True(response.StatusCode == HttpStatusCode.OK, $"{(int)response.StatusCode} {response.Headers.WwwAuthenticate} {string.Join("\n", _failures)}");
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
        var port = FreePort.Next();
        await using var api = await StartApiAsync(port);
        var other = await EmulatorTokenClient.AcquireAsync(emulator.CreateHandler(), emulator.Root, DemoDirectory.ContosoTenantId, DemoDirectory.DevClientId,
            DemoDirectory.DevClientSecret, "http://127.0.0.1:5080/oauth2/callback", DemoDirectory.AliceUserPrincipalName, $"openid {DemoDirectory.DemoApiScope}");
        using var client = new HttpClient();

        using var request = new HttpRequestMessage(HttpMethod.Get, $"http://127.0.0.1:{port}/whoami");
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", other.GetProperty("access_token").GetString());
        using var response = await client.SendAsync(request, Cancel);

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        Assert.Contains(_failures, f => f.Contains("IDX10214", StringComparison.Ordinal)); // the audience, not anything else
    }

    private async Task<WebApplication> StartApiAsync(int port)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.ConfigureKestrel(k => k.Listen(IPAddress.Loopback, port));
        builder.Logging.ClearProviders();

        // Trusting the emulator's certificate: JwtBearer's metadata client, and the IHttpClientFactory clients.
        // Microsoft.Identity.Web's issuer validator fetches the issuer with a named client only when told its name.
        builder.Services.ConfigureHttpClientDefaults(client => client.ConfigurePrimaryHttpMessageHandler(emulator.CreateHandler));
        builder.Services.Configure<AadIssuerValidatorOptions>(o => o.HttpClientName = "emulator");
        builder.Services.AddAuthentication(JwtBearerDefaults.AuthenticationScheme)
            .AddMicrosoftIdentityWebApi(
                jwt =>
                {
                    jwt.BackchannelHttpHandler = emulator.CreateHandler();
                    jwt.Events = new JwtBearerEvents { OnAuthenticationFailed = failed => { _failures.Add(failed.Exception.ToString()); return Task.CompletedTask; } };
                },
                identity =>
                {
                    identity.Instance = emulator.Root.AbsoluteUri;
                    identity.TenantId = DemoDirectory.ContosoTenantId;
                    identity.ClientId = DemoDirectory.DevClientId;
                });
        builder.Services.AddAuthorization();
        var app = builder.Build();
        app.UseAuthentication();
        app.UseAuthorization();
        app.MapGet("/whoami", (ClaimsPrincipal user) => Results.Json(new
        {
            objectId = user.GetObjectId(),
            tenantId = user.GetTenantId(),
            displayName = user.GetDisplayName(),
            name = user.FindFirst("name")?.Value,
            scopes = (user.FindFirst(ClaimConstants.Scp) ?? user.FindFirst(ClaimConstants.Scope))?.Value.Split(' ') ?? [],
            roles = user.FindAll(ClaimConstants.Roles).Concat(user.FindAll(ClaimTypes.Role)).Select(c => c.Value).ToArray(),
        })).RequireAuthorization();
        await app.StartAsync(Cancel);
        return app;
    }
}
