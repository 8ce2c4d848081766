using Lanyard.Identity;
using Lanyard.Sessions;
using Microsoft.IdentityModel.JsonWebTokens;

namespace Lanyard.Authorization.Routes;

/// <summary>
/// Who a per-route rule judges: the session's <see cref="UserIdentity"/>, and the claims of its token, read only when
/// a rule asks for one (<c>scp</c>, <c>tid</c>, <c>azp</c>, any claim) and then once for the whole evaluation. A bearer
/// ticket's claims are its access token's. A browser session's are its ID token's, except <c>scp</c>: an ID token has
/// none, and the scopes the user granted are the access token's the provider issued with it (an opaque one reads as
/// unknown, so an allow rule on scopes does not apply and a deny rule does). Tokens are not validated again (they were
/// when the session was made), only parsed. No <c>HttpContext</c>, so every caller builds one the same way.
/// </summary>
internal sealed class RuleSubject(SessionTicket ticket)
{
    private const string Scopes = "scp";

    private Claims? _identityClaims;
    private Claims? _accessClaims;

    public UserIdentity Identity => ticket.Identity;

    /// <summary>Whether a token was parsed (for tests: a rule on groups alone must not parse it).</summary>
    public bool ClaimsWereRead => _identityClaims is not null || _accessClaims is not null;

    /// <summary>The values of <paramref name="name"/> (one per element of a list claim), or null when the token cannot be read.</summary>
    public IReadOnlyList<string>? Claim(string name)
    {
        var claims = ticket.IsFromBearerToken || name == Scopes
            ? _accessClaims ??= Claims.Of(ticket.Tokens.AccessToken, absentIsUnknown: !ticket.IsFromBearerToken && ticket.Tokens.IdToken is not null)
            : _identityClaims ??= Claims.Of(ticket.Tokens.IdToken, absentIsUnknown: false);
        return claims.Lookup is { } lookup ? [.. lookup[name]] : null;
    }

    /// <summary>One token's claims; a null lookup when it cannot be read.</summary>
    private sealed record Claims(ILookup<string, string>? Lookup)
    {
        private static readonly Claims None = new(Array.Empty<(string, string)>().ToLookup(c => c.Item1, c => c.Item2, StringComparer.Ordinal));
        private static readonly Claims Unreadable = new((ILookup<string, string>?)null);

        /// <param name="absentIsUnknown">
        /// A session from a provider that issued no access token proves nothing about scopes; a password user's
        /// session (no tokens at all) is known to carry no claims.
        /// </param>
        public static Claims Of(string? token, bool absentIsUnknown)
        {
            if (token is null)
            {
                return absentIsUnknown ? Unreadable : None;
            }

            try
            {
                return new(new JsonWebToken(token).Claims.ToLookup(c => c.Type, c => c.Value, StringComparer.Ordinal));
            }
            catch (ArgumentException)
            {
                // Validated when the session was made; one that does not parse now proves nothing, either way.
                return Unreadable;
            }
        }
    }
}
