using System.Globalization;

namespace Lanyard.Emulator;

/// <summary>
/// The built-in directory that <c>lanyard dev</c>, scripts and tests rely on. The ids are fixed so that configs and
/// expectations can name them; they are made up and exist in no real tenant (except the personal-accounts tenant id
/// and role template ids, which are Entra's own).
/// </summary>
public static class DemoDirectory
{
    public const string ContosoDomain = "contoso.test";
    public const string ContosoTenantId = "7c5a1d6e-3b2f-4e8a-9d1c-6f0b2a4e8c31";

    /// <summary>A second tenant, so "user from another tenant" and multi-tenant sign-in can be exercised.</summary>
    public const string FabrikamDomain = "fabrikam.test";
    public const string FabrikamTenantId = "f4b12c9d-6a3e-4f70-8b5c-2d9e1a7f3c60";

    /// <summary>Personal Microsoft accounts: Entra's fixed consumer tenant, reached as <c>consumers</c> too (§1.2, §4.4).</summary>
    public const string PersonalAccountsDomain = "outlook.test";
    public const string PersonalAccountsTenantId = WellKnownIds.PersonalAccountsTenantId;

    public const string AliceUserPrincipalName = "alice@contoso.test";
    public const string AliceObjectId = "0a11ce00-1d3e-4c5b-8a9f-112233445566";
    public const string AliceDisplayName = "Alice Anderson";

    public const string BobUserPrincipalName = "bob@contoso.test";
    public const string BobObjectId = "0b0b0b00-2e4f-4d6c-9b0a-223344556677";
    public const string BobDisplayName = "Bob Baker";

    public const string CarolUserPrincipalName = "carol@fabrikam.test";
    public const string CarolObjectId = "0ca201e0-3f5a-4e7d-8c1b-445566778899";
    public const string CarolDisplayName = "Carol Chen";

    /// <summary>
    /// Carol as a B2B guest in Contoso: her own object id there, a <c>#EXT#</c> UPN, tokens with <c>idp</c> =
    /// Fabrikam's issuer and no <c>upn</c>. She signs in to Contoso with her Fabrikam account; RBAC names her by this
    /// object id (AKS's rule for guests).
    /// </summary>
    public const string CarolGuestUserPrincipalName = "carol_fabrikam.test#EXT#@contoso.test";
    public const string CarolGuestObjectId = "0ca20000-6b7c-4d8e-9fa0-5566778899aa";
    public const string CarolGuestDisplayName = "Carol Chen (Fabrikam)";

    /// <summary>
    /// A Fabrikam user whose mailbox attribute claims <see cref="MalloryEmail"/>, an address in a domain Fabrikam does
    /// not own: any Entra tenant's administrator can set a user's mail to anything, and Entra puts it in the
    /// <c>email</c> claim unverified. She shows that a relying party must not trust <c>email</c> from a tenant it has
    /// not pinned (her ID tokens say <c>xms_edov: false</c> to apps that ask for that optional claim).
    /// </summary>
    public const string MalloryUserPrincipalName = "mallory@fabrikam.test";
    public const string MalloryObjectId = "0a1101e7-5b6c-4d7e-9f80-66778899aabb";
    public const string MalloryDisplayName = "Mallory Moore";
    public const string MalloryEmail = AliceUserPrincipalName;

    /// <summary>A personal account: no groups, no roles. MSA object ids start with zeros (§4.4).</summary>
    public const string DaveUserPrincipalName = "dave@outlook.test";
    public const string DaveObjectId = "00000000-0000-0000-da7e-5f1e2d3c4b5a";
    public const string DaveDisplayName = "Dave Dawson";

    /// <summary>A contoso.test user in <see cref="ErinGroupCount"/> groups, over the 200-group token limit (§5.2).</summary>
    public const string ErinUserPrincipalName = "erin@contoso.test";
    public const string ErinObjectId = "0e1e0000-4a5b-4c6d-8e7f-556677889900";
    public const string ErinDisplayName = "Erin Evans";
    public const int ErinGroupCount = 250;

    /// <summary>The first of Erin's groups, <c>team-001</c>; <see cref="ErinGroupId"/> gives the others.</summary>
    public const string ErinFirstGroupId = "e41e0000-7ea3-4000-8000-000000000001";
    public const string ErinFirstGroupName = "team-001";

