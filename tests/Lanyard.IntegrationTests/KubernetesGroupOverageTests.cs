using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using System.Text.Json;
using Lanyard.Emulator;
using Lanyard.Kubernetes;
using Lanyard.Testing;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;

namespace Lanyard.IntegrationTests;

/// <summary>
/// Issue 12's overage in the TokenReview webhook: a user in more groups than a token carries (Erin, 250) gets every
/// one of them from Microsoft Graph, read with the application's own app-only token (the user's token is for the
/// cluster, and cannot call Graph); the result is cached per user for <c>kube_group_cache_ttl</c>, concurrent reviews
/// share one read, and when Graph cannot answer the review is a 503 or 429 the API server retries, never a user
/// with fewer groups.
/// </summary>
public sealed class KubernetesGroupOverageTests
{
    private static CancellationToken Cancel => TestContext.Current.CancellationToken;

    private static string ApiScope => $"api://{LanyardTestEnvironment.ClientId}/access_as_user";

    private static Task<LanyardTestEnvironment> StartAsync(
        int tokenVersion = 1, bool graphPermission = true, TimeProvider? proxyTime = null, Action<Dictionary<string, object>>? configure = null) =>
        LanyardTestEnvironment.StartAsync(configure, proxyTime: proxyTime, registerApplication: app => app with
        {
            AccessTokenAcceptedVersion = tokenVersion,
            GraphApplicationPermissions = graphPermission ? ["GroupMember.Read.All"] : [],
        });

    private static async Task<TokenReviewVerdict> ReviewAsync(LanyardTestEnvironment env, string token) =>
        await env.Proxy.Services.GetRequiredService<KubernetesTokenReviewer>().ReviewAsync(token, null, Cancel);

    private static EmulatorStatistics Stats(LanyardTestEnvironment env) => env.Emulator.Services.GetRequiredService<EmulatorStatistics>();

    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    public async Task AnOverageUser_GetsEveryGroup_ReadFromGraphWithTheAppsOwnToken_PageByPage(int version)
    {
        await using var env = await StartAsync(version);
        env.EmulatorFaults.GraphMaxPageSize = 40;
        var token = await EmulatorTokenClient.AccessTokenAsync(env, DemoDirectory.ErinUserPrincipalName, ApiScope);
        var tokensBefore = Stats(env).ClientCredentialsTokens;

        var erin = Assert.IsType<TokenReviewVerdict.Authenticated>(await ReviewAsync(env, token)).User;

        Assert.Equal(DemoDirectory.ErinUserPrincipalName, erin.Username);
        // Every group, and only groups: Erin's directory role is in transitiveMemberOf too, but is not a group.
        Assert.Equal(DemoDirectory.ErinGroupIds.Order(StringComparer.Ordinal), erin.Groups.Order(StringComparer.Ordinal));
        Assert.Equal(7L, Stats(env).GraphRequests);
        Assert.Equal(1L, Stats(env).ClientCredentialsTokens - tokensBefore);
    }

    [Fact]
    public async Task ConcurrentReviews_ShareOneGraphRead_TheCacheServesTheNext_UntilItsTtlEnds()
    {
        var time = new FakeTimeProvider(DateTimeOffset.UtcNow);
        await using var env = await StartAsync(proxyTime: time, configure: s => s["kube_group_cache_ttl"] = "1m");
        var token = await EmulatorTokenClient.AccessTokenAsync(env, DemoDirectory.ErinUserPrincipalName, ApiScope);
        var tokensBefore = Stats(env).ClientCredentialsTokens;

        var reviews = await Task.WhenAll(Enumerable.Range(0, 8).Select(_ => Task.Run(() => ReviewAsync(env, token), Cancel)));

        Assert.All(reviews, r => Assert.Equal(DemoDirectory.ErinGroupCount, Assert.IsType<TokenReviewVerdict.Authenticated>(r).User.Groups.Count));
        Assert.Equal(1L, Stats(env).GraphRequests);
        Assert.Equal(1L, Stats(env).ClientCredentialsTokens - tokensBefore);

        time.Advance(TimeSpan.FromSeconds(50));
        Assert.IsType<TokenReviewVerdict.Authenticated>(await ReviewAsync(env, token));
        Assert.Equal(1L, Stats(env).GraphRequests);

        // Past the TTL the groups are read again (a membership change reaches the cluster), with the same app token.
        time.Advance(TimeSpan.FromSeconds(11));
        Assert.IsType<TokenReviewVerdict.Authenticated>(await ReviewAsync(env, token));
        Assert.Equal(2L, Stats(env).GraphRequests);
        Assert.Equal(1L, Stats(env).ClientCredentialsTokens - tokensBefore);
    }

