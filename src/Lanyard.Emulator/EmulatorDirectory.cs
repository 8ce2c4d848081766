using System.Collections.Concurrent;
using System.Collections.Frozen;
using System.Security.Cryptography.X509Certificates;
using Lanyard.Emulator.Loading;

namespace Lanyard.Emulator;

/// <summary>
/// The emulator's directory: tenants, groups, directory roles and managed identities are fixed once built (until a
/// watched directory file is reloaded, which swaps them all at once); applications (and their credentials) and users
/// can be added while the emulator runs, so a test can register the relying party it is about to exercise, or a user
/// the demo directory cannot express (a UPN Kubernetes would refuse, say). Registered as a singleton.
/// </summary>
public sealed class EmulatorDirectory
{
    // Everything read from the data lives in one snapshot, so a reloaded directory file replaces it in one write and
    // a request never sees half of the old directory and half of the new.
    private volatile Contents _contents;

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
        var checkedTenants = checker.Tenants([.. tenants]);
        var tenantIds = checkedTenants.Select(t => t.Id).ToHashSet(StringComparer.Ordinal);
        var apps = checker.Applications([.. applications], tenantIds);
        var checkedGroups = checker.Groups([.. groups], tenantIds, apps);
        var checkedRoles = checker.DirectoryRoles([.. directoryRoles], tenantIds);
        var checkedUsers = checker.Users([.. users], tenantIds, checkedGroups, checkedRoles, apps);
        var checkedIdentities = checker.ManagedIdentities([.. managedIdentities], tenantIds, apps);
        checker.ThrowIfInvalid();
        _contents = new Contents(checkedTenants, checkedGroups, checkedRoles, checkedUsers, checkedIdentities, apps);
    }

    public IReadOnlyList<EmulatorTenant> Tenants => _contents.Tenants;

    public IReadOnlyList<EmulatorGroup> Groups => _contents.Groups;

    public IReadOnlyList<EmulatorDirectoryRole> DirectoryRoles => _contents.DirectoryRoles;

    public IReadOnlyList<EmulatorUser> Users => _contents.Users;

    public IReadOnlyList<EmulatorManagedIdentity> ManagedIdentities => _contents.ManagedIdentities;

    /// <summary>A snapshot of the registered applications, ordered by display name.</summary>
    public IReadOnlyList<EmulatorApplication> Applications =>
        [.. _contents.Applications.Values.OrderBy(a => a.Name, StringComparer.OrdinalIgnoreCase)];

    /// <summary>Reads a directory from a JSON file (format: directory.example.json).</summary>
    /// <exception cref="EmulatorDirectoryException">The file is missing, malformed or inconsistent; the message names the file.</exception>
    public static EmulatorDirectory Load(string path) => DirectoryFileReader.Read(path);

    /// <summary>
    /// Takes on everything <paramref name="loaded"/> holds, in one step: what <c>--directory</c>'s watcher does when
    /// the file changes. Applications added at run time are dropped with the rest; the file is the directory now.
    /// </summary>
    internal void ReplaceWith(EmulatorDirectory loaded)
    {
        ArgumentNullException.ThrowIfNull(loaded);
        _contents = loaded._contents;
    }

    /// <summary>Registers an application (for tests). Its home tenant must exist and its client id must be new.</summary>
    /// <returns>The application as stored, with its GUIDs normalised.</returns>
    /// <exception cref="ArgumentException">The registration is invalid; the message lists every problem.</exception>
    public EmulatorApplication AddApplication(EmulatorApplication application)
    {
        ArgumentNullException.ThrowIfNull(application);
        var app = Checked(application);
        if (!_contents.Applications.TryAdd(app.ClientId, app))
        {
            throw new ArgumentException($"An application with client id '{app.ClientId}' is already registered.", nameof(application));
        }

        return app;
    }

    /// <summary>
    /// Adds a user (for tests), checked as a directory file's users are: its tenant, groups and directory roles must
    /// exist there, and its object id and user principal name must be new. Dropped, like added applications, when a
    /// watched directory file is reloaded.
    /// </summary>
    /// <returns>The user as stored, with its GUIDs normalised.</returns>
    /// <exception cref="ArgumentException">The user is invalid; the message lists every problem.</exception>
    public EmulatorUser AddUser(EmulatorUser user)
    {
        ArgumentNullException.ThrowIfNull(user);
        while (true)
        {
            var current = _contents;
            var checker = new ValidateDirectory();
            var users = checker.Users(
                [.. current.Users, user], current.TenantsById.Keys.ToHashSet(StringComparer.Ordinal), current.Groups, current.DirectoryRoles, [.. current.Applications.Values]);
            checker.ThrowIfInvalid();

            // One swap of the whole snapshot, as a reload does; a concurrent addition makes this one start over.
            if (Interlocked.CompareExchange(ref _contents, current.WithUsers(users), current) == current)
            {
                return users[^1];
            }
        }
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
        _contents.TenantsById.GetValueOrDefault(idOrDomain) ?? _contents.TenantsByDomain.GetValueOrDefault(idOrDomain);

    /// <summary>A user by user principal name or email (case-insensitive), as typed into a sign-in box.</summary>
    public EmulatorUser? FindUser(string userPrincipalNameOrEmail) =>
        _contents.UsersByName.GetValueOrDefault(userPrincipalNameOrEmail)
        ?? Users.FirstOrDefault(u => string.Equals(u.Email, userPrincipalNameOrEmail, StringComparison.OrdinalIgnoreCase));

    public EmulatorUser? FindUserByObjectId(string objectId) => _contents.UsersById.GetValueOrDefault(objectId);

    public EmulatorApplication? FindApplication(string clientId) => _contents.Applications.GetValueOrDefault(clientId);

    public EmulatorGroup? FindGroup(string objectId) => _contents.GroupsById.GetValueOrDefault(objectId);

    public EmulatorDirectoryRole? FindDirectoryRole(string objectId) => _contents.RolesById.GetValueOrDefault(objectId);

    /// <summary>The values of the app roles the user holds on the application, directly or through a group.</summary>
    internal IReadOnlyList<string> RolesOf(EmulatorUser user, EmulatorApplication application)
    {
        var viaGroups = user.GroupIds
            .Select(id => _contents.GroupsById.GetValueOrDefault(id))
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
        var app = checker.Application(application, _contents.TenantsById.Keys.ToHashSet(StringComparer.Ordinal));
        var others = _contents.Applications.Values.Where(a => !string.Equals(a.ClientId, app.ClientId, StringComparison.OrdinalIgnoreCase));
        app = checker.ApplicationAssignments(app, [app, .. others]);
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
            var applications = _contents.Applications;
            if (!applications.TryGetValue(clientId, out var current))
            {
                throw new ArgumentException($"No application with client id '{clientId}' is registered.", nameof(clientId));
            }

            var updated = Checked(change(current));
            if (applications.TryUpdate(current.ClientId, updated, current))
            {
                return updated;
            }
        }
    }

    private sealed class Contents
    {
        public Contents(
            IReadOnlyList<EmulatorTenant> tenants,
            IReadOnlyList<EmulatorGroup> groups,
            IReadOnlyList<EmulatorDirectoryRole> directoryRoles,
            IReadOnlyList<EmulatorUser> users,
            IReadOnlyList<EmulatorManagedIdentity> managedIdentities,
            IEnumerable<EmulatorApplication> applications)
        {
            Tenants = tenants;
            Groups = groups;
            DirectoryRoles = directoryRoles;
            Users = users;
            ManagedIdentities = managedIdentities;
            TenantsById = tenants.ToFrozenDictionary(t => t.Id, StringComparer.OrdinalIgnoreCase);
            TenantsByDomain = tenants.ToFrozenDictionary(t => t.Domain, StringComparer.OrdinalIgnoreCase);
            GroupsById = groups.ToFrozenDictionary(g => g.ObjectId, StringComparer.OrdinalIgnoreCase);
            RolesById = directoryRoles.ToFrozenDictionary(r => r.ObjectId, StringComparer.OrdinalIgnoreCase);
            UsersById = users.ToFrozenDictionary(u => u.ObjectId, StringComparer.OrdinalIgnoreCase);
            UsersByName = users.ToFrozenDictionary(u => u.UserPrincipalName, StringComparer.OrdinalIgnoreCase);
            foreach (var app in applications)
            {
                Applications[app.ClientId] = app;
            }
        }

        // The same applications, so one added meanwhile is kept.
        private Contents(Contents from, IReadOnlyList<EmulatorUser> users)
        {
            Tenants = from.Tenants;
            Groups = from.Groups;
            DirectoryRoles = from.DirectoryRoles;
            Users = users;
            ManagedIdentities = from.ManagedIdentities;
            TenantsById = from.TenantsById;
            TenantsByDomain = from.TenantsByDomain;
            GroupsById = from.GroupsById;
            RolesById = from.RolesById;
            UsersById = users.ToFrozenDictionary(u => u.ObjectId, StringComparer.OrdinalIgnoreCase);
            UsersByName = users.ToFrozenDictionary(u => u.UserPrincipalName, StringComparer.OrdinalIgnoreCase);
            Applications = from.Applications;
        }

        public IReadOnlyList<EmulatorTenant> Tenants { get; }

        public IReadOnlyList<EmulatorGroup> Groups { get; }

        public IReadOnlyList<EmulatorDirectoryRole> DirectoryRoles { get; }

        public IReadOnlyList<EmulatorUser> Users { get; }

        public IReadOnlyList<EmulatorManagedIdentity> ManagedIdentities { get; }

        public FrozenDictionary<string, EmulatorTenant> TenantsById { get; }

        public FrozenDictionary<string, EmulatorTenant> TenantsByDomain { get; }

        public FrozenDictionary<string, EmulatorGroup> GroupsById { get; }

        public FrozenDictionary<string, EmulatorDirectoryRole> RolesById { get; }

        public FrozenDictionary<string, EmulatorUser> UsersById { get; }

        public FrozenDictionary<string, EmulatorUser> UsersByName { get; }

        public ConcurrentDictionary<string, EmulatorApplication> Applications { get; } = new(StringComparer.OrdinalIgnoreCase);

        public Contents WithUsers(IReadOnlyList<EmulatorUser> users) => new(this, users);
    }
}
