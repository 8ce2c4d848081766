namespace Lanyard.Emulator;

/// <summary>
/// The built-in directory that <c>lanyard dev</c>, scripts and tests rely on. The ids are fixed so that configs and
/// expectations can name them; they are made up and exist in no real tenant.
/// </summary>
public static class DemoDirectory
{
    public const string ContosoDomain = "contoso.test";
    public const string ContosoTenantId = "7c5a1d6e-3b2f-4e8a-9d1c-6f0b2a4e8c31";

    /// <summary>A second tenant, so "user from another tenant" and multi-tenant sign-in can be exercised.</summary>
    public const string FabrikamDomain = "fabrikam.test";
    public const string FabrikamTenantId = "f4b12c9d-6a3e-4f70-8b5c-2d9e1a7f3c60";

    public const string AliceUserPrincipalName = "alice@contoso.test";
    public const string AliceObjectId = "0a11ce00-1d3e-4c5b-8a9f-112233445566";
    public const string AliceDisplayName = "Alice Anderson";

    public const string BobUserPrincipalName = "bob@contoso.test";
    public const string BobObjectId = "0b0b0b00-2e4f-4d6c-9b0a-223344556677";
    public const string BobDisplayName = "Bob Baker";

    public const string CarolUserPrincipalName = "carol@fabrikam.test";
    public const string CarolObjectId = "0ca201e0-3f5a-4e7d-8c1b-445566778899";
    public const string CarolDisplayName = "Carol Chen";

    /// <summary>The "admins" group of contoso.test; Alice is its only member.</summary>
    public const string AdminsGroupId = "ad315000-5c2a-4b7e-8f1d-334455667788";
    public const string AdminsGroupName = "admins";

    /// <summary>The app registration <c>lanyard dev</c> uses: multi-tenant, home tenant contoso.test.</summary>
    public const string DevClientId = "4f1c7a2e-8d3b-4c6a-9e5f-0a1b2c3d4e5f";
    public const string DevClientSecret = "lanyard-dev-secret";
    public const string DevRedirectUri127 = "http://127.0.0.1/oauth2/callback";
    public const string DevRedirectUriLocalhost = "http://localhost/oauth2/callback";

    /// <summary>An app role of the dev app, assigned to Alice, so <c>roles</c> appears in her tokens only.</summary>
    public const string AdminRole = "Lanyard.Admin";
    public const string AdminRoleId = "a0d1e2f3-4b5c-4d6e-8f70-8192a3b4c5d6";

    /// <summary>A fresh copy of the demo directory (applications added to one copy do not leak into another).</summary>
    public static EmulatorDirectory Create() => new(
        tenants:
        [
            new EmulatorTenant { Id = ContosoTenantId, Domain = ContosoDomain, DisplayName = "Contoso" },
            new EmulatorTenant { Id = FabrikamTenantId, Domain = FabrikamDomain, DisplayName = "Fabrikam" },
        ],
        groups:
        [
            new EmulatorGroup { ObjectId = AdminsGroupId, TenantId = ContosoTenantId, DisplayName = AdminsGroupName },
        ],
        users:
        [
            new EmulatorUser
            {
                ObjectId = AliceObjectId,
                TenantId = ContosoTenantId,
                UserPrincipalName = AliceUserPrincipalName,
                Email = AliceUserPrincipalName,
                DisplayName = AliceDisplayName,
                GroupIds = [AdminsGroupId],
                AppRoleAssignments = [new EmulatorAppRoleAssignment { ClientId = DevClientId, RoleValue = AdminRole }],
            },
            new EmulatorUser
            {
                ObjectId = BobObjectId,
                TenantId = ContosoTenantId,
                UserPrincipalName = BobUserPrincipalName,
                Email = BobUserPrincipalName,
                DisplayName = BobDisplayName,
            },
            new EmulatorUser
            {
                ObjectId = CarolObjectId,
                TenantId = FabrikamTenantId,
                UserPrincipalName = CarolUserPrincipalName,
                Email = CarolUserPrincipalName,
                DisplayName = CarolDisplayName,
            },
        ],
        applications:
        [
            new EmulatorApplication
            {
                ClientId = DevClientId,
                DisplayName = "lanyard dev",
                HomeTenantId = ContosoTenantId,
                SignInAudience = EmulatorSignInAudience.AzureADMultipleOrgs,
                RedirectUris = [DevRedirectUri127, DevRedirectUriLocalhost],
                ClientSecrets = [DevClientSecret],
                AppRoles = [new EmulatorAppRole { Id = AdminRoleId, Value = AdminRole, DisplayName = "Lanyard administrators" }],
            },
        ]);
}
