using System.Net;
using System.Text.Json;
using Lanyard.Configuration;
using Lanyard.Configuration.Sources;
using Lanyard.Emulator;
using Lanyard.Testing;

namespace Lanyard.IntegrationTests;

/// <summary>
/// The five "Example configurations" of oauth2-proxy's Entra ID documentation (seed 001), verbatim but for the
/// tenant, client and group ids, run against the emulator standing at Microsoft's own host names on the
/// simulated network (login.microsoftonline.com, graph.microsoft.com). What a deployment sets outside the file
/// (cookie secret, upstream, email domains) comes from the environment, as it would in a Helm chart.
/// </summary>
public sealed class SeedExampleTests : IDisposable
{
    private static readonly Uri Login = new("https://login.microsoftonline.com/");
    private static readonly Uri Graph = new("https://graph.microsoft.com/");
    private readonly DirectoryInfo _directory = Directory.CreateTempSubdirectory("lanyard-seed-");

    public void Dispose() => _directory.Delete(recursive: true);

    private static string Fill(string toml) => toml
        .Replace("<tenant-id>", DemoDirectory.ContosoTenantId, StringComparison.Ordinal)
        .Replace("<my-tenant-id>", DemoDirectory.ContosoTenantId, StringComparison.Ordinal)
        .Replace("<client-id>", LanyardTestEnvironment.ClientId, StringComparison.Ordinal)
        .Replace("<client-secret>", LanyardTestEnvironment.ClientSecret, StringComparison.Ordinal);

    private static Task<LanyardTestEnvironment> StartAsync(
        string toml,
        IReadOnlyDictionary<string, string>? environment = null,
        Func<EmulatorApplication, EmulatorApplication>? registerApplication = null) =>
        LanyardTestEnvironment.StartAsync(
            settings =>
            {
                var errors = new List<ConfigurationError>();
                var fromFile = TomlConfigFile.Parse(Fill(toml), "oauth2-proxy.cfg", errors);
                Assert.Empty(errors);
                foreach (var key in new[] { "provider", "oidc_issuer_url", "client_id", "client_secret", "scope", "entra_id_graph_url" })
                {
                    settings.Remove(key);
                }

                foreach (var setting in fromFile)
                {
                    settings[setting.Key] = setting.Value is IReadOnlyList<string> list ? list.ToList() : setting.Value;
                }
            },
            emulatorUrl: Login,
            graphUrl: Graph,
            environment: environment,
            registerApplication: registerApplication);

    [Fact]
    public async Task Example1_SingleTenantWithoutGroups()
    {
        await using var env = await StartAsync("""
            provider="entra-id"
            oidc_issuer_url="https://login.microsoftonline.com/<tenant-id>/v2.0"
            client_id="<client-id>"
            client_secret="<client-secret>"
            scope="openid"
            """);
        using var bob = env.Browser();

        Assert.Equal(HttpStatusCode.OK, (await bob.SignInAsync(DemoDirectory.BobUserPrincipalName)).StatusCode);
        Assert.Equal(HttpStatusCode.Accepted, (await bob.GetAsync("/oauth2/auth", followRedirects: false)).StatusCode);
    }

