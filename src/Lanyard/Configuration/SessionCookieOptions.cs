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
    TimeSpan CsrfExpire)
{
    public string CsrfName => Name + "_csrf";
}
