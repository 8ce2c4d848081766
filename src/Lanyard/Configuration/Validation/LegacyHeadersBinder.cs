using Lanyard.Configuration.Sources;
using Lanyard.Headers;
using Lanyard.Security;

namespace Lanyard.Configuration.Validation;

/// <summary>The legacy header flags, as oauth2-proxy names and defaults them.</summary>
internal sealed record LegacyHeaderFlags(
    bool PassBasicAuth = true,
    Secret? BasicAuthPassword = null,
    bool PassUserHeaders = true,
    bool PreferEmailToUser = false,
    bool PassAccessToken = false,
    bool PassAuthorizationHeader = false,
    bool SetXAuthRequest = false,
    bool SetAuthorizationHeader = false,
    bool SetBasicAuth = false,
    bool SkipAuthStripHeaders = true);

/// <summary>
/// Turns the legacy header flags into injected headers, the way oauth2-proxy's own conversion does
/// (<c>pkg/apis/options/legacy_options.go</c>), so a flag means exactly what it meant there and alpha config and
/// flags end up in one table.
/// </summary>
internal static class LegacyHeadersBinder
{
    /// <param name="alpha">In alpha mode oauth2-proxy has no header flags: only the YAML's headers exist. Lanyard
    /// also takes the flags a user set explicitly (seed 001 sets <c>pass-authorization-header</c> and
    /// <c>set-xauthrequest</c> beside <c>injectResponseHeaders</c>), the YAML winning where both name a header;
    /// flags left at their defaults add nothing, as there.</param>
    public static HeaderOptions Bind(SettingReader read, AlphaConfig? alpha = null)
    {
        bool Flag(string key, bool fallback) =>
            alpha is not null && read.Find(key)?.Origin is null or "default" ? false : read.Bool(key, fallback);

        var legacy = FromFlags(new LegacyHeaderFlags(
            Flag("pass_basic_auth", true),
            read.Secret("basic_auth_password"),
            Flag("pass_user_headers", true),
            read.Bool("prefer_email_to_user", false),
            Flag("pass_access_token", false),
            Flag("pass_authorization_header", false),
            Flag("set_xauthrequest", false),
            Flag("set_authorization_header", false),
            Flag("set_basic_auth", false),
            read.Bool("skip_auth_strip_headers", true)));
        return alpha is null ? legacy : new HeaderOptions(
            Merge(alpha.RequestHeaders, legacy.Request),
            Merge(alpha.ResponseHeaders, legacy.Response));
    }

    private static IReadOnlyList<InjectedHeader> Merge(IReadOnlyList<InjectedHeader>? fromYaml, IReadOnlyList<InjectedHeader> fromFlags)
    {
        if (fromYaml is null)
        {
            return fromFlags;
        }

        var named = fromYaml.Select(h => IdentityHeaderNames.Normalize(h.Name)).ToHashSet(StringComparer.Ordinal);
        return [.. fromYaml, .. fromFlags.Where(h => !named.Contains(IdentityHeaderNames.Normalize(h.Name)))];
    }

    public static HeaderOptions FromFlags(LegacyHeaderFlags flags)
    {
        var request = new List<InjectedHeader>();
        if (flags.PassBasicAuth && flags.BasicAuthPassword is not null)
        {
            request.Add(BasicAuth(flags));
        }

        // As in oauth2-proxy, pass_basic_auth implies the user headers.
        if (flags.PassBasicAuth || flags.PassUserHeaders)
        {
            if (flags.PreferEmailToUser)
            {
                request.Add(Header(IdentityHeaderNames.ForwardedUser, "email"));
            }
            else
            {
                request.Add(Header(IdentityHeaderNames.ForwardedUser, "user"));
                request.Add(Header(IdentityHeaderNames.ForwardedEmail, "email"));
            }

            request.Add(Header(IdentityHeaderNames.ForwardedGroups, "groups"));
            request.Add(Header(IdentityHeaderNames.ForwardedPreferredUsername, "preferred_username"));
        }

        if (flags.PassAccessToken)
        {
            request.Add(Header(IdentityHeaderNames.ForwardedAccessToken, "access_token"));
        }

        if (flags.PassAuthorizationHeader)
        {
            request.Add(Header("Authorization", "id_token", "Bearer "));
        }

        // skip_auth_strip_headers = false keeps what the client sent beside what Lanyard adds (oauth2-proxy's
        // preserveRequestValue); Lanyard still strips its reserved identity headers (UpstreamIdentityHeaders).
        if (!flags.SkipAuthStripHeaders)
        {
            request = [.. request.Select(h => h with { PreserveRequestValue = true })];
        }

        var response = new List<InjectedHeader>();
        if (flags.SetXAuthRequest)
        {
            response.Add(Header(IdentityHeaderNames.AuthRequestUser, "user"));
            response.Add(Header(IdentityHeaderNames.AuthRequestEmail, "email"));
            response.Add(Header(IdentityHeaderNames.AuthRequestPreferredUsername, "preferred_username"));
            response.Add(Header(IdentityHeaderNames.AuthRequestGroups, "groups"));
            if (flags.PassAccessToken)
            {
                response.Add(Header(IdentityHeaderNames.AuthRequestAccessToken, "access_token"));
            }
        }

        if (flags.SetBasicAuth)
        {
            response.Add(BasicAuth(flags));
        }

        if (flags.SetAuthorizationHeader)
        {
            response.Add(Header("Authorization", "id_token", "Bearer "));
        }

        return new HeaderOptions(request, response);
    }

    private static InjectedHeader BasicAuth(LegacyHeaderFlags flags) =>
        new("Authorization", [new HeaderValueSource.Claim(flags.PreferEmailToUser ? "email" : "user", BasicAuth: true, BasicAuthPassword: flags.BasicAuthPassword)]);

    private static InjectedHeader Header(string name, string claim, string prefix = "") =>
        new(name, [new HeaderValueSource.Claim(claim, prefix)]);
}
