using Lanyard.Configuration;
using System.Collections.Frozen;
using Lanyard.Sessions;
using Microsoft.Extensions.Primitives;

namespace Lanyard.Headers;

/// <summary>
/// The headers stage for proxied requests. First remove what the client must not be able to assert or leak
/// upstream: every identity header and every header Lanyard injects (under any spelling; those configured with
/// <c>preserveRequestValue</c> excepted), Lanyard's own cookies (the session and its parts, the sign-in cookie, under
/// any case: a browser sends <c>_OAUTH2_PROXY</c> tossed from a sibling domain too), which an upstream has no use for
/// and should never be able to replay, and a bearer token Lanyard refused (issue 9, finding 3: the upstream must not
/// be the one to decide about it). Then add the table's request headers (<see cref="IdentityHeaderTable.Request"/>)
/// for the verified session. Works on the incoming request's headers, which YARP copies upstream.
/// </summary>
internal sealed class UpstreamIdentityHeaders(SessionCookieOptions cookies, IdentityHeaderTable table)
{
    public void Apply(IHeaderDictionary headers, SessionTicket ticket, bool bearerTokenRefused = false)
    {
        // A bearer token Lanyard verified is the caller's own credential for the API: it stays, unless a
        // configured Authorization header (pass_authorization_header, alpha config) has a value to replace it.
        var keepAuthorization = ticket.IsFromBearerToken && !bearerTokenRefused;
        var verifiedAuthorization = keepAuthorization ? headers.Authorization : default;
        StripClientHeaders(headers, table.StrippedFromRequests);
        StripLanyardCookies(headers);
        // A refused token, or an htpasswd user's Basic credentials (their password): never upstream; pass_basic_auth sends its own.
        if (bearerTokenRefused || ticket.Identity.SignedInWithPassword)
        {
            headers.Remove("Authorization");
        }
        else if (keepAuthorization)
        {
            headers.Authorization = verifiedAuthorization;
        }

        foreach (var header in table.Request)
        {
            // Absent rather than empty upstream: the client's copies are gone already, and apps test for presence.
            if (IdentityHeaderTable.Render(header, ticket) is not { Length: > 0 } value)
            {
                continue;
            }

            headers[header.Name] = header.PreserveRequestValue && headers.TryGetValue(header.Name, out var sent)
                ? StringValues.Concat(sent, value)
                : value;
        }

        table.SetIdentityToken(headers, ticket, emptyWhenNone: false);
    }

    /// <summary>
    /// A request that passes without an identity (a skipped route): the same stripping, nothing added, so a client
    /// cannot forge on a public path the identity it could not get on a private one. The identity token header is
    /// absent too, not empty: Envoy's jwt_authn (an Istio sidecar in front of the upstream) takes a present, empty
    /// header for a malformed token and would refuse the public request.
    /// </summary>
    public void ApplyAnonymous(IHeaderDictionary headers, bool bearerTokenRefused)
    {
        StripClientHeaders(headers, table.StrippedFromRequests);
        StripLanyardCookies(headers);
        if (bearerTokenRefused)
        {
            headers.Remove("Authorization");
        }
    }

    public static void StripClientIdentityHeaders(IHeaderDictionary headers) => StripClientHeaders(headers, IdentityHeaderNames.Reserved);

    private static void StripClientHeaders(IHeaderDictionary headers, FrozenSet<string> stripped)
    {
        // The pairs, not Keys: Kestrel's request headers build a new set of names for every call to Keys.
        List<string>? doomed = null;
        foreach (var (name, _) in headers)
        {
            if (IdentityHeaderNames.ContainsNormalized(stripped, name))
            {
                (doomed ??= []).Add(name);
            }
        }

        if (doomed is null)
        {
            return;
        }

        foreach (var name in doomed)
        {
            headers.Remove(name);
        }
    }

    /// <summary>
    /// Rewrites the Cookie header without Lanyard's cookies. Works on spans: the session value is kilobytes, and
    /// splitting the header into strings copied it twice on every proxied request; now only what is kept is copied.
    /// </summary>
    public void StripLanyardCookies(IHeaderDictionary headers)
    {
        var cookieHeader = headers.Cookie;
        if (StringValues.IsNullOrEmpty(cookieHeader) || !cookieHeader.Any(line => line?.Contains(cookies.Name, StringComparison.OrdinalIgnoreCase) == true))
        {
            return;
        }

        var kept = new System.Text.StringBuilder();
        var removed = false;
        foreach (var line in cookieHeader)
        {
            var text = line.AsSpan();
            foreach (var range in text.Split(';'))
            {
                var pair = text[range].Trim();
                if (pair.IsEmpty)
                {
                    continue;
                }

                var equals = pair.IndexOf('=');
                if (IsLanyardCookie(equals < 0 ? pair : pair[..equals]))
                {
                    removed = true;
                    continue;
                }

                if (kept.Length > 0)
                {
                    kept.Append("; ");
                }

                kept.Append(pair);
            }
        }

        if (!removed)
        {
            return;
        }

        if (kept.Length == 0)
        {
            headers.Remove("Cookie");
        }
        else
        {
            headers.Cookie = kept.ToString();
        }
    }

    /// <summary>
    /// Lanyard's cookie names, ignoring case: <c>{cookie_name}</c>, its parts <c>{cookie_name}_{n}</c>, and the
    /// sign-in cookies <c>{cookie_name}_csrf</c> and <c>{cookie_name}_{8 characters}_csrf</c>. Lanyard reads only the
    /// exact spelling; stripping every spelling keeps the others from reaching an upstream that reads without case.
    /// </summary>
    private bool IsLanyardCookie(ReadOnlySpan<char> name)
    {
        if (!name.StartsWith(cookies.Name, StringComparison.OrdinalIgnoreCase))
        {
            return false;
        }

        var rest = name[cookies.Name.Length..];
        return rest.IsEmpty
               || (rest.Length > 1 && rest[0] == '_' && rest[1..].IndexOfAnyExceptInRange('0', '9') < 0)
               || rest.Equals("_csrf", StringComparison.OrdinalIgnoreCase)
               || (rest.Length == 14 && rest[0] == '_' && rest.EndsWith("_csrf", StringComparison.OrdinalIgnoreCase));
    }
}
