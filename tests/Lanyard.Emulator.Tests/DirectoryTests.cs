using System.Net;
using Lanyard.Emulator.Tests.Harness;

namespace Lanyard.Emulator.Tests;

public sealed class DirectoryTests
{
    [Fact]
    public async Task AddedApplication_CanSignInAndRedeem()
    {
        await using var emulator = await EmulatorHarness.StartAsync();
        var app = emulator.Directory.AddApplication(new EmulatorApplication
        {
            ClientId = "9D2B7E41-5C3A-4F6E-8B1D-2A3C4E5F6071",
            DisplayName = "proxy under test",
            HomeTenantId = DemoDirectory.ContosoTenantId,
            RedirectUris = ["https://proxy.test/oauth2/callback"],
            ClientSecrets = ["proxy-test-secret"],
        });
        var flow = new CodeFlow { ClientId = app.ClientId, ClientSecret = "proxy-test-secret", RedirectUri = "https://proxy.test/oauth2/callback" };

        var tokens = await emulator.SignInAndRedeemAsync(flow, DemoDirectory.BobUserPrincipalName);

        Assert.Equal("9d2b7e41-5c3a-4f6e-8b1d-2a3c4e5f6071", app.ClientId);
        Assert.Equal(app.ClientId, Jwt.Parse(tokens.GetProperty("id_token").GetString()!).Claim("aud"));
    }

