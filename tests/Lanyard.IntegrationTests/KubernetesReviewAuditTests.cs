using Lanyard.Emulator;
using Lanyard.Observability;
using Lanyard.Testing;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Testing;

namespace Lanyard.IntegrationTests;

/// <summary>
/// Issue 12: every review is audited with the user, the result and the reason, never the token. A refused or
/// undecided review (events 3302, 3303) names whom the token is about whenever it says: the validated user, or what
/// a token that failed validation claims, marked unverified so nobody mistakes it for who sent it.
/// </summary>
public sealed class KubernetesReviewAuditTests
{
    private static string ApiScope => $"api://{LanyardTestEnvironment.ClientId}/access_as_user";

    private static (ILoggerFactory Loggers, FakeLogCollector Collector) Audit()
    {
        var provider = new FakeLoggerProvider();
        return (LoggerFactory.Create(b => b.AddProvider(provider)), provider.Collector);
    }

    private static FakeLogRecord Line(FakeLogCollector collector, int eventId) =>
        Assert.Single(collector.GetSnapshot(), r => r.Category == LogCategories.Audit && r.Id.Id == eventId);

    /// <summary>A structured field of an audit line, as a log pipeline reads it.</summary>
    private static string? Field(FakeLogRecord line, string name) => line.StructuredState!.Single(p => p.Key == name).Value;

    private static void AssertNoToken(FakeLogCollector collector, string token)
    {
        var signature = token[(token.LastIndexOf('.') + 1)..];
        Assert.All(collector.GetSnapshot(), r =>
        {
            Assert.DoesNotContain(signature, r.Message, StringComparison.Ordinal);
            Assert.DoesNotContain(token[..token.IndexOf('.', StringComparison.Ordinal)], r.Message, StringComparison.Ordinal);
        });
    }

    [Fact]
    public async Task ARefusedValidToken_IsAuditedWithTheUser_Verified()
    {
        // A token that validates, refused for the name it maps to.
        await using var env = await LanyardTestEnvironment.StartAsync(registerApplication: app => app with { AccessTokenAcceptedVersion = 2 });
        var (Upn, objectId) = TokenReviewCall.AddSystemLookingUser(env);
        var token = await EmulatorTokenClient.AccessTokenAsync(env, Upn, ApiScope);
        var (loggers, collector) = Audit();
        using var _ = loggers;

        var (status, _) = await TokenReviewCall.PostAsync(env, token, loggers);

        Assert.Equal(200, status);
        var line = Line(collector, 3302);
        Assert.Equal(Upn, Field(line, "User"));
        Assert.Equal(objectId, Field(line, "Uid"));
        Assert.Equal("verified", Field(line, "Claims"));
        Assert.Contains("'system:'", line.Message, StringComparison.Ordinal);
        AssertNoToken(collector, token);
    }

    [Fact]
    public async Task AnExpiredToken_IsAuditedWithTheUserItClaims_MarkedUnverified()
    {
        await using var env = await LanyardTestEnvironment.StartAsync(registerApplication: app => app with { AccessTokenAcceptedVersion = 1 });
        env.EmulatorFaults.BackdateTokensSeconds = 2 * 3600;
        var token = await EmulatorTokenClient.AccessTokenAsync(env, DemoDirectory.AliceUserPrincipalName, ApiScope);
        var (loggers, collector) = Audit();
        using var _ = loggers;

        var (status, review) = await TokenReviewCall.PostAsync(env, token, loggers);

        Assert.Equal(200, status);
        Assert.Contains("expired", review.GetProperty("error").GetString(), StringComparison.Ordinal);
        var line = Line(collector, 3302);
        Assert.Equal(DemoDirectory.AliceUserPrincipalName, Field(line, "User"));
        Assert.Equal(DemoDirectory.AliceObjectId, Field(line, "Uid"));
        Assert.Equal("unverified", Field(line, "Claims"));
        Assert.Contains(DemoDirectory.AliceUserPrincipalName, line.Message, StringComparison.Ordinal);
        AssertNoToken(collector, token);
    }

    [Fact]
    public async Task SomethingThatIsNoToken_IsAuditedAsNobody()
    {
        await using var env = await LanyardTestEnvironment.StartAsync(registerApplication: app => app with { AccessTokenAcceptedVersion = 2 });
        var (loggers, collector) = Audit();
        using var _ = loggers;

        var (status, _) = await TokenReviewCall.PostAsync(env, "not-a-jwt", loggers);

        Assert.Equal(200, status);
        var line = Line(collector, 3302);
        Assert.Equal(("-", "-", "none"), (Field(line, "User"), Field(line, "Uid"), Field(line, "Claims")));
    }

    [Fact]
    public async Task AReviewThatCannotBeDecided_IsAuditedWithTheUser()
    {
        await using var env = await LanyardTestEnvironment.StartAsync(registerApplication: app => app with
        {
            AccessTokenAcceptedVersion = 1,
            GraphApplicationPermissions = ["GroupMember.Read.All"],
        });
        var token = await EmulatorTokenClient.AccessTokenAsync(env, DemoDirectory.ErinUserPrincipalName, ApiScope);
        env.EmulatorFaults.GraphUnavailable = true;
        var (loggers, collector) = Audit();
        using var _ = loggers;

        var (status, review) = await TokenReviewCall.PostAsync(env, token, loggers);

        Assert.Equal(503, status);
        Assert.False(review.GetProperty("authenticated").GetBoolean());
        var line = Line(collector, 3303);
        Assert.Equal(DemoDirectory.ErinUserPrincipalName, Field(line, "User"));
        Assert.Equal("verified", Field(line, "Claims"));
        Assert.Contains(DemoDirectory.ErinUserPrincipalName, line.Message, StringComparison.Ordinal);
        AssertNoToken(collector, token);
    }

    [Fact]
    public async Task AReviewWhoseKeysCannotBeLoaded_IsAuditedWithTheUserTheTokenClaims()
    {
        await using var env = await LanyardTestEnvironment.StartAsync(
            s => s["oidc_issuer_url"] = $"https://login.unreachable.test/{DemoDirectory.ContosoTenantId}/v2.0",
            registerApplication: app => app with { AccessTokenAcceptedVersion = 2 });
        var token = await EmulatorTokenClient.AccessTokenAsync(env, DemoDirectory.AliceUserPrincipalName, ApiScope);
        var (loggers, collector) = Audit();
        using var _ = loggers;

        var (status, _) = await TokenReviewCall.PostAsync(env, token, loggers);

        Assert.Equal(503, status);
        var line = Line(collector, 3303);
        Assert.Equal(DemoDirectory.AliceUserPrincipalName, Field(line, "User"));
        Assert.Equal(DemoDirectory.AliceObjectId, Field(line, "Uid"));
        Assert.Equal("unverified", Field(line, "Claims"));
        AssertNoToken(collector, token);
    }
}
