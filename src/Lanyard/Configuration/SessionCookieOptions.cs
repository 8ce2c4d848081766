namespace Lanyard.Configuration;

/// <summary>How the session cookie and the sign-in (CSRF) cookie are written.</summary>
internal sealed record SessionCookieOptions(
    string Name,
    CookieSecret Secret,
    string Path,
    TimeSpan Expire,
    TimeSpan Refresh,
    bool Secure,
    bool HttpOnly,
    SameSiteMode SameSite,
    TimeSpan CsrfExpire,
    IReadOnlyList<CookieSecret>? PreviousSecretList = null,
    bool CsrfPerRequest = false)
{
    /// <summary><c>cookie_previous_secrets</c>: still accepted for reading, never used for writing.</summary>
    public IReadOnlyList<CookieSecret> PreviousSecrets => PreviousSecretList ?? [];

    public string CsrfName => Name + "_csrf";

    /// <summary>True for <c>{cookie_name}_csrf</c> and the per-request <c>{cookie_name}_{8 characters}_csrf</c>.</summary>
    public bool IsSignInCookieName(string name) =>
        name == CsrfName
        || (name.Length == Name.Length + 14 && name.StartsWith(Name + "_", StringComparison.Ordinal) && name.EndsWith("_csrf", StringComparison.Ordinal));
}
