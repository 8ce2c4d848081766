namespace Lanyard.Emulator.Tests;

/// <summary>
/// Who may hold an app role: managed identities take <c>appRoleAssignments</c> as applications do, and a role's
/// <c>allowedMemberTypes</c> (entra-protocol.md §6) limits users and groups to <c>User</c> roles and applications and
/// managed identities to <c>Application</c> ones, in directory files and in the Add* APIs alike.
/// </summary>
public sealed class AppRoleAssignmentTests
{
    private const string Tenant = "1b2c3d4e-0000-4000-8000-000000000001";
    private const string ApiClientId = "1b2c3d4e-0000-4000-8000-00000000000a";

    // One API with a role for each member type, a role for both (allowedMemberTypes absent) and the caller of {0}.
    private const string Directory = """
        { "tenants": [ { "id": "1b2c3d4e-0000-4000-8000-000000000001", "domain": "a.test" } ],
          "applications": [ { "clientId": "1b2c3d4e-0000-4000-8000-00000000000a", "displayName": "api", "homeTenantId": "1b2c3d4e-0000-4000-8000-000000000001",
            "appRoles": [ { "id": "1b2c3d4e-0000-4000-8000-0000000000b1", "value": "Api.Use", "allowedMemberTypes": ["User"] },
                          { "id": "1b2c3d4e-0000-4000-8000-0000000000b2", "value": "Api.Call", "allowedMemberTypes": ["Application"] },
                          { "id": "1b2c3d4e-0000-4000-8000-0000000000b3", "value": "Api.Any" } ] }
            {{APPLICATION}} ],
          "groups": [ { "objectId": "1b2c3d4e-0000-4000-8000-000000000006", "tenantId": "1b2c3d4e-0000-4000-8000-000000000001", "displayName": "g"
                        {{GROUP}} } ],
          "users": [ { "objectId": "1b2c3d4e-0000-4000-8000-000000000002", "tenantId": "1b2c3d4e-0000-4000-8000-000000000001",
                       "userPrincipalName": "e@a.test", "displayName": "E" {{USER}} } ],
          "managedIdentities": [ { "objectId": "1b2c3d4e-0000-4000-8000-000000000004", "clientId": "1b2c3d4e-0000-4000-8000-000000000005",
                                   "tenantId": "1b2c3d4e-0000-4000-8000-000000000001", "displayName": "vm" {{IDENTITY}} } ] }
        """;

    private const string Application = """
        , { "clientId": "1b2c3d4e-0000-4000-8000-000000000003", "displayName": "caller", "homeTenantId": "1b2c3d4e-0000-4000-8000-000000000001"
        """;