    /// <summary>Erin's directory role, so Graph's uncast <c>transitiveMemberOf</c> has a non-group object in it.</summary>
    public const string GlobalReaderRoleId = "d1ec7020-1e5a-4d3b-9c8f-00aa11bb22cc";
    public const string GlobalReaderRoleTemplateId = "f2ef992c-3afb-46b9-b7cf-a126ee74c451";
    public const string GlobalReaderRoleName = "Global Reader";

    /// <summary>The "admins" group of contoso.test; Alice is its only member.</summary>
    public const string AdminsGroupId = "ad315000-5c2a-4b7e-8f1d-334455667788";
    public const string AdminsGroupName = "admins";

    /// <summary>
    /// The app registration <c>lanyard dev</c> uses: multi-tenant and open to personal accounts, home tenant contoso.test.
    /// </summary>
    public const string DevClientId = "4f1c7a2e-8d3b-4c6a-9e5f-0a1b2c3d4e5f";
    public const string DevClientSecret = "lanyard-dev-secret";
    public const string DevRedirectUri127 = "http://127.0.0.1/oauth2/callback";
    public const string DevRedirectUriLocalhost = "http://localhost/oauth2/callback";

    /// <summary>An app role of the dev app, assigned to Alice, so <c>roles</c> appears in her tokens only.</summary>
    public const string AdminRole = "Lanyard.Admin";
    public const string AdminRoleId = "a0d1e2f3-4b5c-4d6e-8f70-8192a3b4c5d6";

    /// <summary>A second app role of the dev app, assigned to Bob and Erin.</summary>
    public const string ReaderRole = "Lanyard.Reader";
    public const string ReaderRoleId = "b1e2c3d4-5a6b-4c7d-8e9f-a0b1c2d3e4f5";

    /// <summary>The delegated scope both demo APIs expose (the emulator accepts any scope name; this is the one to use).</summary>
    public const string AccessAsUserScope = "access_as_user";

    /// <summary>The dev app as an API: <c>accessTokenAcceptedVersion</c> 2, so this scope yields a v2.0 token whose
    /// <c>aud</c> is <see cref="DevClientId"/>.</summary>
    public const string DevApiScope = "api://" + DevClientId + "/" + AccessAsUserScope;

    /// <summary>
    /// "Lanyard demo API v1": an API that accepts v1.0 access tokens, multi-tenant, identified by
    /// <see cref="DemoApiIdentifierUri"/>; a client signs in with it like the dev app, or asks for it as a resource.
    /// </summary>
    public const string DemoApiClientId = "da7a0a91-6e2b-4c3d-8f1a-9b8c7d6e5f40";
    public const string DemoApiClientSecret = "lanyard-demo-api-secret";
    public const string DemoApiDisplayName = "Lanyard demo API v1";
    public const string DemoApiIdentifierUri = "api://lanyard-demo-api";

    /// <summary>The scope that yields a v1.0 token whose <c>aud</c> is <see cref="DemoApiIdentifierUri"/>.</summary>
    public const string DemoApiScope = DemoApiIdentifierUri + "/" + AccessAsUserScope;

    /// <summary>
    /// An app role of the demo API, assigned to Alice, so API tokens carry the resource's roles, not the client's; also
    /// granted to the dev and Kubernetes server apps and to <see cref="SystemAssignedIdentityName"/> (app-only tokens).
    /// </summary>
    public const string DemoApiCallerRole = "LanyardApi.Caller";
    public const string DemoApiCallerRoleId = "c2f3d4e5-6a7b-4c8d-9e0f-a1b2c3d4e5f6";

    /// <summary>
    /// "Lanyard Kubernetes API server": the cluster's server application, in the role of AKS's AAD Server app
    /// (kubernetes-authn.md §3.5). v1.0 tokens, as AKS's; <c>{id}/.default</c> gives <c>aud</c> = this id,
    /// <see cref="KubeServerIdentifierUri"/> gives <c>aud</c> = that URI. Multi-tenant, so guests from Fabrikam can sign in.
    /// </summary>
    public const string KubeServerClientId = "6c0be5e1-4a7d-4f2b-9c1e-8b5d2a7f3e90";
    public const string KubeServerDisplayName = "Lanyard Kubernetes API server";
    public const string KubeServerIdentifierUri = "api://lanyard-kube-server";

