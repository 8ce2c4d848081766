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
    IReadOnlyList<CookieSecret>? PreviousSecretList = null)
{
    /// <summary><c>cookie_previous_secrets</c>: still accepted for reading, never used for writing.</summary>
    public IReadOnlyList<CookieSecret> PreviousSecrets => PreviousSecretList ?? [];

    public string CsrfName => Name + "_csrf";
}
