namespace Lanyard.Emulator.Loading;

/// <summary>
/// Checks directory data and normalises its GUIDs, collecting every problem so a directory file can be fixed in one
/// go rather than one error per run.
/// </summary>
internal sealed class ValidateDirectory
{
    private readonly List<string> _errors = [];

    public void ThrowIfInvalid()
    {
        if (_errors.Count > 0)
        {
            throw new ArgumentException(string.Join(Environment.NewLine, _errors));
        }
    }

    public IReadOnlyList<EmulatorTenant> Tenants(IReadOnlyList<EmulatorTenant> tenants)
    {
        if (tenants.Count == 0)
        {
            _errors.Add("the directory has no tenants");
        }

        var result = tenants.Select((t, i) =>
        {
            var where = $"tenants[{i}] ('{t.Domain}')";
            if (string.IsNullOrWhiteSpace(t.Domain) || t.Domain.Contains('/', StringComparison.Ordinal))
            {
                _errors.Add($"{where}: domain must be a DNS name");
            }

            // These segments name tenants by alias (§1.2); a domain spelt like one could never be reached.
            if (t.Domain is "common" or "organizations" or WellKnownIds.ConsumersSegment)
            {
                _errors.Add($"{where}: domain '{t.Domain}' is reserved");
            }

            return t with { Id = Guid(t.Id, where, "id"), VerifiedDomains = [.. t.VerifiedDomains ?? []] };
        }).ToList();
        Unique(result.Select(t => t.Id), "tenant id");
        Unique(result.Select(t => t.Domain), "tenant domain");

        // A domain is verified in one tenant only (that is what makes xms_edov mean anything).
        Unique(result.SelectMany(t => t.VerifiedDomains.Prepend(t.Domain)).Select(d => d.ToLowerInvariant()), "verified domain");
        return result;
    }

    public IReadOnlyList<EmulatorApplication> Applications(IReadOnlyList<EmulatorApplication> applications, IReadOnlySet<string> tenantIds)
    {
        var result = applications.Select(a => Application(a, tenantIds)).ToList();
        result = [.. result.Select(a => ApplicationAssignments(a, result))];
        Unique(result.Select(a => a.ClientId), "application client id");
        Unique(result.SelectMany(a => a.IdentifierUris), "application identifier URI");
        return result;
    }

    // Permission names are case-insensitive in the portal and canonical in tokens.
    private static string CanonicalGraphPermission(string permission) =>
        EmulatorApplication.KnownGraphApplicationPermissions.FirstOrDefault(p => p.Equals(permission, StringComparison.OrdinalIgnoreCase)) ?? permission;

