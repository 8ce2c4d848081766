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
        var name = NameFor(attempt.State);
        if (options.CsrfPerRequest && options.CsrfPerRequestLimit > 0)
        {
            ClearOldest(context, keep: options.CsrfPerRequestLimit - 1);
        }

        context.Response.Cookies.Append(name, _protector.Protect(plaintext, name), options.SignInCookie(context.Request, options.CsrfExpire));
    }

    /// <summary>
    /// cookie_csrf_per_request_limit: every abandoned tab leaves a sign-in cookie until it expires, and enough of
    /// them make requests too large to accept (431). Before a new one is set, the oldest go, so the browser holds
    /// at most the limit; one that no longer decrypts (or has expired) counts as oldest of all.
    /// </summary>
    private void ClearOldest(HttpContext context, int keep)
    {
        var existing = new List<(string Name, DateTimeOffset ExpiresAt)>();
        foreach (var cookie in new CookiePairs(context.Request.Headers.Cookie))
        {
            if (options.IsSignInCookieName(cookie.Name) && !cookie.Name.SequenceEqual(options.CsrfName))
            {
                var cookieName = cookie.Name.ToString();
                existing.Add((cookieName, Decode(cookieName, cookie.Value.ToString())?.ExpiresAt ?? DateTimeOffset.MinValue));
            }
        }

        foreach (var (name, _) in existing.OrderBy(c => c.ExpiresAt).Take(existing.Count - keep))
        {
            context.Response.Cookies.Delete(name, options.SignInCookie(context.Request, null));
        }
    }

    /// <summary>
    /// The attempt this browser started for <paramref name="state"/>, or null if there is none, it was tampered
    /// with, or it expired.
    /// </summary>
    public SignInAttempt? Read(HttpContext context, string state)
    {
        var name = NameFor(state);
        return OnlyValueOf(context.Request, name) is { } value && Decode(name, value) is { } attempt && attempt.ExpiresAt > time.GetUtcNow() ? attempt : null;
    }

    private SignInAttempt? Decode(string name, string value)
    {
        if (!_protector.TryUnprotect(value, name, out var plaintext))
        {
            return null;
        }

        try
        {
            return JsonSerializer.Deserialize(plaintext, SessionJsonContext.Default.SignInAttempt);
        }
        catch (JsonException)
        {
            return null;
        }
    }

    public void Clear(HttpContext context, string state) => context.Response.Cookies.Delete(NameFor(state), options.SignInCookie(context.Request, null));

    /// <summary>Expires the shared sign-in cookie and every per-request one the browser sent (at sign-out).</summary>
    public void ClearAll(HttpContext context)
    {
        var names = new HashSet<string>(StringComparer.Ordinal) { options.CsrfName };
        foreach (var cookie in new CookiePairs(context.Request.Headers.Cookie))
        {
            if (options.IsSignInCookieName(cookie.Name))
            {
                names.Add(cookie.Name.ToString());
            }
        }

        foreach (var name in names)
        {
            context.Response.Cookies.Delete(name, options.SignInCookie(context.Request, null));
        }
    }

    /// <summary>
    /// The value of the cookie named exactly <paramref name="name"/>; null when there is none or when two different
    /// values came under that name (a tossed sign-in cookie could log the victim in as the attacker: refuse it).
    /// </summary>
    private static string? OnlyValueOf(HttpRequest request, string name)
    {
        string? found = null;
        foreach (var cookie in new CookiePairs(request.Headers.Cookie))
        {
            if (!cookie.Name.SequenceEqual(name))
            {
                continue;
            }

            if (found is not null && !cookie.Value.SequenceEqual(found))
            {
                return null;
            }

            found ??= cookie.Value.ToString();
        }

        return found;
    }

    // cookie_csrf_per_request: oauth2-proxy's "{name}_{8 characters of the state's hash}_csrf", so sign-ins in
    // several tabs (or parallel AJAX) do not overwrite each other's cookie (oauth2-proxy #1283, #2897).
    private string NameFor(string state)
    {
        if (!options.CsrfPerRequest)
        {
            return options.CsrfName;
        }

        var hash = System.Buffers.Text.Base64Url.EncodeToString(System.Security.Cryptography.SHA256.HashData(System.Text.Encoding.UTF8.GetBytes(state)));
        return $"{options.Name}_{hash[..8]}_csrf";
    }
}
