using System.Collections.Concurrent;
using System.Collections.Frozen;
using System.Security.Cryptography.X509Certificates;
using Lanyard.Emulator.Loading;

namespace Lanyard.Emulator;

/// <summary>
/// The emulator's directory: tenants, groups, directory roles, users and managed identities are fixed once built;
/// applications (and their credentials) can be added while the emulator runs, so a test can register the relying
/// party it is about to exercise. Registered as a singleton.
/// </summary>
public sealed class EmulatorDirectory
{
    private readonly FrozenDictionary<string, EmulatorTenant> _tenantsById;
    private readonly FrozenDictionary<string, EmulatorTenant> _tenantsByDomain;
    private readonly FrozenDictionary<string, EmulatorGroup> _groupsById;
    private readonly FrozenDictionary<string, EmulatorDirectoryRole> _rolesById;
    private readonly FrozenDictionary<string, EmulatorUser> _usersById;
    private readonly FrozenDictionary<string, EmulatorUser> _usersByName;
    private readonly ConcurrentDictionary<string, EmulatorApplication> _applications = new(StringComparer.OrdinalIgnoreCase);

    /// <summary>Builds a directory without directory roles or managed identities.</summary>
    /// <exception cref="ArgumentException">The data is inconsistent; the message lists every problem.</exception>
    public EmulatorDirectory(
        IEnumerable<EmulatorTenant> tenants,
        IEnumerable<EmulatorGroup> groups,
        IEnumerable<EmulatorUser> users,
        IEnumerable<EmulatorApplication> applications)
        : this(tenants, groups, users, applications, [], [])
    {
    }

    /// <summary>Builds a directory; every id is checked and GUIDs are normalised to lower-case "D" form.</summary>
    /// <exception cref="ArgumentException">The data is inconsistent; the message lists every problem.</exception>
    public EmulatorDirectory(
        IEnumerable<EmulatorTenant> tenants,
        IEnumerable<EmulatorGroup> groups,
        IEnumerable<EmulatorUser> users,
        IEnumerable<EmulatorApplication> applications,
        IEnumerable<EmulatorDirectoryRole> directoryRoles,
        IEnumerable<EmulatorManagedIdentity> managedIdentities)
    {
        ArgumentNullException.ThrowIfNull(tenants);
        ArgumentNullException.ThrowIfNull(groups);
        ArgumentNullException.ThrowIfNull(users);
        ArgumentNullException.ThrowIfNull(applications);
        ArgumentNullException.ThrowIfNull(directoryRoles);
        ArgumentNullException.ThrowIfNull(managedIdentities);

        var checker = new ValidateDirectory();
        Tenants = checker.Tenants([.. tenants]);
        var tenantIds = Tenants.Select(t => t.Id).ToHashSet(StringComparer.Ordinal);
        var apps = checker.Applications([.. applications], tenantIds);
        Groups = checker.Groups([.. groups], tenantIds, apps);
        DirectoryRoles = checker.DirectoryRoles([.. directoryRoles], tenantIds);
        Users = checker.Users([.. users], tenantIds, Groups, DirectoryRoles, apps);
        ManagedIdentities = checker.ManagedIdentities([.. managedIdentities], tenantIds);
        checker.ThrowIfInvalid();

        _tenantsById = Tenants.ToFrozenDictionary(t => t.Id, StringComparer.OrdinalIgnoreCase);
        _tenantsByDomain = Tenants.ToFrozenDictionary(t => t.Domain, StringComparer.OrdinalIgnoreCase);
        _groupsById = Groups.ToFrozenDictionary(g => g.ObjectId, StringComparer.OrdinalIgnoreCase);
        _rolesById = DirectoryRoles.ToFrozenDictionary(r => r.ObjectId, StringComparer.OrdinalIgnoreCase);
        _usersById = Users.ToFrozenDictionary(u => u.ObjectId, StringComparer.OrdinalIgnoreCase);
        _usersByName = Users.ToFrozenDictionary(u => u.UserPrincipalName, StringComparer.OrdinalIgnoreCase);
        foreach (var app in apps)
        {
            _applications[app.ClientId] = app;
        }
    }

    public IReadOnlyList<EmulatorTenant> Tenants { get; }

    public IReadOnlyList<EmulatorGroup> Groups { get; }

    public IReadOnlyList<EmulatorDirectoryRole> DirectoryRoles { get; }

    public IReadOnlyList<EmulatorUser> Users { get; }

    public IReadOnlyList<EmulatorManagedIdentity> ManagedIdentities { get; }

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
        var app = Checked(application);
        if (!_applications.TryAdd(app.ClientId, app))
        {
            throw new ArgumentException($"An application with client id '{app.ClientId}' is already registered.", nameof(application));
        }

        return app;
    }

    /// <summary>Adds a certificate whose key may sign the application's client assertions (only its public part is kept).</summary>
    /// <returns>The application as now stored.</returns>
    /// <exception cref="ArgumentException">No such application, or the certificate has no RSA key.</exception>
    public EmulatorApplication AddCertificate(string clientId, X509Certificate2 certificate)
    {
        ArgumentNullException.ThrowIfNull(certificate);
        var encoded = Convert.ToBase64String(certificate.RawData);
        return Update(clientId, app => app with { Certificates = [.. app.Certificates, encoded] });
    }

    /// <summary>Adds a federated identity credential to the application.</summary>
    /// <returns>The application as now stored.</returns>
    /// <exception cref="ArgumentException">No such application, or the credential is invalid (name taken, more than 20, …).</exception>
    public EmulatorApplication AddFederatedIdentityCredential(string clientId, EmulatorFederatedIdentityCredential credential)
    {
        ArgumentNullException.ThrowIfNull(credential);
        return Update(clientId, app => app with { FederatedIdentityCredentials = [.. app.FederatedIdentityCredentials, credential] });
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

    public EmulatorGroup? FindGroup(string objectId) => _groupsById.GetValueOrDefault(objectId);

    public EmulatorDirectoryRole? FindDirectoryRole(string objectId) => _rolesById.GetValueOrDefault(objectId);

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

    private EmulatorApplication Checked(EmulatorApplication application)
    {
        var checker = new ValidateDirectory();
        var app = checker.Application(application, _tenantsById.Keys.ToHashSet(StringComparer.Ordinal));
        checker.ThrowIfInvalid();
        return app;
    }

    // Records are immutable, so a credential is added by swapping the whole registration; TryUpdate retries when a
    // concurrent change got there first, so no addition is lost.
    private EmulatorApplication Update(string clientId, Func<EmulatorApplication, EmulatorApplication> change)
    {
        ArgumentNullException.ThrowIfNull(clientId);
        while (true)
        {
            if (!_applications.TryGetValue(clientId, out var current))
            {
                throw new ArgumentException($"No application with client id '{clientId}' is registered.", nameof(clientId));
            }

            var updated = Checked(change(current));
            if (_applications.TryUpdate(current.ClientId, updated, current))
            {
                return updated;
            }
        }
    }
}