    [Theory]
    [InlineData("IDENTITY", """[ { "clientId": "1b2c3d4e-0000-4000-8000-0000000000ff", "roleValue": "Api.Call" } ]""",
        "managedIdentities[0] ('vm'): app role assignment names application '1b2c3d4e-0000-4000-8000-0000000000ff', which is not in the directory")]
    [InlineData("IDENTITY", """[ { "clientId": "1b2c3d4e-0000-4000-8000-00000000000a", "roleValue": "Api.Delete" } ]""",
        "managedIdentities[0] ('vm'): application 'api' has no app role 'Api.Delete'")]
    [InlineData("IDENTITY", """[ { "clientId": "1b2c3d4e-0000-4000-8000-00000000000a", "roleValue": "Api.Use" } ]""",
        "managedIdentities[0] ('vm'): app role 'Api.Use' of application 'api' cannot be assigned to applications or managed identities (allowedMemberTypes: User)")]
    [InlineData("APPLICATION", """[ { "clientId": "1b2c3d4e-0000-4000-8000-00000000000a", "roleValue": "Api.Use" } ]""",
        "application 'caller': app role 'Api.Use' of application 'api' cannot be assigned to applications or managed identities (allowedMemberTypes: User)")]
    [InlineData("USER", """[ { "clientId": "1b2c3d4e-0000-4000-8000-00000000000a", "roleValue": "Api.Call" } ]""",
        "users[0] ('e@a.test'): app role 'Api.Call' of application 'api' cannot be assigned to users or groups (allowedMemberTypes: Application)")]
    [InlineData("GROUP", """[ { "clientId": "1b2c3d4e-0000-4000-8000-00000000000a", "roleValue": "Api.Call" } ]""",
        "groups[0] ('g'): app role 'Api.Call' of application 'api' cannot be assigned to users or groups (allowedMemberTypes: Application)")]
    public void AnAssignmentOfAnUnknownOrForbiddenRole_FailsTheLoad_NamingTheHolderAndTheRole(string holder, string assignments, string problem)
    {
        var error = Assert.Throws<EmulatorDirectoryException>(() => Load(holder, assignments));

        Assert.Contains(problem, error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("""[]""", "application 'api': app role 'Api.Empty' allowedMemberTypes must name User, Application or both")]
    [InlineData("""["Robot"]""", "Path: $.applications[0].appRoles[0].allowedMemberTypes")]
    public void AllowedMemberTypes_NamingNoneOrAnUnknownType_FailTheLoad(string memberTypes, string problem)
    {
        var message = DirectoryFiles.LoadFailure($$"""
            { "tenants": [ { "id": "{{Tenant}}", "domain": "a.test" } ],
              "applications": [ { "clientId": "{{ApiClientId}}", "displayName": "api", "homeTenantId": "{{Tenant}}",
                "appRoles": [ { "id": "1b2c3d4e-0000-4000-8000-0000000000b1", "value": "Api.Empty", "allowedMemberTypes": {{memberTypes}} } ] } ] }
            """);

        Assert.Contains(problem, message, StringComparison.Ordinal);
    }

    [Fact]
    public void EachHolder_MayHoldTheRolesItsMemberTypeAllows_AndRolesWithoutAllowedMemberTypesAllowBoth()
    {
        var directory = Load(
            ("USER", """[ { "clientId": "1b2c3d4e-0000-4000-8000-00000000000a", "roleValue": "Api.Use" }, { "clientId": "1b2c3d4e-0000-4000-8000-00000000000a", "roleValue": "Api.Any" } ]"""),
            ("GROUP", """[ { "clientId": "1b2c3d4e-0000-4000-8000-00000000000a", "roleValue": "Api.Use" } ]"""),
            ("APPLICATION", """[ { "clientId": "1b2c3d4e-0000-4000-8000-00000000000a", "roleValue": "Api.Call" }, { "clientId": "1b2c3d4e-0000-4000-8000-00000000000a", "roleValue": "Api.Any" } ]"""),
            ("IDENTITY", """[ { "clientId": "1B2C3D4E-0000-4000-8000-00000000000A", "roleValue": "Api.Call" }, { "clientId": "1b2c3d4e-0000-4000-8000-00000000000a", "roleValue": "Api.Any" } ]"""));

        var api = directory.FindApplication(ApiClientId)!;
        Assert.Equal(["User", "Application", "User,Application"], api.AppRoles.Select(r => string.Join(',', r.AllowedMemberTypes)));
        var identity = Assert.Single(directory.ManagedIdentities);
        Assert.Equal([(ApiClientId, "Api.Call"), (ApiClientId, "Api.Any")], identity.AppRoleAssignments.Select(a => (a.ClientId, a.RoleValue)));
    }

    [Fact]
    public void TheDemoDirectoryRoles_AllowBothMemberTypes_AndTheVmIdentityHoldsTheDemoApiCallerRole()
    {
        var directory = DemoDirectory.Create();

        Assert.All(directory.Applications.SelectMany(a => a.AppRoles), r => Assert.Equal([EmulatorAppRoleMemberType.User, EmulatorAppRoleMemberType.Application], r.AllowedMemberTypes));
        var vm = directory.ManagedIdentities.Single(m => m.ObjectId == DemoDirectory.SystemAssignedIdentityObjectId);
        Assert.Equal([(DemoDirectory.DemoApiClientId, DemoDirectory.DemoApiCallerRole)], vm.AppRoleAssignments.Select(a => (a.ClientId, a.RoleValue)));
        Assert.Empty(directory.ManagedIdentities.Single(m => m.ObjectId == DemoDirectory.UserAssignedIdentityObjectId).AppRoleAssignments);
    }

    [Fact]
    public void AddApplicationAndAddUser_RefuseRolesTheirMemberTypeMayNotHold()
    {
        var directory = DemoDirectory.Create();
        var api = directory.AddApplication(new EmulatorApplication
        {
            ClientId = Guid.NewGuid().ToString(),
            DisplayName = "jobs api",
            HomeTenantId = DemoDirectory.ContosoTenantId,
            AppRoles =
            [
                new EmulatorAppRole { Id = Guid.NewGuid().ToString(), Value = "Jobs.Read", AllowedMemberTypes = [EmulatorAppRoleMemberType.User] },
                new EmulatorAppRole { Id = Guid.NewGuid().ToString(), Value = "Jobs.Run", AllowedMemberTypes = [EmulatorAppRoleMemberType.Application] },
            ],
        });
        EmulatorApplication Caller(string role) => new()
        {
            ClientId = Guid.NewGuid().ToString(),
            DisplayName = "jobs runner",
            HomeTenantId = DemoDirectory.ContosoTenantId,
            AppRoleAssignments = [new EmulatorAppRoleAssignment { ClientId = api.ClientId, RoleValue = role }],
        };
        EmulatorUser User(string role) => new()
        {
            ObjectId = Guid.NewGuid().ToString(),
            TenantId = DemoDirectory.ContosoTenantId,
            UserPrincipalName = $"{Guid.NewGuid():N}@contoso.test",
            DisplayName = "Someone",
            AppRoleAssignments = [new EmulatorAppRoleAssignment { ClientId = api.ClientId, RoleValue = role }],
        };

        var application = Assert.Throws<ArgumentException>(() => directory.AddApplication(Caller("Jobs.Read")));
        var user = Assert.Throws<ArgumentException>(() => directory.AddUser(User("Jobs.Run")));
        directory.AddApplication(Caller("Jobs.Run"));
        directory.AddUser(User("Jobs.Read"));

        Assert.Contains(
            "application 'jobs runner': app role 'Jobs.Read' of application 'jobs api' cannot be assigned to applications or managed identities (allowedMemberTypes: User)",
            application.Message,
            StringComparison.Ordinal);
        Assert.Contains("app role 'Jobs.Run' of application 'jobs api' cannot be assigned to users or groups (allowedMemberTypes: Application)", user.Message, StringComparison.Ordinal);
    }

    private static EmulatorDirectory Load(string holder, string assignments) => Load((holder, assignments));

    private static EmulatorDirectory Load(params (string Holder, string Assignments)[] grants)
    {
        string Field(string holder) =>
            grants.FirstOrDefault(g => g.Holder == holder).Assignments is { } assignments ? $""", "appRoleAssignments": {assignments}""" : "";
        var application = grants.Any(g => g.Holder == "APPLICATION") ? Application + Field("APPLICATION") + " }" : "";
        return DirectoryFiles.Load(Directory
            .Replace("{{APPLICATION}}", application, StringComparison.Ordinal)
            .Replace("{{GROUP}}", Field("GROUP"), StringComparison.Ordinal)
            .Replace("{{USER}}", Field("USER"), StringComparison.Ordinal)
            .Replace("{{IDENTITY}}", Field("IDENTITY"), StringComparison.Ordinal));
    }
}