    /// <summary>The secret of the server app, for client-credentials (spn) sign-in as the app itself.</summary>
    public const string KubeServerClientSecret = "lanyard-kube-server-secret";

    /// <summary>
    /// "Lanyard kubectl": the public client kubectl signs in with (device code, interactive), in the role of AKS's
    /// AAD Client app. "Allow public client flows" is on; loopback redirect URIs on any port.
    /// </summary>
    public const string KubectlClientId = "c7b1e2d3-5f6a-4b8c-9d0e-1f2a3b4c5d6e";
    public const string KubectlDisplayName = "Lanyard kubectl";
    public const string KubectlRedirectUri = "http://localhost";

    /// <summary>The emulator-hosted issuer that plays a Kubernetes cluster's service-account issuer (<c>/federation/kubernetes</c>).</summary>
    public const string KubernetesFederationName = "kubernetes";
    public const string KubernetesIssuer = EmulatorFederatedIdentityCredential.AuthorityPlaceholder + "/federation/" + KubernetesFederationName;
    public const string KubernetesServiceAccountSubject = "system:serviceaccount:lanyard:lanyard-proxy";
    public const string KubernetesCredentialName = "kubernetes-lanyard-proxy";

    /// <summary>The issuer of the emulator's own managed-identity tokens for contoso.test (<c>{authority}/{tid}/v2.0</c>).</summary>
    public const string ManagedIdentityIssuer = EmulatorFederatedIdentityCredential.AuthorityPlaceholder + "/" + ContosoTenantId + "/v2.0";

    /// <summary>
    /// The emulated machine's system-assigned identity: IMDS returns it when no identity is named. It is granted
    /// <see cref="DemoApiCallerRole"/>, so its tokens for the demo API carry that role.
    /// </summary>
    public const string SystemAssignedIdentityObjectId = "5a5a0000-1b2c-4d3e-8f4a-5b6c7d8e9f01";
    public const string SystemAssignedIdentityClientId = "5a5a0001-1b2c-4d3e-8f4a-5b6c7d8e9f02";
    public const string SystemAssignedIdentityName = "lanyard-dev-vm";

    /// <summary>A user-assigned identity, selected at IMDS by its client id (or object or resource id).</summary>
    public const string UserAssignedIdentityObjectId = "ab1d0000-2c3d-4e5f-9a0b-1c2d3e4f5a61";
    public const string UserAssignedIdentityClientId = "ab1d0001-2c3d-4e5f-9a0b-1c2d3e4f5a62";
    public const string UserAssignedIdentityName = "lanyard-proxy-identity";
    public const string UserAssignedIdentityResourceId =
        "/subscriptions/00000000-0000-0000-0000-000000000000/resourceGroups/lanyard-dev/providers/Microsoft.ManagedIdentity/userAssignedIdentities/lanyard-proxy-identity";

    /// <summary>Every one of Erin's group ids, <c>team-001</c> first.</summary>
    public static IReadOnlyList<string> ErinGroupIds { get; } = [.. Enumerable.Range(1, ErinGroupCount).Select(ErinGroupId)];

