namespace Lanyard.Emulator.Tokens;

/// <summary>
/// The <c>roles</c> of an app-only token for a directory API: the API's app roles granted to the calling service
/// principal (an application or a managed identity) in its <c>appRoleAssignments</c> (entra-protocol.md §6).
/// </summary>
internal static class GrantedAppRoles
{
    // Re-read against the API: a role it no longer defines, or no longer lets applications hold (its registration
    // changed since the grant), is not issued.
    public static List<string> On(EmulatorApplication api, IEnumerable<EmulatorAppRoleAssignment> assignments) =>
        [.. assignments
            .Where(a => string.Equals(a.ClientId, api.ClientId, StringComparison.OrdinalIgnoreCase))
            .Select(a => a.RoleValue)
            .Where(v => api.AppRoles.Any(r => string.Equals(r.Value, v, StringComparison.Ordinal) && r.Allows(EmulatorAppRoleMemberType.Application)))
            .Distinct(StringComparer.Ordinal)];
}
