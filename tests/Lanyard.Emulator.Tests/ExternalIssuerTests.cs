using System.Net;
using Lanyard.Emulator.Tests.Harness;
using Microsoft.Extensions.DependencyInjection;

namespace Lanyard.Emulator.Tests;

/// <summary>Federated credentials whose issuer is outside the emulator: keys come through OpenID discovery (§3.1).</summary>
public sealed class ExternalIssuerTests
{
    [Fact]
    public async Task AnExternalIssuer_IsVerifiedThroughItsDiscoveryDocument_AndItsKeysAreCached()
    {
        using var issuer = new ExternalIssuer();
        await using var emulator = await StartWithAsync(issuer);
        var flow = RegisterFederatedApp(emulator, issuer.Issuer, "repo:lanyard/lanyard:ref:refs/heads/main");

        using var first = await RedeemExternalAsync(emulator, flow, issuer.Mint("repo:lanyard/lanyard:ref:refs/heads/main", emulator.Time.GetUtcNow()));
        using var second = await RedeemExternalAsync(emulator, flow, issuer.Mint("repo:lanyard/lanyard:ref:refs/heads/main", emulator.Time.GetUtcNow()));

        Assert.Equal(HttpStatusCode.OK, first.StatusCode);
        Assert.Equal(HttpStatusCode.OK, second.StatusCode);
        Assert.Equal(1, issuer.DiscoveryRequests);
        Assert.Equal(1, issuer.KeyRequests);
    }

    [Fact]
    public async Task ANewKeyIdAtTheExternalIssuer_IsFetchedAtOnce()
    {
        using var issuer = new ExternalIssuer();
        await using var emulator = await StartWithAsync(issuer);
        var flow = RegisterFederatedApp(emulator, issuer.Issuer, "workload");
        using var first = await RedeemExternalAsync(emulator, flow, issuer.Mint("workload", emulator.Time.GetUtcNow()));

        issuer.RotateKey("external-key-2");
        using var second = await RedeemExternalAsync(emulator, flow, issuer.Mint("workload", emulator.Time.GetUtcNow()));

        Assert.Equal(HttpStatusCode.OK, second.StatusCode);
        Assert.Equal(2, issuer.KeyRequests);
    }

    [Fact]
    public async Task AnExternalAssertionSignedByAnotherKey_Is700027()
    {
        using var issuer = new ExternalIssuer();
        using var otherKey = System.Security.Cryptography.RSA.Create(2048);
        await using var emulator = await StartWithAsync(issuer);
        var flow = RegisterFederatedApp(emulator, issuer.Issuer, "workload");

        using var response = await RedeemExternalAsync(emulator, flow, issuer.Mint("workload", emulator.Time.GetUtcNow(), signWith: otherKey));

        EntraErrorShape.AssertJson(await EmulatorHarness.ReadJsonAsync(response), "invalid_client", 700027);
    }

    [Fact]
    public async Task AnUnreachableExternalIssuer_Is50166()
    {
        using var issuer = new ExternalIssuer { FailWith = HttpStatusCode.InternalServerError };
        await using var emulator = await StartWithAsync(issuer);
        var flow = RegisterFederatedApp(emulator, issuer.Issuer, "workload");

        using var response = await RedeemExternalAsync(emulator, flow, issuer.Mint("workload", emulator.Time.GetUtcNow()));

        EntraErrorShape.AssertJson(await EmulatorHarness.ReadJsonAsync(response), "invalid_client", 50166);
    }

    [Fact]
    public async Task TheIssuerMustMatchExactly_CaseIncluded()
    {
        using var issuer = new ExternalIssuer();
        await using var emulator = await StartWithAsync(issuer);
        var flow = RegisterFederatedApp(emulator, issuer.Issuer.ToUpperInvariant().Replace("HTTPS", "https", StringComparison.Ordinal), "workload");

        using var response = await RedeemExternalAsync(emulator, flow, issuer.Mint("workload", emulator.Time.GetUtcNow()));

        EntraErrorShape.AssertJson(await EmulatorHarness.ReadJsonAsync(response), "invalid_client", 70021);
        Assert.Equal(0, issuer.DiscoveryRequests);
    }

    private static Task<EmulatorHarness> StartWithAsync(ExternalIssuer issuer) =>
        EmulatorHarness.StartAsync(customize: b => b.Services
            .AddHttpClient(EntraEmulatorExtensions.FederatedIssuerHttpClientName)
            .ConfigurePrimaryHttpMessageHandler(issuer.CreateHandler));

    private static async Task<HttpResponseMessage> RedeemExternalAsync(EmulatorHarness emulator, CodeFlow flow, string assertion)
    {
        var code = await emulator.SignInAsync(flow, DemoDirectory.AliceUserPrincipalName);
        return await emulator.RedeemAsync(flow, code, f => EmulatorHarness.UseAssertion(f, assertion));
    }

    private static CodeFlow RegisterFederatedApp(EmulatorHarness emulator, string issuer, string subject) =>
        FederatedCredentialTests.RegisterFederatedApp(emulator, issuer, subject);
}