    /// <summary>The id of Erin's group <c>team-{team:000}</c>, for <paramref name="team"/> from 1 to <see cref="ErinGroupCount"/>.</summary>
    public static string ErinGroupId(int team)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(team, 1);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(team, ErinGroupCount);
        return string.Create(CultureInfo.InvariantCulture, $"e41e0000-7ea3-4000-8000-{team:D12}");
    }

    /// <summary>The display name of Erin's group number <paramref name="team"/>.</summary>
    public static string ErinGroupName(int team) => string.Create(CultureInfo.InvariantCulture, $"team-{team:D3}");

    /// <summary>A fresh copy of the demo directory (applications added to one copy do not leak into another).</summary>
    public static EmulatorDirectory Create() => new(
        tenants:
        [
            new EmulatorTenant { Id = ContosoTenantId, Domain = ContosoDomain, DisplayName = "Contoso" },
            new EmulatorTenant { Id = FabrikamTenantId, Domain = FabrikamDomain, DisplayName = "Fabrikam" },
            new EmulatorTenant { Id = PersonalAccountsTenantId, Domain = PersonalAccountsDomain, DisplayName = "Personal Microsoft accounts" },
        ],
        groups:
        [
            new EmulatorGroup { ObjectId = AdminsGroupId, TenantId = ContosoTenantId, DisplayName = AdminsGroupName },
            .. Enumerable.Range(1, ErinGroupCount).Select(team =>
                new EmulatorGroup { ObjectId = ErinGroupId(team), TenantId = ContosoTenantId, DisplayName = ErinGroupName(team) }),
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
                AppRoleAssignments =
                [
                    new EmulatorAppRoleAssignment { ClientId = DevClientId, RoleValue = AdminRole },
                    new EmulatorAppRoleAssignment { ClientId = DemoApiClientId, RoleValue = DemoApiCallerRole },
                ],
            },
            new EmulatorUser
            {
                ObjectId = BobObjectId,
                TenantId = ContosoTenantId,
                UserPrincipalName = BobUserPrincipalName,
                Email = BobUserPrincipalName,
                DisplayName = BobDisplayName,
                AppRoleAssignments = [new EmulatorAppRoleAssignment { ClientId = DevClientId, RoleValue = ReaderRole }],
            },
            new EmulatorUser
            {
                ObjectId = CarolObjectId,
                TenantId = FabrikamTenantId,
                UserPrincipalName = CarolUserPrincipalName,
                Email = CarolUserPrincipalName,
                DisplayName = CarolDisplayName,
            },
            new EmulatorUser
            {
                ObjectId = CarolGuestObjectId,
                TenantId = ContosoTenantId,
                UserPrincipalName = CarolGuestUserPrincipalName,
                Email = CarolUserPrincipalName,
                DisplayName = CarolGuestDisplayName,
                GuestOfTenantId = FabrikamTenantId,
            },
            new EmulatorUser
            {
                ObjectId = MalloryObjectId,
                TenantId = FabrikamTenantId,
                UserPrincipalName = MalloryUserPrincipalName,
                Email = MalloryEmail,
                DisplayName = MalloryDisplayName,
            },
            new EmulatorUser
            {
                ObjectId = DaveObjectId,
                TenantId = PersonalAccountsTenantId,
                UserPrincipalName = DaveUserPrincipalName,
                Email = DaveUserPrincipalName,
                DisplayName = DaveDisplayName,
            },
            new EmulatorUser
            {
                ObjectId = ErinObjectId,
                TenantId = ContosoTenantId,
                UserPrincipalName = ErinUserPrincipalName,
                Email = ErinUserPrincipalName,
                DisplayName = ErinDisplayName,
                GroupIds = ErinGroupIds,
                DirectoryRoleIds = [GlobalReaderRoleId],
                AppRoleAssignments = [new EmulatorAppRoleAssignment { ClientId = DevClientId, RoleValue = ReaderRole }],
            },
        ],
        applications: [DevApplication(), DemoApiApplication(), KubeServerApplication(), KubectlApplication()],
        directoryRoles:
        [
            new EmulatorDirectoryRole
            {
                ObjectId = GlobalReaderRoleId,
                TenantId = ContosoTenantId,
                DisplayName = GlobalReaderRoleName,
                RoleTemplateId = GlobalReaderRoleTemplateId,
            },
        ],
        managedIdentities:
        [
            new EmulatorManagedIdentity
            {
                ObjectId = SystemAssignedIdentityObjectId,
                ClientId = SystemAssignedIdentityClientId,
                TenantId = ContosoTenantId,
                DisplayName = SystemAssignedIdentityName,
                Kind = EmulatorManagedIdentityKind.SystemAssigned,
                AppRoleAssignments = [new EmulatorAppRoleAssignment { ClientId = DemoApiClientId, RoleValue = DemoApiCallerRole }],
            },
            new EmulatorManagedIdentity
            {
                ObjectId = UserAssignedIdentityObjectId,
                ClientId = UserAssignedIdentityClientId,
                TenantId = ContosoTenantId,
                DisplayName = UserAssignedIdentityName,
                Kind = EmulatorManagedIdentityKind.UserAssigned,
                ResourceId = UserAssignedIdentityResourceId,
            },
        ]);

    private static EmulatorApplication DevApplication() => new()
    {
        ClientId = DevClientId,
        DisplayName = "lanyard dev",
        HomeTenantId = ContosoTenantId,
        SignInAudience = EmulatorSignInAudience.AzureADandPersonalMicrosoftAccount,
        RedirectUris = [DevRedirectUri127, DevRedirectUriLocalhost],
        ClientSecrets = [DevClientSecret],

        // So ASP.NET Core's OpenIdConnectHandler with its defaults (response_type id_token, form_post) signs in too.
        EnableIdTokenIssuance = true,

        // v2 is mandatory for an API that accepts personal accounts (§4.3).
        AccessTokenAcceptedVersion = 2,

        // So the webhook (and anything else running as this app) can read an overage user's groups app-only.
        GraphApplicationPermissions = ["GroupMember.Read.All"],

        // An application permission on the demo API: its client-credentials tokens for that API carry the role.
        AppRoleAssignments = [new EmulatorAppRoleAssignment { ClientId = DemoApiClientId, RoleValue = DemoApiCallerRole }],
        AppRoles =
        [
            new EmulatorAppRole { Id = AdminRoleId, Value = AdminRole, DisplayName = "Lanyard administrators" },
            new EmulatorAppRole { Id = ReaderRoleId, Value = ReaderRole, DisplayName = "Lanyard readers" },
        ],

        // The proxy may authenticate as the dev app with a projected service-account token or a managed-identity
        // token instead of the secret (§3.1, §7.3), as it would on AKS or a VM.
        FederatedIdentityCredentials =
        [
            new EmulatorFederatedIdentityCredential
            {
                Name = KubernetesCredentialName,
                Issuer = KubernetesIssuer,
                Subject = KubernetesServiceAccountSubject,
                Description = "The proxy's service account in the emulator-hosted Kubernetes issuer",
            },
            new EmulatorFederatedIdentityCredential
            {
                Name = "managed-identity-system-assigned",
                Issuer = ManagedIdentityIssuer,
                Subject = SystemAssignedIdentityObjectId,
            },
            new EmulatorFederatedIdentityCredential
            {
                Name = "managed-identity-user-assigned",
                Issuer = ManagedIdentityIssuer,
                Subject = UserAssignedIdentityObjectId,
            },
        ],
    };

    private static EmulatorApplication DemoApiApplication() => new()
    {
        ClientId = DemoApiClientId,
        DisplayName = DemoApiDisplayName,
        HomeTenantId = ContosoTenantId,
        SignInAudience = EmulatorSignInAudience.AzureADMultipleOrgs,
        RedirectUris = [DevRedirectUri127, DevRedirectUriLocalhost],
        ClientSecrets = [DemoApiClientSecret],
        AccessTokenAcceptedVersion = 1,
        IdentifierUris = [DemoApiIdentifierUri],
        AppRoles = [new EmulatorAppRole { Id = DemoApiCallerRoleId, Value = DemoApiCallerRole, DisplayName = "Demo API callers" }],
    };

    private static EmulatorApplication KubeServerApplication() => new()
    {
        ClientId = KubeServerClientId,
        DisplayName = KubeServerDisplayName,
        HomeTenantId = ContosoTenantId,
        SignInAudience = EmulatorSignInAudience.AzureADMultipleOrgs,
        ClientSecrets = [KubeServerClientSecret],
        AccessTokenAcceptedVersion = 1,
        IdentifierUris = [KubeServerIdentifierUri],

        // What `az ad app create` exposed for AKS's legacy server apps; kubectl's {id}/.default tokens carry it as scp.
        ExposedScopes = ["user_impersonation"],

        // What the TokenReview webhook needs to read an overage user's groups from Graph as the server app.
        GraphApplicationPermissions = ["GroupMember.Read.All"],

        // An application permission on the demo API (Entra's appRoleAssignments of the server app's service principal).
        AppRoleAssignments = [new EmulatorAppRoleAssignment { ClientId = DemoApiClientId, RoleValue = DemoApiCallerRole }],
    };

    private static EmulatorApplication KubectlApplication() => new()
    {
        ClientId = KubectlClientId,
        DisplayName = KubectlDisplayName,
        HomeTenantId = ContosoTenantId,
        SignInAudience = EmulatorSignInAudience.AzureADMultipleOrgs,
        AllowPublicClientFlows = true,
        RedirectUris = [KubectlRedirectUri, "http://127.0.0.1"],
    };
}
