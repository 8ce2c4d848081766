namespace Lanyard.Configuration;

/// <summary>
/// Where <c>rd=</c> may send a user after sign-in or sign-out, beyond the host they came to; and whether a browser
/// without a session sees the sign-in page (oauth2-proxy's default) or goes straight to the provider
/// (<c>skip_provider_button</c>).
/// </summary>
internal sealed record RedirectOptions(IReadOnlyList<string> WhitelistDomains, bool SkipProviderButton = false);
