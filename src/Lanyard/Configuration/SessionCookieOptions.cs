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
    bool CsrfPerRequest = false,
    IReadOnlyList<string>? Domains = null,
    SameSiteMode? CsrfSameSite = null)
{
    /// <summary><c>cookie_previous_secrets</c>: still accepted for reading, never used for writing.</summary>
    public IReadOnlyList<CookieSecret> PreviousSecrets => PreviousSecretList ?? [];

    public string CsrfName => Name + "_csrf";

    /// <summary><c>cookie_csrf_per_request_limit</c>: with per-request sign-in cookies, how many a browser keeps (the oldest go); 0 = no limit.</summary>
    public int CsrfPerRequestLimit { get; init; }

    /// <summary><c>session_cookie_minimal</c>: the cookie store keeps the identity and drops the provider's tokens.</summary>
    public bool Minimal { get; init; }

    /// <summary>When a session made at <paramref name="now"/> ends: after cookie_expire, or never (0, as oauth2-proxy's browser-session cookie).</summary>
    public DateTimeOffset ExpiresAt(DateTimeOffset now) => Expire == TimeSpan.Zero ? DateTimeOffset.MaxValue : now + Expire;

    /// <summary>True for <c>{cookie_name}_csrf</c> and the per-request <c>{cookie_name}_{8 characters}_csrf</c>.</summary>
    public bool IsSignInCookieName(ReadOnlySpan<char> name) =>
        name.SequenceEqual(CsrfName)
        || (name.Length == Name.Length + 14 && name.StartsWith(Name, StringComparison.Ordinal) && name[Name.Length] == '_' && name.EndsWith("_csrf", StringComparison.Ordinal));

    /// <summary>
    /// Whether a session is over: its own expiry, or the one today's <c>cookie_expire</c> gives, so lowering the
    /// option shortens existing sessions. Every session store asks this on every load.
    /// </summary>
    public bool HasEnded(Sessions.SessionTicket session, DateTimeOffset now) =>
        session.IsExpiredAt(now) || (Expire > TimeSpan.Zero && now >= session.CreatedAt + Expire);

    /// <summary>Attributes of the session cookie (and its parts) for a response to <paramref name="request"/>.</summary>
    public CookieOptions SessionCookie(HttpRequest request, TimeSpan? maxAge) => new()
    {
        Path = Path,
        Domain = DomainFor(request.Host),
        Secure = Secure,
        HttpOnly = HttpOnly,
        SameSite = SameSite,
        // cookie_expire = 0 means a browser-session cookie, as in oauth2-proxy.
        MaxAge = Expire == TimeSpan.Zero || maxAge is null ? null : maxAge,
        IsEssential = true,
    };

    /// <summary>
    /// Attributes of a sign-in cookie: always HttpOnly, and SameSite=Lax even when the session cookie is Strict,
    /// because the provider's redirect back is a cross-site navigation a Strict cookie would not come with.
    /// <c>cookie_csrf_samesite</c> may say lax or none (never strict, refused at startup).
    /// </summary>
    public CookieOptions SignInCookie(HttpRequest request, TimeSpan? maxAge) => new()
    {
        Path = Path,
        Domain = DomainFor(request.Host),
        Secure = Secure,
        HttpOnly = true,
        SameSite = CsrfSameSite ?? (SameSite == SameSiteMode.None ? SameSiteMode.None : SameSiteMode.Lax),
        MaxAge = maxAge,
        IsEssential = true,
    };

    /// <summary>
    /// <c>cookie_domains</c>, as oauth2-proxy picks: the longest entry the request's host is in; if none, the
    /// shortest entry; with none configured, no Domain attribute (a host-only cookie).
    /// </summary>
    public string? DomainFor(HostString host)
    {
        if (Domains is not { Count: > 0 } domains)
        {
            return null;
        }

        var requestHost = host.Host.ToLowerInvariant();
        var byLength = domains.OrderByDescending(d => d.TrimStart('.').Length).ToList();
        foreach (var domain in byLength)
        {
            var bare = domain.TrimStart('.').ToLowerInvariant();
            if (requestHost == bare || requestHost.EndsWith("." + bare, StringComparison.Ordinal))
            {
                return domain;
            }
        }

        return byLength[^1];
    }
}