    [Fact]
    public async Task Example2_SingleTenantWithUpTo200Groups()
    {
        await using var env = await StartAsync($$"""
            provider="entra-id"
            oidc_issuer_url="https://login.microsoftonline.com/<tenant-id>/v2.0"
            client_id="<client-id>"
            client_secret="<client-secret>"
            scope="openid"
            allowed_groups=["{{DemoDirectory.AdminsGroupId}}"]
            """);
        using var alice = env.Browser();
        using var bob = env.Browser();

        Assert.Equal(HttpStatusCode.OK, (await alice.SignInAsync(DemoDirectory.AliceUserPrincipalName)).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await bob.SignInAsync(DemoDirectory.BobUserPrincipalName)).StatusCode);
    }

    [Fact]
    public async Task Example3_SingleTenantWithMoreThan200Groups()
    {
        await using var env = await StartAsync($$"""
            provider="entra-id"
            oidc_issuer_url="https://login.microsoftonline.com/<tenant-id>/v2.0"
            client_id="<client-id>"
            client_secret="<client-secret>"
            scope="openid User.Read"
            allowed_groups=["{{DemoDirectory.ErinGroupIds[^1]}}"]
            """);
        using var erin = env.Browser();
        using var alice = env.Browser();

        Assert.Equal(HttpStatusCode.OK, (await erin.SignInAsync(DemoDirectory.ErinUserPrincipalName)).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await alice.SignInAsync(DemoDirectory.AliceUserPrincipalName)).StatusCode);
    }

    [Fact]
    public async Task Example4_MoreThan200GroupsWithWorkloadIdentity()
    {
        var tokenFile = Path.Combine(_directory.FullName, "azure-identity-token");
        await File.WriteAllTextAsync(tokenFile, "written by the kubelet", TestContext.Current.CancellationToken);
        await using var env = await StartAsync(
            $$"""
            provider="entra-id"
            oidc_issuer_url="https://login.microsoftonline.com/<tenant-id>/v2.0"
            client_id="<client-id>"
            scope="openid User.Read"
            allowed_groups=["{{DemoDirectory.ErinGroupIds[0]}}"]
            entra_id_federated_token_auth=true
            """,
            environment: new Dictionary<string, string> { ["AZURE_FEDERATED_TOKEN_FILE"] = tokenFile },
            registerApplication: app => app with
            {
                ClientSecrets = [],
                FederatedIdentityCredentials =
                [
                    new EmulatorFederatedIdentityCredential
                    {
                        Name = "aks",
                        Issuer = EmulatorFederatedIdentityCredential.AuthorityPlaceholder + "/federation/kubernetes",
                        Subject = "system:serviceaccount:oauth2-proxy:oauth2-proxy",
                    },
                ],
            });
        using (var http = new HttpClient(env.Network.CreateHandler()))
        {
            using var minted = await http.PostAsync(new Uri(Login, "/federation/kubernetes/token"), new FormUrlEncodedContent([new("sub", "system:serviceaccount:oauth2-proxy:oauth2-proxy")]), TestContext.Current.CancellationToken);
            using var json = JsonDocument.Parse(await minted.Content.ReadAsStringAsync(TestContext.Current.CancellationToken));
            await File.WriteAllTextAsync(tokenFile, json.RootElement.GetProperty("token").GetString(), TestContext.Current.CancellationToken);
        }

        using var erin = env.Browser();

        Assert.Equal(HttpStatusCode.OK, (await erin.SignInAsync(DemoDirectory.ErinUserPrincipalName)).StatusCode);
    }

    [Fact]
    public async Task Example5_MultiTenantWithPersonalAccountsAndOneTenant()
    {
        await using var env = await StartAsync("""
            provider="entra-id"
            oidc_issuer_url="https://login.microsoftonline.com/common/v2.0"
            client_id="<client-id>"
            client_secret="<client-secret>"
            insecure_oidc_skip_issuer_verification=true
            scope="openid profile email User.Read"
            entra_id_allowed_tenants=["9188040d-6c67-4c5b-b112-36a304b66dad","<my-tenant-id>"] # Allow only <my-tenant-id> and Personal MS Accounts tenant
            email_domains="*"
            """);
        using var dave = env.Browser();
        using var erin = env.Browser();
        using var carol = env.Browser();

        Assert.Equal(HttpStatusCode.OK, (await dave.SignInAsync(DemoDirectory.DaveUserPrincipalName)).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await erin.SignInAsync(DemoDirectory.ErinUserPrincipalName)).StatusCode);
        Assert.Equal(250, (await erin.GetAsync("/oauth2/auth", followRedirects: false)).Header("X-Auth-Request-Groups")!.Split(',').Length);
        var refused = await carol.SignInAsync(DemoDirectory.CarolUserPrincipalName);
        Assert.Equal(HttpStatusCode.Forbidden, refused.StatusCode);
        Assert.Contains("entra_id_allowed_tenants", refused.Body, StringComparison.Ordinal);
    }
}