    public EmulatorApplication Application(EmulatorApplication app, IReadOnlySet<string> tenantIds)
    {
        var where = $"application '{app.DisplayName ?? app.ClientId}'";
        var credentials = new ValidateApplicationCredentials(_errors, where);
        var normalised = app with
        {
            ClientId = Guid(app.ClientId, where, "clientId"),
            HomeTenantId = TenantRef(app.HomeTenantId, tenantIds, where, "homeTenantId"),
            RedirectUris = [.. app.RedirectUris ?? []],
            ClientSecrets = [.. app.ClientSecrets ?? []],
            Certificates = credentials.Certificates(app.Certificates ?? []),
            FederatedIdentityCredentials = credentials.Federated(app.FederatedIdentityCredentials ?? []),
            AppRoles = [.. (app.AppRoles ?? []).Select(r => AppRole(r, where))],
            IdentifierUris = [.. (app.IdentifierUris ?? []).Select(u => u.TrimEnd('/'))],
            OptionalClaims = [.. app.OptionalClaims ?? []],
            GraphApplicationPermissions = [.. (app.GraphApplicationPermissions ?? []).Select(CanonicalGraphPermission)],
            ExposedScopes = [.. app.ExposedScopes ?? []],
            AppRoleAssignments = [.. app.AppRoleAssignments ?? []],
        };
        foreach (var scope in normalised.ExposedScopes.Where(s => s.Length == 0 || s == ".default" || s.Any(c => char.IsWhiteSpace(c) || c == '/')))
        {
            _errors.Add($"{where}: exposed scope '{scope}' must be a name without spaces or slashes");
        }

        foreach (var permission in normalised.GraphApplicationPermissions.Where(p => !EmulatorApplication.KnownGraphApplicationPermissions.Contains(p, StringComparer.Ordinal)))
        {
            _errors.Add($"{where}: Graph application permission '{permission}' is not one the emulator's Graph serves (supported: {string.Join(", ", EmulatorApplication.KnownGraphApplicationPermissions)})");
        }

        foreach (var claim in normalised.OptionalClaims.Where(c => !EmulatorApplication.SupportedOptionalClaims.Contains(c, StringComparer.Ordinal)))
        {
            _errors.Add($"{where}: optional claim '{claim}' is not one the emulator emits (supported: {string.Join(", ", EmulatorApplication.SupportedOptionalClaims)})");
        }

        if (app.AccessTokenAcceptedVersion is not (null or 1 or 2))
        {
            _errors.Add($"{where}: accessTokenAcceptedVersion must be null, 1 or 2");
        }

        // A scope is split at its last slash into resource and name, so an identifier URI must be absolute and the
        // resource part of such a scope.
        foreach (var uri in normalised.IdentifierUris)
        {
            if (!Uri.TryCreate(uri, UriKind.Absolute, out _) || uri.Contains('?', StringComparison.Ordinal) || uri.Contains('#', StringComparison.Ordinal))
            {
                _errors.Add($"{where}: identifier URI '{uri}' must be an absolute URI without query or fragment");
            }
        }

        if (!Enum.IsDefined(app.SignInAudience))
        {
            _errors.Add($"{where}: signInAudience must be AzureADMyOrg, AzureADMultipleOrgs or AzureADandPersonalMicrosoftAccount");
        }

        foreach (var uri in normalised.RedirectUris)
        {
            // Entra refuses fragments in redirect URIs; http is allowed for any host here (Entra only allows it for
            // localhost) so simulated networks in tests can use plain http names.
            if (!Uri.TryCreate(uri, UriKind.Absolute, out var parsed) || parsed.Scheme is not ("http" or "https") || uri.Contains('#', StringComparison.Ordinal))
            {
                _errors.Add($"{where}: redirect URI '{uri}' must be an absolute http(s) URI without a fragment");
            }
        }

        if (normalised.ClientSecrets.Any(string.IsNullOrEmpty))
        {
            _errors.Add($"{where}: client secrets must not be empty");
        }

        if (normalised.AppRoles.Any(r => string.IsNullOrWhiteSpace(r.Value)))
        {
            _errors.Add($"{where}: app role values must not be empty");
        }

        Unique(normalised.AppRoles.Select(r => r.Value), $"{where}: app role value");
        return normalised;
    }

    private EmulatorAppRole AppRole(EmulatorAppRole role, string where)
    {
        // Absent means both, as for the directory files written before allowedMemberTypes was read.
        var memberTypes = role.AllowedMemberTypes?.Distinct().ToList() ?? [.. EmulatorAppRole.AnyMemberType];
        if (memberTypes.Count == 0 || !memberTypes.All(Enum.IsDefined))
        {
            _errors.Add($"{where}: app role '{role.Value}' allowedMemberTypes must name User, Application or both");
        }

        return role with { Id = Guid(role.Id, where, $"app role '{role.Value}' id"), AllowedMemberTypes = memberTypes };
    }

    /// <summary>
    /// Checks the app roles granted to <paramref name="app"/> against the applications that define them
    /// (<paramref name="apps"/>, which may include <paramref name="app"/> itself: an app may be granted its own roles).
    /// </summary>
    public EmulatorApplication ApplicationAssignments(EmulatorApplication app, IReadOnlyList<EmulatorApplication> apps) =>
        app with { AppRoleAssignments = Assignments(app.AppRoleAssignments, apps, $"application '{app.DisplayName ?? app.ClientId}'", EmulatorAppRoleMemberType.Application) };

