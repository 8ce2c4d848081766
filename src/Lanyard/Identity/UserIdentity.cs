using System.Text.Json.Serialization;

namespace Lanyard.Identity;

/// <summary>
/// Who the request is, in provider-neutral terms. Everything after the identity stage (authorization, headers)
/// reads this and never raw claims, so it does not need to know which provider signed the user in.
/// </summary>
/// <param name="User">The stable user id (<c>sub</c> by default, as oauth2-proxy's <c>user</c>).</param>
/// <param name="Email">The email address, only when the provider vouches for it (issue 9: Entra ID does not verify
/// <c>email</c>; generic OIDC says so in <c>email_verified</c>). Rules and headers trust it; null otherwise.</param>
/// <param name="PreferredUsername">A display login name such as a UPN; not unique, not for decisions.</param>
/// <param name="Groups">Group ids (Entra: object ids).</param>
/// <param name="Roles">App roles assigned to the user (for an application: its app permissions).</param>
/// <param name="GroupsProblem">Why <paramref name="Groups"/> may be incomplete (Entra ID group overage that could
/// not be resolved), or null when it is the whole list. A rule that needs groups must not allow on a partial list.</param>
/// <param name="EmailProblem">Why <paramref name="Email"/> is null although the token named an address (it is not
/// verified), or null. An email rule denies with this reason rather than "no email".</param>
/// <param name="IsApplication">An app-only (client credentials) token: a service, not a person. Only bearer
/// tokens make these, and only where <c>bearer_token_allow_applications</c> lets them in.</param>
/// <param name="SignedInWithPassword">An <c>htpasswd_file</c> user who sent a password (HTTP Basic), not a provider
/// sign-in: no email unless <c>prefer_email_to_user</c> makes the user name one, so email rules apply only then.</param>
internal sealed record UserIdentity(
    [property: JsonPropertyName("u")] string User,
    [property: JsonPropertyName("e")] string? Email,
    [property: JsonPropertyName("pu")] string? PreferredUsername,
    [property: JsonPropertyName("g")] IReadOnlyList<string> Groups,
    [property: JsonPropertyName("r")] IReadOnlyList<string> Roles,
    [property: JsonPropertyName("gp")] string? GroupsProblem = null,
    [property: JsonPropertyName("ep")] string? EmailProblem = null,
    [property: JsonPropertyName("app"), JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingDefault)] bool IsApplication = false,
    [property: JsonPropertyName("pw"), JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingDefault)] bool SignedInWithPassword = false);