    [Fact]
    public void AddApplication_RefusesAnUnknownHomeTenant_AndADuplicateClientId()
    {
        var directory = DemoDirectory.Create();

        var unknownTenant = Assert.Throws<ArgumentException>(() => directory.AddApplication(new EmulatorApplication
        {
            ClientId = Guid.NewGuid().ToString(),
            HomeTenantId = Guid.NewGuid().ToString(),
        }));
        var duplicate = Assert.Throws<ArgumentException>(() => directory.AddApplication(new EmulatorApplication
        {
            ClientId = DemoDirectory.DevClientId,
            HomeTenantId = DemoDirectory.ContosoTenantId,
        }));

        Assert.Contains("is not a tenant", unknownTenant.Message, StringComparison.Ordinal);
        Assert.Contains("already registered", duplicate.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void DemoDirectories_DoNotShareAddedApplications()
    {
        var one = DemoDirectory.Create();
        one.AddApplication(new EmulatorApplication { ClientId = Guid.NewGuid().ToString(), HomeTenantId = DemoDirectory.ContosoTenantId });

        Assert.Single(DemoDirectory.Create().Applications);
    }

    [Fact]
    public void ApplicationToString_DoesNotRevealSecrets()
    {
        var app = new EmulatorApplication { ClientId = "x", HomeTenantId = "y", ClientSecrets = ["super-secret-value"] };

        Assert.DoesNotContain("super-secret-value", app.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public void ExampleFile_DescribesTheDemoDirectory()
    {
        var loaded = EmulatorDirectory.Load(Path.Combine(AppContext.BaseDirectory, "directory.example.json"));
        var demo = DemoDirectory.Create();

        Assert.Equal(demo.Tenants, loaded.Tenants);
        Assert.Equal(demo.Groups.Select(g => (g.ObjectId, g.DisplayName)), loaded.Groups.Select(g => (g.ObjectId, g.DisplayName)));
        Assert.Equal(
            demo.Users.Select(u => (u.ObjectId, u.UserPrincipalName, u.DisplayName, string.Join(',', u.GroupIds))),
            loaded.Users.Select(u => (u.ObjectId, u.UserPrincipalName, u.DisplayName, string.Join(',', u.GroupIds))));
        var app = Assert.Single(loaded.Applications);
        Assert.Equal(DemoDirectory.DevClientId, app.ClientId);
        Assert.Equal(EmulatorSignInAudience.AzureADMultipleOrgs, app.SignInAudience);
        Assert.Equal([DemoDirectory.DevRedirectUri127, DemoDirectory.DevRedirectUriLocalhost], app.RedirectUris);
        Assert.Equal([DemoDirectory.AdminRole], loaded.Users.Single(u => u.ObjectId == DemoDirectory.AliceObjectId).AppRoleAssignments.Select(a => a.RoleValue));
    }

    [Fact]
    public async Task DirectoryFileOption_ReplacesTheDemoDirectory()
    {
        var file = WriteTempFile("""
            {
              "tenants": [ { "id": "1b2c3d4e-0000-4000-8000-000000000001", "domain": "example.test" } ],
              "users": [ { "objectId": "1b2c3d4e-0000-4000-8000-000000000002", "tenantId": "1b2c3d4e-0000-4000-8000-000000000001",
                           "userPrincipalName": "dana@example.test", "displayName": "Dana" } ],
              "applications": [ { "clientId": "1b2c3d4e-0000-4000-8000-000000000003", "homeTenantId": "1b2c3d4e-0000-4000-8000-000000000001",
                                  "redirectUris": ["https://app.example.test/cb"], "clientSecrets": ["s3"] } ]
            }
            """);
        try
        {
            await using var emulator = await EmulatorHarness.StartAsync(options: new EntraEmulatorOptions { DirectoryFile = file });
            var flow = new CodeFlow
            {
                Tenant = "example.test",
                ClientId = "1b2c3d4e-0000-4000-8000-000000000003",
                ClientSecret = "s3",
                RedirectUri = "https://app.example.test/cb",
            };

            var tokens = await emulator.SignInAndRedeemAsync(flow, "dana@example.test");
            using var contoso = await emulator.GetAsync("/contoso.test/v2.0/.well-known/openid-configuration");

            Assert.Equal("1b2c3d4e-0000-4000-8000-000000000001", Jwt.Parse(tokens.GetProperty("id_token").GetString()!).Claim("tid"));
            Assert.Equal(HttpStatusCode.BadRequest, contoso.StatusCode);
        }
        finally
        {
            File.Delete(file);
        }
    }

    [Theory]
    [InlineData("""{ "tenants": [ { "id": "not-a-guid", "domain": "a.test" } ] }""", "tenants[0] ('a.test'): id 'not-a-guid' is not a GUID")]
    [InlineData("""{ "tenants": [ { "id": "1b2c3d4e-0000-4000-8000-000000000001", "domain": "a.test", "colour": "blue" } ] }""", "'colour' could not be mapped")]
    [InlineData("""{ "tenants": [ { "id": "1b2c3d4e-0000-4000-8000-000000000001", "domain": "a.test", "colour": "blue" } ] }""", "Path: $.tenants[0].colour")]
    [InlineData("""{ "tenants": [ { "domain": "a.test" } ] }""", "id")]
    [InlineData("""{ "tenants": [ ], "users": [ ] }""", "the directory has no tenants")]
    [InlineData("""{ "tenants": [ { "id": "1b2c3d4e-0000-4000-8000-000000000001", "domain": "a.test" } ], """, "LineNumber")]
    [InlineData(
        """
        { "tenants": [ { "id": "1b2c3d4e-0000-4000-8000-000000000001", "domain": "a.test" } ],
          "users": [ { "objectId": "1b2c3d4e-0000-4000-8000-000000000002", "tenantId": "1b2c3d4e-0000-4000-8000-000000000009",
                       "userPrincipalName": "e@a.test", "displayName": "E" } ] }
        """,
        "users[0] ('e@a.test'): tenantId '1b2c3d4e-0000-4000-8000-000000000009' is not a tenant in the directory")]
    public void InvalidFile_FailsWithAnErrorNamingTheFileAndTheProblem(string json, string problem)
    {
        var file = WriteTempFile(json);
        try
        {
            var error = Assert.Throws<EmulatorDirectoryException>(() => EmulatorDirectory.Load(file));

            Assert.Contains(file, error.Message, StringComparison.Ordinal);
            Assert.Contains(problem, error.Message, StringComparison.Ordinal);
        }
        finally
        {
            File.Delete(file);
        }
    }

    [Fact]
    public void MissingFile_FailsWithAnErrorNamingTheFile()
    {
        var path = Path.Combine(Path.GetTempPath(), $"no-such-directory-{Guid.NewGuid():N}.json");

        var error = Assert.Throws<EmulatorDirectoryException>(() => EmulatorDirectory.Load(path));

        Assert.Contains(path, error.Message, StringComparison.Ordinal);
    }

    private static string WriteTempFile(string content)
    {
        var path = Path.Combine(Path.GetTempPath(), $"lanyard-directory-{Guid.NewGuid():N}.json");
        File.WriteAllText(path, content);
        return path;
    }
}