    public IReadOnlyList<EmulatorGroup> Groups(IReadOnlyList<EmulatorGroup> groups, IReadOnlySet<string> tenantIds, IReadOnlyList<EmulatorApplication> apps)
    {
        var result = groups.Select((g, i) =>
        {
            var where = $"groups[{i}] ('{g.DisplayName}')";
            return g with
            {
                ObjectId = Guid(g.ObjectId, where, "objectId"),
                TenantId = TenantRef(g.TenantId, tenantIds, where, "tenantId"),
                AppRoleAssignments = Assignments(g.AppRoleAssignments, apps, where, EmulatorAppRoleMemberType.User),
            };
        }).ToList();
        Unique(result.Select(g => g.ObjectId), "group object id");
        return result;
    }

    public IReadOnlyList<EmulatorDirectoryRole> DirectoryRoles(IReadOnlyList<EmulatorDirectoryRole> roles, IReadOnlySet<string> tenantIds)
    {
        var result = roles.Select((r, i) =>
        {
            var where = $"directoryRoles[{i}] ('{r.DisplayName}')";
            if (string.IsNullOrWhiteSpace(r.DisplayName))
            {
                _errors.Add($"{where}: displayName is required");
            }

            return r with
            {
                ObjectId = Guid(r.ObjectId, where, "objectId"),
                TenantId = TenantRef(r.TenantId, tenantIds, where, "tenantId"),
                RoleTemplateId = Guid(r.RoleTemplateId, where, "roleTemplateId"),
            };
        }).ToList();
        Unique(result.Select(r => r.ObjectId), "directory role object id");
        return result;
    }

    public IReadOnlyList<EmulatorUser> Users(
        IReadOnlyList<EmulatorUser> users,
        IReadOnlySet<string> tenantIds,
        IReadOnlyList<EmulatorGroup> groups,
        IReadOnlyList<EmulatorDirectoryRole> roles,
        IReadOnlyList<EmulatorApplication> apps)
    {
        var groupTenants = groups.GroupBy(g => g.ObjectId).ToDictionary(g => g.Key, g => g.First().TenantId, StringComparer.Ordinal);
        var roleTenants = roles.GroupBy(r => r.ObjectId).ToDictionary(r => r.Key, r => r.First().TenantId, StringComparer.Ordinal);
        var result = users.Select((u, i) =>
        {
            var where = $"users[{i}] ('{u.UserPrincipalName}')";
            if (string.IsNullOrWhiteSpace(u.UserPrincipalName) || !u.UserPrincipalName.Contains('@', StringComparison.Ordinal))
            {
                _errors.Add($"{where}: userPrincipalName must look like name@domain");
            }

            if (string.IsNullOrWhiteSpace(u.DisplayName))
            {
                _errors.Add($"{where}: displayName is required");
            }

            var user = u with
            {
                ObjectId = Guid(u.ObjectId, where, "objectId"),
                TenantId = TenantRef(u.TenantId, tenantIds, where, "tenantId"),
                GroupIds = [.. (u.GroupIds ?? []).Select(id => Guid(id, where, "groupIds"))],
                DirectoryRoleIds = [.. (u.DirectoryRoleIds ?? []).Select(id => Guid(id, where, "directoryRoleIds"))],
                AppRoleAssignments = Assignments(u.AppRoleAssignments, apps, where, EmulatorAppRoleMemberType.User),
                GuestOfTenantId = u.GuestOfTenantId is null ? null : TenantRef(u.GuestOfTenantId, tenantIds, where, "guestOfTenantId"),
            };
            if (user.GuestOfTenantId is not null && string.Equals(user.GuestOfTenantId, user.TenantId, StringComparison.OrdinalIgnoreCase))
            {
                _errors.Add($"{where}: guestOfTenantId must be another tenant than the user's own");
            }

            foreach (var groupId in user.GroupIds.Where(id => groupTenants.GetValueOrDefault(id) != user.TenantId))
            {
                _errors.Add($"{where}: group '{groupId}' is not a group of the user's tenant");
            }

            foreach (var roleId in user.DirectoryRoleIds.Where(id => roleTenants.GetValueOrDefault(id) != user.TenantId))
            {
                _errors.Add($"{where}: directory role '{roleId}' is not a directory role of the user's tenant");
            }

            Unique(user.GroupIds, $"{where}: group membership");
            return user;
        }).ToList();
        Unique(result.Select(u => u.ObjectId), "user object id");
        Unique(result.Select(u => u.UserPrincipalName), "user principal name");
        return result;
    }

