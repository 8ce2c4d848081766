using System.Text.Json;
using Lanyard.Configuration;

namespace Lanyard.Sessions;

/// <summary>
/// The CSRF cookie (<c>{cookie_name}_csrf</c>) that carries a <see cref="SignInAttempt"/> from start to callback.
/// It is SameSite=Lax even when the session cookie is Strict: the provider's redirect back is a cross-site
/// navigation, and a Strict cookie would not come with it.
/// </summary>
internal sealed class SignInAttemptCookie(SessionCookieOptions options, TimeProvider time)
{
    private readonly CookieProtector _protector = CookieProtector.For(options, "csrf-cookie/v1");

    public void Write(HttpContext context, SignInAttempt attempt)
    {
        var plaintext = JsonSerializer.SerializeToUtf8Bytes(attempt, SessionJsonContext.Default.SignInAttempt);
        context.Response.Cookies.Append(options.CsrfName, _protector.Protect(plaintext, options.CsrfName), CookieOptions(options.CsrfExpire));
    }

    /// <summary>The attempt this browser started, or null if there is none, it was tampered with, or it expired.</summary>
    public SignInAttempt? Read(HttpContext context)
    {
        if (!context.Request.Cookies.TryGetValue(options.CsrfName, out var value)
            || !_protector.TryUnprotect(value, options.CsrfName, out var plaintext))
        {
            return null;
        }

        try
        {
            var attempt = JsonSerializer.Deserialize(plaintext, SessionJsonContext.Default.SignInAttempt);
            return attempt is not null && attempt.ExpiresAt > time.GetUtcNow() ? attempt : null;
        }
        catch (JsonException)
        {
            return null;
        }
    }

    public void Clear(HttpContext context) => context.Response.Cookies.Delete(options.CsrfName, CookieOptions(null));

    private CookieOptions CookieOptions(TimeSpan? maxAge) => new()
    {
        Path = options.Path,
        Secure = options.Secure,
        HttpOnly = true,
        SameSite = options.SameSite == SameSiteMode.None ? SameSiteMode.None : SameSiteMode.Lax,
        MaxAge = maxAge,
        IsEssential = true,
    };
}
