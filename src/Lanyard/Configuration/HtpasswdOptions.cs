using Lanyard.Authorization.Htpasswd;

namespace Lanyard.Configuration;

/// <summary><c>htpasswd_file</c> and <c>htpasswd_user_groups</c>: who may sign in with a password, and the groups they then have.</summary>
/// <param name="File">The file, as configured (for config check).</param>
/// <param name="Users">Its users, read and checked at startup.</param>
/// <param name="Groups">The groups every htpasswd user is given, so allowed_groups can admit them.</param>
/// <param name="UserIsEmail"><c>prefer_email_to_user</c>: the user name is also the email (and email rules check it), as oauth2-proxy.</param>
/// <param name="DisplayForm"><c>display_htpasswd_form</c>: the sign-in page has a user name and password form besides the provider button.</param>
internal sealed record HtpasswdOptions(string File, HtpasswdUsers Users, IReadOnlyList<string> Groups, bool UserIsEmail, bool DisplayForm = true);
