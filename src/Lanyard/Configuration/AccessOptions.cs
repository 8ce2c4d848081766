namespace Lanyard.Configuration;

/// <summary>Who may pass once signed in.</summary>
internal sealed record AccessOptions(IReadOnlyList<string> EmailDomains, IReadOnlyList<string> AllowedGroups, IReadOnlyList<string> AllowedRoles)
{
    /// <summary><c>authenticated_emails_file</c>: its path, or null.</summary>
    public string? AuthenticatedEmailsFile { get; init; }

    /// <summary>The addresses the file held at startup (lower-cased); the runtime list reads it again when it changes.</summary>
    public IReadOnlyList<string> AuthenticatedEmails { get; init; } = [];
}
