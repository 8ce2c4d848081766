using System.Collections.Concurrent;
using System.Collections.Frozen;
using Lanyard.Emulator.Loading;

namespace Lanyard.Emulator;

/// <summary>
/// The emulator's directory: tenants, groups and users are fixed once built; applications can be added while the
/// emulator runs, so a test can register the relying party it is about to exercise. Registered as a singleton.
/// </summary>
public sealed class EmulatorDirectory
{
    private readonly FrozenDictionary<string, EmulatorTenant> _tenantsById;
    private readonly FrozenDictionary<string, EmulatorTenant> _tenantsByDomain;
    private readonly FrozenDictionary<string, EmulatorGroup> _groupsById;
    private readonly FrozenDictionary<string, EmulatorUser> _usersById;
    private readonly FrozenDictionary<string, EmulatorUser> _usersByName;
    private readonly ConcurrentDictionary<string, EmulatorApplication> _applications = new(StringComparer.OrdinalIgnoreCase);

    /// <summary>Builds a directory; every id is checked and GUIDs are normalised to lower-case "D" form.</summary>
    /// <exception cref="ArgumentException">The data is inconsistent; the message lists every problem.</exception>
    public EmulatorDirectory(
        IEnumerable<EmulatorTenant> tenants,
        IEnumerable<EmulatorGroup> groups,
        IEnumerable<EmulatorUser> users,
        IEnumerable<EmulatorApplication> applications)
    {
        ArgumentNullException.ThrowIfNull(tenants);
        ArgumentNullException.ThrowIfNull(groups);
        ArgumentNullException.ThrowIfNull(users);
        ArgumentNullException.ThrowIfNull(applications);

        var checker = new ValidateDirectory();
        Tenants = checker.Tenants([.. tenants]);
        var tenantIds = Tenants.Select(t => t.Id).ToHashSet(StringComparer.Ordinal);
        var apps = checker.Applications([.. applications], tenantIds);
        Groups = checker.Groups([.. groups], tenantIds, apps);
        Users = checker.Users([.. users], tenantIds, Groups, apps);
        checker.ThrowIfInvalid();

        _tenantsById = Tenants.ToFrozenDictionary(t => t.Id, StringComparer.OrdinalIgnoreCase);
        _tenantsByDomain = Tenants.ToFrozenDictionary(t => t.Domain, StringComparer.OrdinalIgnoreCase);
        _groupsById = Groups.ToFrozenDictionary(g => g.ObjectId, StringComparer.OrdinalIgnoreCase);
        _usersById = Users.ToFrozenDictionary(u => u.ObjectId, StringComparer.OrdinalIgnoreCase);
        _usersByName = Users.ToFrozenDictionary(u => u.UserPrincipalName, StringComparer.OrdinalIgnoreCase);
        foreach (var app in apps)
        {
            _applications[app.ClientId] = app;
        }
    }

    public IReadOnlyList<EmulatorTenant> Tenants { get; }

    public IReadOnlyList<EmulatorGroup> Groups { get; }

    public IReadOnlyList<EmulatorUser> Users { get; }

    /// <summary>A snapshot of the registered applications, ordered by display name.</summary>
    public IReadOnlyList<EmulatorApplication> Applications =>
        [.. _applications.Values.OrderBy(a => a.Name, StringComparer.OrdinalIgnoreCase)];

    /// <summary>Reads a directory from a JSON file (format: directory.example.json).</summary>
    /// <exception cref="EmulatorDirectoryException">The file is missing, malformed or inconsistent; the message names the file.</exception>
    public static EmulatorDirectory Load(string path) => DirectoryFileReader.Read(path);

    /// <summary>Registers an application (for tests). Its home tenant must exist and its client id must be new.</summary>
    /// <returns>The application as stored, with its GUIDs normalised.</returns>
    /// <exception cref="ArgumentException">The registration is invalid; the message lists every problem.</exception>
    public EmulatorApplication AddApplication(EmulatorApplication application)
    {
        ArgumentNullException.ThrowIfNull(application);
        var checker = new ValidateDirectory();
        var app = checker.Application(application, _tenantsById.Keys.ToHashSet(StringComparer.Ordinal));
        checker.ThrowIfInvalid();
        if (!_applications.TryAdd(app.ClientId, app))
        {
            throw new ArgumentException($"An application with client id '{app.ClientId}' is already registered.", nameof(application));
        }

        return app;
    }

    /// <summary>A tenant by GUID or by domain (case-insensitive).</summary>
    public EmulatorTenant? FindTenant(string idOrDomain) =>
        _tenantsById.GetValueOrDefault(idOrDomain) ?? _tenantsByDomain.GetValueOrDefault(idOrDomain);

    /// <summary>A user by user principal name or email (case-insensitive), as typed into a sign-in box.</summary>
    public EmulatorUser? FindUser(string userPrincipalNameOrEmail) =>
        _usersByName.GetValueOrDefault(userPrincipalNameOrEmail)
        ?? Users.FirstOrDefault(u => string.Equals(u.Email, userPrincipalNameOrEmail, StringComparison.OrdinalIgnoreCase));

    public EmulatorUser? FindUserByObjectId(string objectId) => _usersById.GetValueOrDefault(objectId);

    public EmulatorApplication? FindApplication(string clientId) => _applications.GetValueOrDefault(clientId);

    /// <summary>The values of the app roles the user holds on the application, directly or through a group.</summary>
    internal IReadOnlyList<string> RolesOf(EmulatorUser user, EmulatorApplication application)
    {
        var viaGroups = user.GroupIds
            .Select(id => _groupsById.GetValueOrDefault(id))
            .OfType<EmulatorGroup>()
            .SelectMany(g => g.AppRoleAssignments);
        return [.. user.AppRoleAssignments
            .Concat(viaGroups)
            .Where(a => string.Equals(a.ClientId, application.ClientId, StringComparison.OrdinalIgnoreCase))
            .Select(a => a.RoleValue)
            .Distinct(StringComparer.Ordinal)];
    }
}
