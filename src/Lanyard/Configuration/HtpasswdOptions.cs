using Lanyard.Authorization.Htpasswd;
using Lanyard.Identity;
using Lanyard.Sessions;

namespace Lanyard.Configuration;

/// <summary><c>htpasswd_file</c> and <c>htpasswd_user_groups</c>: who may sign in with a password, and the groups they then have.</summary>
/// <param name="File">The file, as configured (for config check).</param>
/// <param name="Users">Its users, read and checked at startup.</param>
/// <param name="Groups">The groups every htpasswd user is given, so allowed_groups can admit them.</param>
/// <param name="UserIsEmail"><c>prefer_email_to_user</c>: the user name is also the email (and email rules check it), as oauth2-proxy.</param>
/// <param name="DisplayForm"><c>display_htpasswd_form</c>: the sign-in page has a user name and password form besides the provider button.</param>
internal sealed record HtpasswdOptions(string File, HtpasswdUsers Users, IReadOnlyList<string> Groups, bool UserIsEmail, bool DisplayForm = true)
{
    /// <summary>The binding provider of password sessions; only this file's users are valid under it.</summary>
    public const string BindingProvider = "htpasswd";

    /// <summary>Who a user of this file is, whether they came by HTTP Basic or by the sign-in form.</summary>
    public UserIdentity IdentityOf(string user) =>
        new(user, UserIsEmail ? user : null, user, Groups, [], SignedInWithPassword: true);

    /// <summary>What a form session of <paramref name="user"/> is bound to: their entry, so a new password or a removed user ends it.</summary>
    public SessionBinding BindingOf(string user) => new(BindingProvider, user, File, Users.Fingerprint(user));

    /// <summary>Why a stored password session no longer counts under <paramref name="htpasswd"/> (null: htpasswd is off), or null when it does.</summary>
    public static string? Unbound(HtpasswdOptions? htpasswd, SessionTicket ticket) => htpasswd switch
    {
        null => "the session was made with htpasswd_file, which is no longer configured",
        _ when htpasswd.Users.Fingerprint(ticket.Identity.User) is not { } fingerprint
            || ticket.Binding is not { Provider: BindingProvider } binding || binding.ClientId != ticket.Identity.User || binding.TenantId != fingerprint
            => "the session's user left htpasswd_file or has a new password",
        _ => null,
    };
}
