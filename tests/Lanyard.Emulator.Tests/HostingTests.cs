using System.Net;
using Lanyard.Emulator.Tests.Harness;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Lanyard.Emulator.Tests;

public sealed class HostingTests
{
    [Fact]
    public async Task MappedUnderARouteGroup_TheIssuerIncludesThePrefix()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseTestServer();
        builder.Logging.ClearProviders();
        builder.Services.AddEntraEmulator();
        await using var app = builder.Build();
        app.MapGroup("/login").MapEntraEmulator();
        await app.StartAsync(TestContext.Current.CancellationToken);
        using var client = app.GetTestClient();

        using var response = await client.GetAsync($"/login/{DemoDirectory.ContosoTenantId}/v2.0/.well-known/openid-configuration", TestContext.Current.CancellationToken);

        var doc = await EmulatorHarness.ReadSuccessAsync(response);
        Assert.Equal($"http://localhost/login/{DemoDirectory.ContosoTenantId}/v2.0", doc.GetProperty("issuer").GetString());
        Assert.Equal($"http://localhost/login/{DemoDirectory.ContosoTenantId}/oauth2/v2.0/token", doc.GetProperty("token_endpoint").GetString());
    }

    [Fact]
    public void InvalidDirectoryFile_StopsTheHostFromBeingCreated()
    {
        var file = Path.Combine(Path.GetTempPath(), $"lanyard-bad-{Guid.NewGuid():N}.json");
        File.WriteAllText(file, "{ \"tenants\": 42 }");
        try
        {
            var error = Assert.Throws<EmulatorDirectoryException>(() =>
                EntraEmulatorHost.Create(new EntraEmulatorOptions { DirectoryFile = file }, [], b => b.WebHost.UseTestServer()));

            Assert.Contains(file, error.Message, StringComparison.Ordinal);
        }
        finally
        {
            File.Delete(file);
        }
    }

    [Fact]
    public void InvalidAuthority_StopsTheHostFromBeingCreated()
    {
        var error = Assert.Throws<InvalidOperationException>(() =>
            EntraEmulatorHost.Create(new EntraEmulatorOptions { Authority = "login.test" }, [], b => b.WebHost.UseTestServer()));

        Assert.Contains("login.test", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task UnexpectedFailure_IsAnEntraShapedServerError_WithoutAStackTrace()
    {
        var clock = new FailOnceTimeProvider();
        await using var emulator = await EmulatorHarness.StartAsync(customize: b => b.Services.AddSingleton<TimeProvider>(clock));
        clock.FailNextCall = true;

        using var response = await emulator.AuthorizeAsync(new CodeFlow(), DemoDirectory.AliceUserPrincipalName);

        Assert.Equal(HttpStatusCode.InternalServerError, response.StatusCode);
        var text = await EmulatorHarness.ReadTextAsync(response);
        Assert.DoesNotContain("InvalidOperationException", text, StringComparison.Ordinal);
        Assert.DoesNotContain(" at ", text, StringComparison.Ordinal);
        EntraErrorShape.AssertJson(await EmulatorHarness.ReadJsonAsync(response), "server_error", 500000);
    }

    private sealed class FailOnceTimeProvider : TimeProvider
    {
        public bool FailNextCall { get; set; }

        public override DateTimeOffset GetUtcNow()
        {
            if (FailNextCall)
            {
                FailNextCall = false;
                throw new InvalidOperationException("clock exploded");
            }

            return base.GetUtcNow();
        }
    }
}
