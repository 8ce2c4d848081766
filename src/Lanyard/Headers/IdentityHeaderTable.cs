using Lanyard.Identity;

namespace Lanyard.Headers;

/// <summary>Which part of an identity a header carries.</summary>
internal enum IdentityField
{
    User,
    Email,
    PreferredUsername,
    Groups,

    /// <summary>oauth2-proxy's <c>GAP-Auth</c>: the email, or the user id when there is no (trusted) email.</summary>
    EmailOrUser,
}

/// <summary>One identity header: its name and what it carries.</summary>
internal readonly record struct IdentityHeader(string Name, IdentityField Field);

/// <summary>
/// The one table of identity → header pairs. Every place that emits identity headers reads its rows from here, so a
/// header cannot carry one thing upstream and another to a gateway, and a fix to how a value is rendered lands once.
/// </summary>
internal static class IdentityHeaderTable
{
    /// <summary>What the proxy adds to requests it forwards (oauth2-proxy's <c>X-Forwarded-*</c>).</summary>
    public static readonly IdentityHeader[] Upstream =
    [
        new(IdentityHeaderNames.ForwardedUser, IdentityField.User),
        new(IdentityHeaderNames.ForwardedEmail, IdentityField.Email),
        new(IdentityHeaderNames.ForwardedPreferredUsername, IdentityField.PreferredUsername),
        new(IdentityHeaderNames.ForwardedGroups, IdentityField.Groups),
    ];

    /// <summary>What a forward-auth answer carries for the gateway to pass on (oauth2-proxy's <c>X-Auth-Request-*</c>).</summary>
    public static readonly IdentityHeader[] ForwardAuth =
    [
        new(IdentityHeaderNames.AuthRequestUser, IdentityField.User),
        new(IdentityHeaderNames.AuthRequestEmail, IdentityField.Email),
        new(IdentityHeaderNames.AuthRequestPreferredUsername, IdentityField.PreferredUsername),
        new(IdentityHeaderNames.AuthRequestGroups, IdentityField.Groups),
        new(IdentityHeaderNames.GapAuth, IdentityField.EmailOrUser),
    ];

    /// <summary>The header value for <paramref name="field"/>: safe to send, lists comma-joined; empty when unknown.</summary>
    public static string ValueOf(UserIdentity identity, IdentityField field) => field switch
    {
        IdentityField.User => HeaderValues.Safe(identity.User),
        IdentityField.Email => identity.Email is { } email ? HeaderValues.Safe(email) : "",
        IdentityField.PreferredUsername => identity.PreferredUsername is { } name ? HeaderValues.Safe(name) : "",
        // oauth2-proxy flattens multi-valued headers into one comma-joined value.
        IdentityField.Groups => identity.Groups.Count > 0 ? HeaderValues.Join(identity.Groups) : "",
        IdentityField.EmailOrUser => HeaderValues.Safe(identity.Email ?? identity.User),
        _ => "",
    };
}
