namespace Lanyard.Configuration;

/// <summary>Where <c>rd=</c> may send a user after sign-in or sign-out, beyond the host they came to.</summary>
internal sealed record RedirectOptions(IReadOnlyList<string> WhitelistDomains);
