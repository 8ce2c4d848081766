namespace Lanyard.Emulator;

/// <summary>A user of one tenant: a member, or a B2B guest whose account lives in another tenant.</summary>
public sealed record EmulatorUser
{
    public required string ObjectId { get; init; }

    public required string TenantId { get; init; }

    public required string UserPrincipalName { get; init; }

    public required string DisplayName { get; init; }

    /// <summary>The mailbox address; null leaves the <c>email</c> claim out, as Entra does for users without a mailbox.</summary>
    public string? Email { get; init; }

    public IReadOnlyList<string> GroupIds { get; init; } = [];

    /// <summary>Directory roles the user holds; Graph's <c>transitiveMemberOf</c> lists them next to the groups (§5.3).</summary>
    public IReadOnlyList<string> DirectoryRoleIds { get; init; } = [];

    public IReadOnlyList<EmulatorAppRoleAssignment> AppRoleAssignments { get; init; } = [];

    /// <summary>
    /// A B2B guest: the tenant of the account that signs in (and proves the password). The user object here has its own
    /// object id and a <c>#EXT#</c> user principal name; its tokens carry <c>idp</c> (the home tenant's issuer), sign-in
    /// name claims from <see cref="Email"/>, and no <c>upn</c>.
    /// </summary>
    public string? GuestOfTenantId { get; init; }

    internal bool IsGuest => GuestOfTenantId is not null;

    /// <summary>What <c>preferred_username</c> and <c>unique_name</c> say: a guest's home address, a member's UPN.</summary>
    internal string SignInName => IsGuest ? Email ?? UserPrincipalName : UserPrincipalName;

    /// <summary>A guest's <c>idp</c>: its home tenant's v1.0 issuer, as Entra writes it.</summary>
    internal string? IdentityProvider => IsGuest ? $"https://sts.windows.net/{GuestOfTenantId}/" : null;

    internal bool IsPersonalAccount => string.Equals(TenantId, WellKnownIds.PersonalAccountsTenantId, StringComparison.OrdinalIgnoreCase);
}