    public IReadOnlyList<EmulatorManagedIdentity> ManagedIdentities(
        IReadOnlyList<EmulatorManagedIdentity> identities, IReadOnlySet<string> tenantIds, IReadOnlyList<EmulatorApplication> apps)
    {
        var result = identities.Select((m, i) =>
        {
            var where = $"managedIdentities[{i}] ('{m.DisplayName}')";
            if (string.IsNullOrWhiteSpace(m.DisplayName))
            {
                _errors.Add($"{where}: displayName is required");
            }

            if (!Enum.IsDefined(m.Kind))
            {
                _errors.Add($"{where}: kind must be SystemAssigned or UserAssigned");
            }

            if (m.ResourceId is { } resourceId && !resourceId.StartsWith('/'))
            {
                _errors.Add($"{where}: resourceId '{resourceId}' must be an Azure resource id starting with '/'");
            }

            return m with
            {
                ObjectId = Guid(m.ObjectId, where, "objectId"),
                ClientId = Guid(m.ClientId, where, "clientId"),
                TenantId = TenantRef(m.TenantId, tenantIds, where, "tenantId"),

                // A managed identity is a service principal: it holds app roles as an application does (§6, §7.1).
                AppRoleAssignments = Assignments(m.AppRoleAssignments, apps, where, EmulatorAppRoleMemberType.Application),
            };
        }).ToList();

        // IMDS answers a request that names no identity with the machine's one system-assigned identity (§7.1).
        if (result.Count(m => m.Kind == EmulatorManagedIdentityKind.SystemAssigned) > 1)
        {
            _errors.Add("managedIdentities: at most one identity may be SystemAssigned (the emulated machine has one)");
        }

        Unique(result.Select(m => m.ObjectId), "managed identity object id");
        Unique(result.Select(m => m.ClientId), "managed identity client id");
        return result;
    }

    /// <param name="memberType">What holds the assignments: a role must allow it (<c>allowedMemberTypes</c>, §6).</param>
    private List<EmulatorAppRoleAssignment> Assignments(
        IReadOnlyList<EmulatorAppRoleAssignment>? assignments, IReadOnlyList<EmulatorApplication> apps, string where, EmulatorAppRoleMemberType memberType) =>
        [.. (assignments ?? []).Select(a =>
        {
            var clientId = Guid(a.ClientId, where, "appRoleAssignments clientId");
            var app = apps.FirstOrDefault(x => x.ClientId == clientId);
            if (app is null)
            {
                _errors.Add($"{where}: app role assignment names application '{a.ClientId}', which is not in the directory");
            }
            else if (app.AppRoles.FirstOrDefault(r => r.Value == a.RoleValue) is not { } role)
            {
                _errors.Add($"{where}: application '{app.Name}' has no app role '{a.RoleValue}'");
            }
            else if (!role.Allows(memberType))
            {
                _errors.Add($"{where}: app role '{role.Value}' of application '{app.Name}' cannot be assigned to {Members(memberType)} (allowedMemberTypes: {string.Join(", ", role.AllowedMemberTypes)})");
            }

            return a with { ClientId = clientId };
        })];

    private static string Members(EmulatorAppRoleMemberType memberType) =>
        memberType == EmulatorAppRoleMemberType.User ? "users or groups" : "applications or managed identities";

    private string Guid(string? value, string where, string field)
    {
        if (System.Guid.TryParse(value, out var guid))
        {
            return guid.ToString("D");
        }

        _errors.Add($"{where}: {field} '{value}' is not a GUID");
        return value ?? "";
    }

    private string TenantRef(string? value, IReadOnlySet<string> tenantIds, string where, string field)
    {
        var id = Guid(value, where, field);
        if (System.Guid.TryParse(value, out _) && !tenantIds.Contains(id))
        {
            _errors.Add($"{where}: {field} '{value}' is not a tenant in the directory");
        }

        return id;
    }

    private void Unique(IEnumerable<string> values, string what)
    {
        foreach (var duplicate in values.GroupBy(v => v, StringComparer.OrdinalIgnoreCase).Where(g => g.Count() > 1))
        {
            _errors.Add($"duplicate {what} '{duplicate.Key}'");
        }
    }
}
