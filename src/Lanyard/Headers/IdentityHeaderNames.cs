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

    /// <summary>
    /// Whether <paramref name="name"/>, normalized as <see cref="Normalize"/> does, is in <paramref name="normalizedNames"/>
    /// (an ordinal set of normalized names). Runs for every request header of every request, so it normalizes into a
    /// stack buffer and looks up the span: no string per header.
    /// </summary>
    public static bool ContainsNormalized(FrozenSet<string> normalizedNames, string name)
    {
        // No header this long is one of ours; a name past the buffer takes the allocating path rather than a bigger stack.
        const int StackLimit = 128;
        if (name.Length > StackLimit)
        {
            return normalizedNames.Contains(Normalize(name));
        }

        Span<char> buffer = stackalloc char[name.Length];
        name.AsSpan().ToLowerInvariant(buffer);
        buffer.Replace('_', '-');
        return normalizedNames.GetAlternateLookup<ReadOnlySpan<char>>().Contains(buffer);
    }
}