    [Fact]
    public async Task GraphDown_IsA503_NeverAUserWithoutTheirGroups_AndTheFailureIsNotKept()
    {
        await using var env = await StartAsync();
        var token = await EmulatorTokenClient.AccessTokenAsync(env, DemoDirectory.ErinUserPrincipalName, ApiScope);
        env.EmulatorFaults.GraphUnavailable = true;

        var down = Assert.IsType<TokenReviewVerdict.Unavailable>(await ReviewAsync(env, token));

        Assert.Equal(StatusCodes.Status503ServiceUnavailable, down.Status);
        Assert.Contains("Microsoft Graph answered 503", down.Reason, StringComparison.Ordinal);

        // The API server retries; once Graph is back, the retry gets the groups.
        env.EmulatorFaults.GraphUnavailable = false;
        Assert.Equal(DemoDirectory.ErinGroupCount, Assert.IsType<TokenReviewVerdict.Authenticated>(await ReviewAsync(env, token)).User.Groups.Count);
    }

    [Fact]
    public async Task GraphThrottling_IsWaitedOut_AndPastTheRetries_IsA429WithGraphsRetryAfter()
    {
        await using var env = await StartAsync();
        var token = await EmulatorTokenClient.AccessTokenAsync(env, DemoDirectory.ErinUserPrincipalName, ApiScope);

        // Two 429s (Retry-After: 1) are waited out within the review.
        env.EmulatorFaults.GraphThrottleResponses = 2;
        Assert.Equal(DemoDirectory.ErinGroupCount, Assert.IsType<TokenReviewVerdict.Authenticated>(await ReviewAsync(env, token)).User.Groups.Count);
        Assert.Equal(0, env.EmulatorFaults.GraphThrottleResponses);

        // Graph that keeps throttling: the API server is told to come back when Graph said, for another user
        // (Erin's groups are cached now).
        await using var other = await StartAsync();
        var again = await EmulatorTokenClient.AccessTokenAsync(other, DemoDirectory.ErinUserPrincipalName, ApiScope);
        other.EmulatorFaults.GraphThrottleResponses = 100;
        var throttled = Assert.IsType<TokenReviewVerdict.Unavailable>(await ReviewAsync(other, again));
        Assert.Equal(StatusCodes.Status429TooManyRequests, throttled.Status);
        Assert.Equal(TimeSpan.FromSeconds(1), throttled.RetryAfter);
    }

