using System.Text.Json.Serialization;

namespace Lanyard.Identity;

/// <summary>
/// Who the request is, in provider-neutral terms. Everything after the identity stage (authorization, headers)
/// reads this and never raw claims, so it does not need to know which provider signed the user in.
/// </summary>
/// <param name="User">The stable user id (<c>sub</c> by default, as oauth2-proxy's <c>user</c>).</param>
/// <param name="Email">The email address, if the provider gave one.</param>
/// <param name="PreferredUsername">A display login name such as a UPN; not unique, not for decisions.</param>
/// <param name="Groups">Group ids (Entra: object ids).</param>
/// <param name="Roles">App roles assigned to the user.</param>
/// <param name="GroupsProblem">Why <paramref name="Groups"/> may be incomplete (Entra ID group overage that could
/// not be resolved), or null when it is the whole list. A rule that needs groups must not allow on a partial list.</param>
internal sealed record UserIdentity(
    [property: JsonPropertyName("u")] string User,
    [property: JsonPropertyName("e")] string? Email,
    [property: JsonPropertyName("pu")] string? PreferredUsername,
    [property: JsonPropertyName("g")] IReadOnlyList<string> Groups,
    [property: JsonPropertyName("r")] IReadOnlyList<string> Roles,
    [property: JsonPropertyName("gp")] string? GroupsProblem = null);
