namespace Lanyard.Configuration;

/// <summary>Who may pass once signed in.</summary>
internal sealed record AccessOptions(IReadOnlyList<string> EmailDomains, IReadOnlyList<string> AllowedGroups, IReadOnlyList<string> AllowedRoles);
