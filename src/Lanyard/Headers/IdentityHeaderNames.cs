using System.Collections.Frozen;

namespace Lanyard.Headers;

/// <summary>The identity headers Lanyard sends, to upstreams and to forward-auth callers.</summary>
internal static class IdentityHeaderNames
{
    public const string ForwardedUser = "X-Forwarded-User";
    public const string ForwardedEmail = "X-Forwarded-Email";
    public const string ForwardedGroups = "X-Forwarded-Groups";
    public const string ForwardedPreferredUsername = "X-Forwarded-Preferred-Username";
    public const string ForwardedAccessToken = "X-Forwarded-Access-Token";

    public const string AuthRequestUser = "X-Auth-Request-User";
    public const string AuthRequestEmail = "X-Auth-Request-Email";
    public const string AuthRequestGroups = "X-Auth-Request-Groups";
    public const string AuthRequestPreferredUsername = "X-Auth-Request-Preferred-Username";
    public const string AuthRequestAccessToken = "X-Auth-Request-Access-Token";

    /// <summary>oauth2-proxy's response header naming the user, read by some nginx configs.</summary>
    public const string GapAuth = "GAP-Auth";

    /// <summary>
    /// Every name an upstream could take for an identity asserted by Lanyard, normalized (lower case, '_' as '-').
    /// A client must never be able to send one of these and have it reach an upstream.
    /// </summary>
    public static readonly FrozenSet<string> Reserved = new[]
    {
        ForwardedUser, ForwardedEmail, ForwardedGroups, ForwardedPreferredUsername, ForwardedAccessToken,
        AuthRequestUser, AuthRequestEmail, AuthRequestGroups, AuthRequestPreferredUsername, AuthRequestAccessToken, GapAuth,
    }.Select(Normalize).ToFrozenSet(StringComparer.Ordinal);

    /// <summary>
    /// Header names compare without case, and some servers (and CGI-style frameworks) treat '_' as '-', so
    /// <c>X_Forwarded_User</c> must be caught too.
    /// </summary>
    public static string Normalize(string name) => name.Replace('_', '-').ToLowerInvariant();
}
