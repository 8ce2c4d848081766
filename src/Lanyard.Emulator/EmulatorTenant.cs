namespace Lanyard.Emulator;

/// <summary>A tenant: its GUID and the verified domain that resolves to it (tokens always carry the GUID).</summary>
public sealed record EmulatorTenant
{
    public required string Id { get; init; }

    public required string Domain { get; init; }

    public string? DisplayName { get; init; }

    /// <summary>
    /// Domains the tenant has verified besides <see cref="Domain"/>. A domain is verified in one tenant only; the
    /// <c>xms_edov</c> optional claim says whether a user's email domain is one of their own tenant's.
    /// </summary>
    public IReadOnlyList<string> VerifiedDomains { get; init; } = [];

    /// <summary>Whether <paramref name="domain"/> is <see cref="Domain"/> or one of <see cref="VerifiedDomains"/>.</summary>
    internal bool HasVerified(string domain) =>
        string.Equals(domain, Domain, StringComparison.OrdinalIgnoreCase) || VerifiedDomains.Contains(domain, StringComparer.OrdinalIgnoreCase);

    internal string Name => string.IsNullOrWhiteSpace(DisplayName) ? Domain : DisplayName;

    /// <summary>
    /// The personal Microsoft accounts tenant is recognised by its fixed GUID, as in Entra (§4.4), so a directory file
    /// needs no extra flag: a tenant with id <c>9188040d-…</c> is the one <c>consumers</c> names.
    /// </summary>
    internal bool IsPersonalAccounts => string.Equals(Id, WellKnownIds.PersonalAccountsTenantId, StringComparison.OrdinalIgnoreCase);
}
