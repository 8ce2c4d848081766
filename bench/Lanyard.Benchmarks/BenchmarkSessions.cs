using Lanyard.Identity;
using Lanyard.Sessions;
using Microsoft.AspNetCore.Http;

namespace Lanyard.Benchmarks;

/// <summary>What the session benchmarks share: one realistic session, and the Cookie header a browser sends back.</summary>
internal static class BenchmarkSessions
{
    /// <summary>A realistic Entra session: ID, access and refresh tokens of typical sizes, a few groups, an app role.</summary>
    public static SessionTicket Ticket()
    {
        var now = TimeProvider.System.GetUtcNow();
        return new SessionTicket(
            new UserIdentity("XY9iPzSXrJ-KxFthrtDg4PXzfxJKQV_xGQeEZcQjOx4", "alice@contoso.test", "alice@contoso.test",
                ["ad315000-5c2a-4b7e-8f1d-334455667788", "0d3b1c2e-1111-4a5b-9c8d-7e6f5a4b3c2d"], ["Lanyard.Admin"]),
            now, now.AddHours(168),
            new SessionTokens(Token(1400), Token(1500), Token(900), now.AddHours(1)));
    }

    /// <summary>
    /// The Cookie header pairs for a response's Set-Cookie headers: the session may be one cookie or several parts;
    /// every one that carries a value, as a browser would send them (cleared parts are left out).
    /// </summary>
    public static string CookiePairsOf(HttpContext response) =>
        string.Join("; ", response.Response.Headers.SetCookie
            .Select(c => c![..c!.IndexOf(';', StringComparison.Ordinal)])
            .Where(pair => !pair.EndsWith('=')));

    private static string Token(int length) =>
        System.Buffers.Text.Base64Url.EncodeToString(System.Security.Cryptography.RandomNumberGenerator.GetBytes(length * 3 / 4 + 1))[..length];
}
