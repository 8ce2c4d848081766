using System.Collections.Frozen;
using System.Globalization;
using System.Text;
using Lanyard.Configuration;
using Lanyard.Sessions;
using Microsoft.IdentityModel.JsonWebTokens;

namespace Lanyard.Headers;

/// <summary>
/// The one table of claim → header rows (<see cref="HeaderOptions"/>, from the legacy flags or alpha config). The
/// proxy's request headers and the forward-auth answer both render their values here, so a header cannot carry one
/// thing upstream and another to a gateway, and a fix to how a value is rendered lands once.
/// </summary>
internal sealed class IdentityHeaderTable
{
    private readonly IdentityTokenIssuer? _identityTokens;

    /// <param name="identityTokens">The signed identity token's issuer (<c>identity_token_header</c>), or null when it is off.</param>
    public IdentityHeaderTable(HeaderOptions options, IdentityTokenIssuer? identityTokens = null)
    {
        _identityTokens = identityTokens;
        Request = options.Request;
        Response = options.Response;
        IdentityTokenHeader = identityTokens?.HeaderName;
        // The token header is always the client's to lose, like the reserved names: skip_auth_strip_headers never keeps it.
        StrippedFromRequests = IdentityHeaderNames.Reserved
            .Concat(options.Request.Where(h => !h.PreserveRequestValue).Select(h => IdentityHeaderNames.Normalize(h.Name)))
            .Concat(identityTokens is null ? [] : [IdentityHeaderNames.Normalize(identityTokens.HeaderName)])
            .ToFrozenSet(StringComparer.Ordinal);
    }

    /// <summary><c>identity_token_header</c>, or null when Lanyard sends no identity token.</summary>
    public string? IdentityTokenHeader { get; }

    /// <summary>
    /// Sets the identity token header (when configured) to the signed token for a session. Without one
    /// (<paramref name="ticket"/> null, or a session that has just ended) the header is empty when
    /// <paramref name="emptyWhenNone"/> (a forward-auth answer, which a gateway copies by name over the client's
    /// forgery), else left out.
    /// </summary>
    public void SetIdentityToken(IHeaderDictionary headers, SessionTicket? ticket, bool emptyWhenNone)
    {
        if (_identityTokens is null)
        {
            return;
        }

        var token = ticket is null ? "" : _identityTokens.TokenFor(ticket);
        if (token.Length > 0 || emptyWhenNone)
        {
            headers[_identityTokens.HeaderName] = token;
        }
    }

    /// <summary>Headers added to requests Lanyard forwards (oauth2-proxy's <c>injectRequestHeaders</c>).</summary>
    public IReadOnlyList<InjectedHeader> Request { get; }

    /// <summary>Headers on forward-auth answers, for the gateway to pass on (<c>injectResponseHeaders</c>).</summary>
    public IReadOnlyList<InjectedHeader> Response { get; }

    /// <summary>Header names (normalized: lower case, <c>_</c> as <c>-</c>) whose client-sent copies never reach an upstream.</summary>
    public FrozenSet<string> StrippedFromRequests { get; }

    /// <summary>The header's value for this session: its parts comma-joined, control characters removed; null when no part has a value.</summary>
    public static string? Render(InjectedHeader header, SessionTicket ticket)
    {
        string? single = null;
        StringBuilder? joined = null;
        foreach (var source in header.Values)
        {
            if (RenderPart(source, ticket) is not { Length: > 0 } part)
            {
                continue;
            }

            if (single is null)
            {
                single = part;
            }
            else
            {
                (joined ??= new StringBuilder(single)).Append(',').Append(part);
            }
        }

        return joined?.ToString() ?? single;
    }

    private static string? RenderPart(HeaderValueSource source, SessionTicket ticket) => source switch
    {
        HeaderValueSource.Fixed fixedValue => HeaderValues.Safe(fixedValue.Value.Reveal()),
        HeaderValueSource.Claim { BasicAuth: true } claim when ClaimValue(claim.Name, ticket) is { } user =>
            "Basic " + Convert.ToBase64String(Encoding.UTF8.GetBytes(user + ":" + claim.BasicAuthPassword?.Reveal())),
        HeaderValueSource.Claim claim when ClaimValue(claim.Name, ticket) is { Length: > 0 } value => claim.Prefix + value,
        _ => null,
    };

    /// <summary>
    /// A claim's value as header text. The session's own fields first (what oauth2-proxy's sessions hold); any other
    /// name is read from the ID token (a bearer request: its access token), which costs a parse only when configured.
    /// </summary>
    public static string? ClaimValue(string claim, SessionTicket ticket)
    {
        var identity = ticket.Identity;
        return claim switch
        {
            "user" => HeaderValues.Safe(identity.User),
            "email" => identity.Email is { } email ? HeaderValues.Safe(email) : null,
            "preferred_username" => identity.PreferredUsername is { } name ? HeaderValues.Safe(name) : null,
            // oauth2-proxy flattens multi-valued headers into one comma-joined value.
            "groups" => identity.Groups.Count > 0 ? HeaderValues.Join(identity.Groups) : null,
            "roles" => identity.Roles.Count > 0 ? HeaderValues.Join(identity.Roles) : null,
            "id_token" => ticket.Tokens.IdToken,
            "access_token" => ticket.Tokens.AccessToken,
            "refresh_token" => ticket.Tokens.RefreshToken,
            "created_at" => ticket.CreatedAt.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture),
            "expires_on" => (ticket.Tokens.AccessTokenExpiresAt ?? ticket.ExpiresAt).ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture),
            _ => TokenClaim(claim, ticket.Tokens.IdToken ?? ticket.Tokens.AccessToken),
        };
    }

    private static string? TokenClaim(string claim, string? token)
    {
        if (token is null)
        {
            return null;
        }

        try
        {
            var values = new JsonWebToken(token).Claims.Where(c => c.Type == claim).Select(c => c.Value).ToList();
            return values.Count > 0 ? HeaderValues.Join(values) : null;
        }
        catch (ArgumentException)
        {
            // Validated when it was issued to the session; a token that does not parse now has no claims to give.
            return null;
        }
    }

    /// <summary>oauth2-proxy's <c>GAP-Auth</c>: the email, or the user id when there is no (trusted) email.</summary>
    public static string GapAuth(SessionTicket ticket) => HeaderValues.Safe(ticket.Identity.Email ?? ticket.Identity.User);
}
