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
    public async Task AddedUser_CanSignIn_AndIsFoundByNameAndObjectId()
    {
        await using var emulator = await EmulatorHarness.StartAsync();
        var user = emulator.Directory.AddUser(new EmulatorUser
        {
            ObjectId = "5A5A5A5A-0000-4000-8000-000000000001",
            TenantId = DemoDirectory.ContosoTenantId,
            UserPrincipalName = "system:admin@contoso.test",
            DisplayName = "Added user",
            GroupIds = [DemoDirectory.AdminsGroupId],
        });

        var tokens = await emulator.SignInAndRedeemAsync(new CodeFlow(), "system:admin@contoso.test");

        Assert.Equal("5a5a5a5a-0000-4000-8000-000000000001", user.ObjectId);
        Assert.Same(user, emulator.Directory.FindUser("SYSTEM:ADMIN@contoso.test"));
        Assert.Same(user, emulator.Directory.FindUserByObjectId(user.ObjectId));
        Assert.Equal(user.ObjectId, Jwt.Parse(tokens.GetProperty("id_token").GetString()!).Claim("oid"));
    }

    [Fact]
    public void AddUser_RefusesAnUnknownTenantOrGroup_AndADuplicateNameOrObjectId_AndKeepsApplications()
    {
        var directory = DemoDirectory.Create();
        var before = directory.Users.Count;
        var app = directory.AddApplication(new EmulatorApplication { ClientId = Guid.NewGuid().ToString(), HomeTenantId = DemoDirectory.ContosoTenantId });
        static EmulatorUser User() => new()
        {
            ObjectId = Guid.NewGuid().ToString(),
            TenantId = DemoDirectory.ContosoTenantId,
            UserPrincipalName = $"{Guid.NewGuid():N}@contoso.test",
            DisplayName = "Someone",
        };

        var unknownTenant = Assert.Throws<ArgumentException>(() => directory.AddUser(User() with { TenantId = Guid.NewGuid().ToString() }));
        var unknownGroup = Assert.Throws<ArgumentException>(() => directory.AddUser(User() with { GroupIds = [Guid.NewGuid().ToString()] }));
        var duplicateName = Assert.Throws<ArgumentException>(() => directory.AddUser(User() with { UserPrincipalName = DemoDirectory.AliceUserPrincipalName }));
        var duplicateId = Assert.Throws<ArgumentException>(() => directory.AddUser(User() with { ObjectId = DemoDirectory.AliceObjectId }));
        directory.AddUser(User());

        Assert.Contains("is not a tenant", unknownTenant.Message, StringComparison.Ordinal);
        Assert.Contains("is not a group of the user's tenant", unknownGroup.Message, StringComparison.Ordinal);
        Assert.Contains("user principal name", duplicateName.Message, StringComparison.Ordinal);
        Assert.Contains("user object id", duplicateId.Message, StringComparison.Ordinal);
        Assert.Equal(before + 1, directory.Users.Count);
        Assert.Same(app, directory.FindApplication(app.ClientId));
    }

    [Fact]
    public void DemoDirectories_DoNotShareAddedApplications()
    {
        var one = DemoDirectory.Create();
        one.AddApplication(new EmulatorApplication { ClientId = Guid.NewGuid().ToString(), HomeTenantId = DemoDirectory.ContosoTenantId });

        Assert.Equal([DemoDirectory.DevClientId, DemoDirectory.KubeServerClientId, DemoDirectory.KubectlClientId, DemoDirectory.DemoApiClientId], DemoDirectory.Create().Applications.Select(a => a.ClientId).Order());
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

        Assert.Equal(
            demo.Tenants.Select(t => (t.Id, t.Domain, t.DisplayName, string.Join(',', t.VerifiedDomains))),
            loaded.Tenants.Select(t => (t.Id, t.Domain, t.DisplayName, string.Join(',', t.VerifiedDomains))));
        Assert.Equal(demo.Groups.Select(g => (g.ObjectId, g.DisplayName)), loaded.Groups.Select(g => (g.ObjectId, g.DisplayName)));
        Assert.Equal(demo.DirectoryRoles, loaded.DirectoryRoles);
        Assert.Equal(demo.ManagedIdentities.Select(m => m with { AppRoleAssignments = [] }), loaded.ManagedIdentities.Select(m => m with { AppRoleAssignments = [] }));
        Assert.Equal(
            demo.ManagedIdentities.Select(m => string.Join(',', m.AppRoleAssignments.Select(a => $"{a.ClientId}/{a.RoleValue}"))),
            loaded.ManagedIdentities.Select(m => string.Join(',', m.AppRoleAssignments.Select(a => $"{a.ClientId}/{a.RoleValue}"))));
        Assert.NotEmpty(loaded.ManagedIdentities.Single(m => m.ObjectId == DemoDirectory.SystemAssignedIdentityObjectId).AppRoleAssignments);
        Assert.Equal(
            demo.Users.Select(u => (u.ObjectId, u.TenantId, u.UserPrincipalName, u.Email, u.DisplayName, string.Join(',', u.GroupIds), string.Join(',', u.DirectoryRoleIds), u.GuestOfTenantId)),
            loaded.Users.Select(u => (u.ObjectId, u.TenantId, u.UserPrincipalName, u.Email, u.DisplayName, string.Join(',', u.GroupIds), string.Join(',', u.DirectoryRoleIds), u.GuestOfTenantId)));
        Assert.Equal(
            demo.Users.Select(u => string.Join(',', u.AppRoleAssignments.Select(a => $"{a.ClientId}/{a.RoleValue}"))),
            loaded.Users.Select(u => string.Join(',', u.AppRoleAssignments.Select(a => $"{a.ClientId}/{a.RoleValue}"))));
        Assert.Equal(
            demo.Applications.Select(a => (a.ClientId, a.DisplayName, a.HomeTenantId, a.SignInAudience, a.AllowPublicClientFlows, a.EnableIdTokenIssuance, a.AccessTokenAcceptedVersion, string.Join(',', a.IdentifierUris), string.Join(',', a.RedirectUris))),
            loaded.Applications.Select(a => (a.ClientId, a.DisplayName, a.HomeTenantId, a.SignInAudience, a.AllowPublicClientFlows, a.EnableIdTokenIssuance, a.AccessTokenAcceptedVersion, string.Join(',', a.IdentifierUris), string.Join(',', a.RedirectUris))));
        Assert.Equal(AppRoles(demo.FindApplication(DemoDirectory.DemoApiClientId)!), AppRoles(loaded.FindApplication(DemoDirectory.DemoApiClientId)!));
        Assert.Equal(
            demo.Applications.Select(a => string.Join(',', a.AppRoleAssignments.Select(r => $"{r.ClientId}/{r.RoleValue}"))),
            loaded.Applications.Select(a => string.Join(',', a.AppRoleAssignments.Select(r => $"{r.ClientId}/{r.RoleValue}"))));
        Assert.NotEmpty(loaded.FindApplication(DemoDirectory.KubeServerClientId)!.AppRoleAssignments);
        var app = loaded.FindApplication(DemoDirectory.DevClientId)!;
        var demoApp = demo.FindApplication(DemoDirectory.DevClientId)!;
        Assert.Equal(EmulatorSignInAudience.AzureADandPersonalMicrosoftAccount, app.SignInAudience);
        Assert.Equal([DemoDirectory.DevRedirectUri127, DemoDirectory.DevRedirectUriLocalhost], app.RedirectUris);
        Assert.Equal(demoApp.ClientSecrets, app.ClientSecrets);
        Assert.Equal(demoApp.Certificates, app.Certificates);
        Assert.Equal(AppRoles(demoApp), AppRoles(app));
        Assert.Equal(
            demoApp.FederatedIdentityCredentials.Select(c => (c.Name, c.Issuer, c.Subject, string.Join(',', c.Audiences))),
            app.FederatedIdentityCredentials.Select(c => (c.Name, c.Issuer, c.Subject, string.Join(',', c.Audiences))));
        Assert.Equal(DemoDirectory.ErinGroupCount, loaded.FindUser(DemoDirectory.ErinUserPrincipalName)!.GroupIds.Count);
    }

    [Fact]
    public async Task DirectoryFileOption_ReplacesTheDemoDirectory()
    {
        var file = DirectoryFiles.Write("""
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
        Assert.Contains(problem, DirectoryFiles.LoadFailure(json), StringComparison.Ordinal);
    }

    private const string OneTenant = """ "tenants": [ { "id": "1b2c3d4e-0000-4000-8000-000000000001", "domain": "a.test" } ] """;

    [Theory]
    [InlineData(
        """ "applications": [ { "clientId": "1b2c3d4e-0000-4000-8000-000000000003", "homeTenantId": "1b2c3d4e-0000-4000-8000-000000000001", "certificates": ["%%%"] } ] """,
        "application '1b2c3d4e-0000-4000-8000-000000000003': certificates[0] is not base64")]
    [InlineData(
        """ "applications": [ { "clientId": "1b2c3d4e-0000-4000-8000-000000000003", "homeTenantId": "1b2c3d4e-0000-4000-8000-000000000001", "certificates": ["AAAA"] } ] """,
        "certificates[0] is not a DER-encoded X.509 certificate")]
    [InlineData(
        """
        "applications": [ { "clientId": "1b2c3d4e-0000-4000-8000-000000000003", "homeTenantId": "1b2c3d4e-0000-4000-8000-000000000001",
        "federatedIdentityCredentials": [ { "name": "k", "issuer": " https://issuer.test", "subject": "s" } ] } ]
        """,
        "federatedIdentityCredentials[0] ('k'): issuer ' https://issuer.test' must be an absolute http(s) URL without surrounding whitespace")]
    [InlineData(
        """
        "applications": [ { "clientId": "1b2c3d4e-0000-4000-8000-000000000003", "homeTenantId": "1b2c3d4e-0000-4000-8000-000000000001",
        "federatedIdentityCredentials": [ { "name": "k", "issuer": "https://issuer.test", "subject": "s", "audiences": ["a", "b"] } ] } ]
        """,
        "federatedIdentityCredentials[0] ('k'): audiences must hold exactly one value")]
    [InlineData(
        """
        "applications": [ { "clientId": "1b2c3d4e-0000-4000-8000-000000000003", "homeTenantId": "1b2c3d4e-0000-4000-8000-000000000001",
        "federatedIdentityCredentials": [ { "name": "k", "issuer": "https://issuer.test", "subject": "" },
            { "name": "K", "issuer": "https://issuer.test", "subject": "t" } ] } ]
        """,
        "duplicate federated identity credential name 'k'")]
    [InlineData(
        """
        "managedIdentities": [
            { "objectId": "1b2c3d4e-0000-4000-8000-000000000004", "clientId": "1b2c3d4e-0000-4000-8000-000000000005", "tenantId": "1b2c3d4e-0000-4000-8000-000000000001", "displayName": "one" },
            { "objectId": "1b2c3d4e-0000-4000-8000-000000000006", "clientId": "1b2c3d4e-0000-4000-8000-000000000007", "tenantId": "1b2c3d4e-0000-4000-8000-000000000001", "displayName": "two", "kind": "SystemAssigned" } ]
        """,
        "at most one identity may be SystemAssigned")]
    [InlineData(
        """ "managedIdentities": [ { "objectId": "x", "clientId": "1b2c3d4e-0000-4000-8000-000000000005", "tenantId": "1b2c3d4e-0000-4000-8000-000000000001", "displayName": "mi", "kind": "UserAssigned", "resourceId": "subscriptions/1" } ] """,
        "managedIdentities[0] ('mi'): resourceId 'subscriptions/1' must be an Azure resource id starting with '/'")]
    [InlineData(
        """ "directoryRoles": [ { "objectId": "1b2c3d4e-0000-4000-8000-000000000008", "tenantId": "1b2c3d4e-0000-4000-8000-000000000001", "displayName": "Reader", "roleTemplateId": "not-a-guid" } ] """,
        "directoryRoles[0] ('Reader'): roleTemplateId 'not-a-guid' is not a GUID")]
    [InlineData(
        """
        "users": [ { "objectId": "1b2c3d4e-0000-4000-8000-000000000002", "tenantId": "1b2c3d4e-0000-4000-8000-000000000001", "userPrincipalName": "e@a.test",
        "displayName": "E", "directoryRoleIds": ["1b2c3d4e-0000-4000-8000-000000000009"] } ]
        """,
        "users[0] ('e@a.test'): directory role '1b2c3d4e-0000-4000-8000-000000000009' is not a directory role of the user's tenant")]
    [InlineData(
        """
        "applications": [ { "clientId": "1b2c3d4e-0000-4000-8000-000000000003", "homeTenantId": "1b2c3d4e-0000-4000-8000-000000000001",
        "appRoleAssignments": [ { "clientId": "1b2c3d4e-0000-4000-8000-00000000000a", "roleValue": "Api.Call" } ] } ]
        """,
        "application '1b2c3d4e-0000-4000-8000-000000000003': app role assignment names application '1b2c3d4e-0000-4000-8000-00000000000a', which is not in the directory")]
    [InlineData(
        """
        "applications": [ { "clientId": "1b2c3d4e-0000-4000-8000-000000000003", "homeTenantId": "1b2c3d4e-0000-4000-8000-000000000001",
        "appRoleAssignments": [ { "clientId": "1b2c3d4e-0000-4000-8000-00000000000a", "roleValue": "Api.Delete" } ] },
        { "clientId": "1b2c3d4e-0000-4000-8000-00000000000a", "displayName": "api", "homeTenantId": "1b2c3d4e-0000-4000-8000-000000000001",
        "appRoles": [ { "id": "1b2c3d4e-0000-4000-8000-00000000000b", "value": "Api.Call" } ] } ]
        """,
        "application '1b2c3d4e-0000-4000-8000-000000000003': application 'api' has no app role 'Api.Delete'")]
    public void InvalidCredentialsIdentitiesAndRoles_AreReportedPrecisely(string section, string problem)
    {
        Assert.Contains(problem, DirectoryFiles.LoadFailure($$"""{ {{OneTenant}}, {{section}} }"""), StringComparison.Ordinal);
    }

    [Fact]
    public void AReservedAliasAsADomain_IsRefused()
    {
        var error = Assert.Throws<ArgumentException>(() => new EmulatorDirectory(
            [new EmulatorTenant { Id = Guid.NewGuid().ToString(), Domain = "consumers" }], [], [], []));

        Assert.Contains("domain 'consumers' is reserved", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void AFileWithCertificatesCredentialsAndIdentities_Loads()
    {
        using var certificate = ClientCertificate.Create(DateTimeOffset.UnixEpoch.AddYears(56));
        var file = DirectoryFiles.Write($$"""
        { {{OneTenant}},
        "applications": [ { "clientId": "1b2c3d4e-0000-4000-8000-000000000003", "homeTenantId": "1b2c3d4e-0000-4000-8000-000000000001",
        "certificates": ["{{Convert.ToBase64String(certificate.Certificate.RawData)}}"],
        "federatedIdentityCredentials": [ { "name": "k8s", "issuer": "{authority}/federation/ci", "subject": "system:serviceaccount:ci:runner" } ] } ],
        "managedIdentities": [ { "objectId": "1b2c3d4e-0000-4000-8000-000000000004", "clientId": "1b2c3d4e-0000-4000-8000-000000000005",
        "tenantId": "1b2c3d4e-0000-4000-8000-000000000001", "displayName": "vm" } ] }
        """);
        try
        {
            var directory = EmulatorDirectory.Load(file);

            var app = Assert.Single(directory.Applications);
            Assert.Single(app.Certificates);
            var credential = Assert.Single(app.FederatedIdentityCredentials);
            Assert.Equal(["api://AzureADTokenExchange"], credential.Audiences);
            Assert.Equal(EmulatorManagedIdentityKind.SystemAssigned, Assert.Single(directory.ManagedIdentities).Kind);
        }
        finally
        {
            File.Delete(file);
        }
    }

    [Fact]
    public void CredentialsForAnUnknownApplication_AreRefused()
    {
        var directory = DemoDirectory.Create();
        using var certificate = ClientCertificate.Create(DateTimeOffset.UnixEpoch.AddYears(56));

        Assert.Throws<ArgumentException>(() => directory.AddCertificate(Guid.NewGuid().ToString(), certificate.Certificate));
        Assert.Throws<ArgumentException>(() => directory.AddFederatedIdentityCredential(
            Guid.NewGuid().ToString(), new EmulatorFederatedIdentityCredential { Name = "n", Issuer = "https://i.test", Subject = "s" }));
    }

    [Fact]
    public void ApplicationToString_CountsCredentials_WithoutShowingThem()
    {
        var app = new EmulatorApplication { ClientId = "x", HomeTenantId = "y", Certificates = ["MIIBcertificate"] };

        Assert.Contains("Certificates = 1", app.ToString(), StringComparison.Ordinal);
        Assert.DoesNotContain("MIIBcertificate", app.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public void MissingFile_FailsWithAnErrorNamingTheFile()
    {
        var path = Path.Combine(Path.GetTempPath(), $"no-such-directory-{Guid.NewGuid():N}.json");

        var error = Assert.Throws<EmulatorDirectoryException>(() => EmulatorDirectory.Load(path));

        Assert.Contains(path, error.Message, StringComparison.Ordinal);
    }

    // Records compare lists by reference, so a role's member types are compared as text.
    private static IEnumerable<(string Id, string Value, string? DisplayName, string AllowedMemberTypes)> AppRoles(EmulatorApplication app) =>
        app.AppRoles.Select(r => (r.Id, r.Value, r.DisplayName, string.Join(',', r.AllowedMemberTypes)));
}
