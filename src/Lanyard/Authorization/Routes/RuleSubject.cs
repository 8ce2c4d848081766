using Lanyard.Identity;
using Lanyard.Sessions;
using Microsoft.IdentityModel.JsonWebTokens;

namespace Lanyard.Authorization.Routes;

/// <summary>
/// Who a per-route rule judges: the session's <see cref="UserIdentity"/>, and the claims of its token, read only when
/// a rule asks for one (<c>scp</c>, <c>tid</c>, <c>azp</c>, any claim) and then once for the whole evaluation. The token
/// is a bearer ticket's access token, any other ticket's ID token; it is not validated again (it was when the session
/// was made), only parsed. No <c>HttpContext</c>, so every caller builds one the same way.
/// </summary>
internal sealed class RuleSubject(SessionTicket ticket)
{
    private ILookup<string, string>? _claims;
    private bool _unreadable;

    public UserIdentity Identity => ticket.Identity;

    /// <summary>Whether the token was parsed (for tests: a rule on groups alone must not parse it).</summary>
    public bool ClaimsWereRead => _claims is not null || _unreadable;

    /// <summary>The values of <paramref name="name"/> (one per element of a list claim), or null when the token cannot be read.</summary>
    public IReadOnlyList<string>? Claim(string name)
    {
        if (_claims is null && !_unreadable)
        {
            Read();
        }

        return _unreadable ? null : [.. _claims![name]];
    }

    private void Read()
    {
        var token = ticket.IsFromBearerToken ? ticket.Tokens.AccessToken : ticket.Tokens.IdToken;
        if (token is null)
        {
            // No token at all (a password user's session): known to carry no claims, not unknown.
            _claims = Array.Empty<(string, string)>().ToLookup(c => c.Item1, c => c.Item2, StringComparer.Ordinal);
            return;
        }

        try
        {
            _claims = new JsonWebToken(token).Claims.ToLookup(c => c.Type, c => c.Value, StringComparer.Ordinal);
        }
        catch (ArgumentException)
        {
            // Validated when the session was made; one that does not parse now proves nothing, either way.
            _unreadable = true;
        }
    }
}