    [Fact]
    public async Task AnAppWithoutGraphPermission_IsA503_SayingWhichPermissionToGrant()
    {
        await using var env = await StartAsync(graphPermission: false);
        var token = await EmulatorTokenClient.AccessTokenAsync(env, DemoDirectory.ErinUserPrincipalName, ApiScope);

        var refused = Assert.IsType<TokenReviewVerdict.Unavailable>(await ReviewAsync(env, token));

        Assert.Equal(StatusCodes.Status503ServiceUnavailable, refused.Status);
        Assert.Contains("403", refused.Reason, StringComparison.Ordinal);
        Assert.Contains("GroupMember.Read.All", refused.Reason, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("certificate")]
    [InlineData("kubernetes-service-account")]
    [InlineData("managed-identity")]
    [InlineData("user-assigned-managed-identity")]
    public async Task TheGraphToken_IsGotWithTheAppsSecretlessCredential_TheSameAsSignIn(string credential)
    {
        using var files = new TemporaryDirectory();
        using var rsa = RSA.Create(2048);
        using var certificate = new CertificateRequest("CN=lanyard-webhook", rsa, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1)
            .CreateSelfSigned(DateTimeOffset.UtcNow.AddDays(-1), DateTimeOffset.UtcNow.AddDays(30));
        var pem = files.Write("app.pem", certificate.ExportCertificatePem() + "\n" + rsa.ExportPkcs8PrivateKeyPem());
        var tokenFile = files.Write("sa-token", "placeholder");
        await using var env = await LanyardTestEnvironment.StartAsync(
            s =>
            {
                s.Remove("client_secret");
                if (credential == "certificate")
                {
                    s["entra_id_client_certificate_file"] = pem;
                }
                else if (credential.EndsWith("managed-identity", StringComparison.Ordinal))
                {
                    // The managed identity's IMDS token is the client assertion (Entra's "managed identity as a
                    // federated credential"), against the emulator's IMDS stand-in.
                    s["entra_id_client_assertion"] = credential == "managed-identity"
                        ? "AzureManagedIdentity"
                        : $"AzureManagedIdentity={DemoDirectory.UserAssignedIdentityClientId}";
                    s["entra_id_managed_identity_endpoint"] = LanyardTestEnvironment.EmulatorUrl.AbsoluteUri;
                }
                else
                {
                    s["entra_id_client_assertion"] = $"KubernetesServiceAccountToken={tokenFile}";
                }
            },
            // The secret stays registered only so the test can get Erin's token; Lanyard is not given it.
            registerApplication: app => app with
            {
                AccessTokenAcceptedVersion = 1,
                GraphApplicationPermissions = ["GroupMember.Read.All"],
                Certificates = [Convert.ToBase64String(certificate.RawData)],
                FederatedIdentityCredentials =
                [
                    new EmulatorFederatedIdentityCredential
                    {
                        Name = "kubernetes",
                        Issuer = EmulatorFederatedIdentityCredential.AuthorityPlaceholder + "/federation/kubernetes",
                        Subject = ServiceAccount,
                    },
                    new EmulatorFederatedIdentityCredential
                    {
                        Name = "managed-identity",
                        Issuer = DemoDirectory.ManagedIdentityIssuer,
                        Subject = credential == "user-assigned-managed-identity" ? DemoDirectory.UserAssignedIdentityObjectId : DemoDirectory.SystemAssignedIdentityObjectId,
                    },
                ],
            });
        File.WriteAllText(tokenFile, await ServiceAccountTokenAsync(env));
        var token = await EmulatorTokenClient.AccessTokenAsync(env, DemoDirectory.ErinUserPrincipalName, ApiScope);
        var assertionsBefore = Stats(env).ClientAssertionsAccepted;
        var managedIdentityTokensBefore = Stats(env).ManagedIdentityTokens;

        var erin = Assert.IsType<TokenReviewVerdict.Authenticated>(await ReviewAsync(env, token)).User;

        Assert.Equal(DemoDirectory.ErinGroupIds.Order(StringComparer.Ordinal), erin.Groups.Order(StringComparer.Ordinal));
        Assert.Equal(1L, Stats(env).ClientAssertionsAccepted - assertionsBefore);
        Assert.Equal(credential.EndsWith("managed-identity", StringComparison.Ordinal) ? 1L : 0L, Stats(env).ManagedIdentityTokens - managedIdentityTokensBefore);
    }

    private const string ServiceAccount = "system:serviceaccount:lanyard:lanyard-webhook";

    private static async Task<string> ServiceAccountTokenAsync(LanyardTestEnvironment env)
    {
        using var http = new HttpClient(env.Network.CreateHandler());
        using var response = await http.PostAsync(new Uri(LanyardTestEnvironment.EmulatorUrl, "/federation/kubernetes/token"), new FormUrlEncodedContent([new("sub", ServiceAccount)]), Cancel);
        response.EnsureSuccessStatusCode();
        using var json = JsonDocument.Parse(await response.Content.ReadAsStringAsync(Cancel));
        return json.RootElement.GetProperty("token").GetString()!;
    }

    [Fact]
    public async Task AUserWithinTheLimit_NeverCausesAGraphCall()
    {
        await using var env = await StartAsync();
        var token = await EmulatorTokenClient.AccessTokenAsync(env, DemoDirectory.AliceUserPrincipalName, ApiScope);

        var alice = Assert.IsType<TokenReviewVerdict.Authenticated>(await ReviewAsync(env, token)).User;

        Assert.Contains(DemoDirectory.AdminsGroupId, alice.Groups);
        Assert.Equal(0L, Stats(env).GraphRequests);
    }
}
