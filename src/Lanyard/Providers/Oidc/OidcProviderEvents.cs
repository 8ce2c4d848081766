using System.Text.Json;
using Lanyard.Configuration;
using Lanyard.Identity;
using Lanyard.Sessions;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;

namespace Lanyard.Providers.Oidc;

/// <summary>
/// The seams where a provider differs from plain OpenID Connect. The generic behaviour lives here; a provider
/// (Entra ID) subclasses and overrides, so its quirks stay in its own folder and out of the request path.
/// </summary>
internal class OidcProviderEvents(ProviderOptions providerOptions)
{
    protected ProviderOptions Options { get; } = providerOptions;

    /// <summary>
    /// Whether tokens, discovery and sessions must name exactly <c>oidc_issuer_url</c>: yes, unless
    /// <c>insecure_oidc_skip_issuer_verification</c>. A provider whose issuers are per tenant says no and checks
    /// each token's issuer its own way.
    /// </summary>
    protected virtual bool MatchesIssuerExactly => !Options.SkipIssuerVerification;

    /// <summary>
    /// OpenID Connect Discovery §4.3: the discovered issuer must be the configured one, unless
    /// <c>insecure_oidc_skip_issuer_verification</c> is set. Returns why not, or null.
    /// </summary>
    public virtual string? ValidateDiscoveredIssuer(string? discoveredIssuer, ProviderOptions options)
    {
        if (options.SkipIssuerVerification)
        {
            return null;
        }

        var expected = options.IssuerUrl.AbsoluteUri.TrimEnd('/');
        return string.Equals(discoveredIssuer?.TrimEnd('/'), expected, StringComparison.Ordinal)
            ? null
            : $"the discovery document names issuer '{discoveredIssuer}', but oidc_issuer_url is '{options.IssuerUrl}'";
    }

    /// <summary>Adjusts ID token validation before it runs: with issuer verification skipped, no issuer match.</summary>
    public virtual void ConfigureIdTokenValidation(TokenValidationParameters parameters, ProviderOptions options)
    {
        if (!MatchesIssuerExactly)
        {
            parameters.ValidateIssuer = false;
        }
    }

    /// <summary>Adjusts bearer access token validation; by default the same issuer rule as for ID tokens.</summary>
    public virtual void ConfigureAccessTokenValidation(TokenValidationParameters parameters, ProviderOptions options) =>
        ConfigureIdTokenValidation(parameters, options);

    /// <summary>
    /// Whether a token whose signing key is unknown may make Lanyard refetch the provider's keys (issue 9,
    /// finding 7): only a token that names an issuer this provider could have issued it from. Anyone can send a
    /// token with a made-up <c>kid</c>; one from an issuer we would refuse anyway must not spend the refresh.
    /// </summary>
    public virtual bool IsPlausibleIssuer(JsonWebToken token, string? discoveredIssuer) =>
        !MatchesIssuerExactly || string.Equals(token.Issuer.TrimEnd('/'), discoveredIssuer?.TrimEnd('/'), StringComparison.Ordinal);

    /// <summary>Checks on a validly signed bearer access token beyond the standard ones. Returns why it is refused, or null.</summary>
    public virtual string? ValidateAccessToken(JsonWebToken accessToken, ProviderOptions options, string? discoveredIssuer) =>
        EmailVerifiedProblem(accessToken);

    /// <summary>
    /// What kind of token a validly signed bearer token is. Generic OpenID Connect: anything with an ID token's
    /// marks (<c>nonce</c>, <c>at_hash</c>, <c>c_hash</c>, Keycloak's <c>typ: ID</c>) is an ID token and refused;
    /// RFC 9068 §2.2 says a client-credentials token has <c>sub</c> = <c>client_id</c>; the calling client must be
    /// in <c>bearer_token_allowed_clients</c> when that is set.
    /// </summary>
    public virtual BearerTokenType ClassifyBearerToken(JsonWebToken token)
    {
        if (IdTokenMark(token) is { } mark)
        {
            return new BearerTokenType.Refused($"it is an ID token (it carries '{mark}'), not an access token; send an access token issued for this API");
        }

        var client = Claim(token, "client_id") ?? Claim(token, "azp");
        if (RefuseClient(client) is { } refused)
        {
            return refused;
        }

        return client is not null && string.Equals(Claim(token, "sub"), client, StringComparison.Ordinal)
            ? ApplicationUnlessRefused()
            : BearerTokenType.User;
    }

    /// <summary>Maps a bearer access token's claims to an identity; by default as an ID token's.</summary>
    public virtual UserIdentity CreateIdentityFromAccessToken(JsonWebToken accessToken, BearerTokenType type) =>
        type is BearerTokenType.Application ? ApplicationIdentity(accessToken) : CreateIdentity(accessToken);

    /// <summary>
    /// Checks on a validly signed ID token beyond the standard ones. Returns why it is refused, or null.
    /// Generic OpenID Connect: <c>email_verified: false</c> refuses the sign-in, as oauth2-proxy does, unless
    /// <c>insecure_oidc_allow_unverified_email</c> (an absent claim counts as verified, as there).
    /// </summary>
    public virtual string? ValidateIdToken(JsonWebToken idToken, ProviderOptions options) => EmailVerifiedProblem(idToken);

    /// <summary>Maps the ID token's claims to a provider-neutral identity (oauth2-proxy: user = sub; email and groups from <see cref="ProviderOptions.Claims"/>).</summary>
    public virtual UserIdentity CreateIdentity(JsonWebToken idToken) => new(
        User: Claim(idToken, "sub") ?? "",
        Email: Claim(idToken, Options.Claims.Email),
        PreferredUsername: Claim(idToken, "preferred_username"),
        Groups: Claims(idToken, Options.Claims.Groups),
        Roles: Claims(idToken, "roles"));

    /// <summary>
    /// Completes an identity with what the ID token alone does not carry (Entra ID: groups past the overage limit,
    /// from Microsoft Graph). Runs at sign-in and at every refresh, so the two never disagree.
    /// </summary>
    public virtual ValueTask<UserIdentity> EnrichIdentityAsync(UserIdentity identity, JsonWebToken idToken, string? accessToken, CancellationToken cancellationToken) =>
        ValueTask.FromResult(identity);

    /// <summary>What a session made from this validated ID token is bound to (<see cref="SessionBinding"/>).</summary>
    public virtual SessionBinding Bind(JsonWebToken idToken) => new(Options.TypeName, Options.ClientId, idToken.Issuer);

    /// <summary>
    /// Whether a stored session still belongs here, under today's configuration: same provider, same client, an
    /// issuer this configuration accepts. Runs on every request; string comparisons only. Returns why not, or null.
    /// </summary>
    public virtual string? ValidateBinding(SessionBinding? binding)
    {
        if (binding is null)
        {
            return "the session predates session binding; sign in again";
        }

        if (!string.Equals(binding.Provider, Options.TypeName, StringComparison.Ordinal) || !string.Equals(binding.ClientId, Options.ClientId, StringComparison.Ordinal))
        {
            return "the session was made for another provider or app registration";
        }

        return !MatchesIssuerExactly || string.Equals(binding.Issuer.TrimEnd('/'), Options.IssuerUrl.AbsoluteUri.TrimEnd('/'), StringComparison.Ordinal)
            ? null
            : "the session was issued by another issuer than oidc_issuer_url";
    }

    /// <summary><c>bearer_token_allowed_clients</c>: the refusal when <paramref name="client"/> may not call, or null.</summary>
    protected BearerTokenType.Refused? RefuseClient(string? client)
    {
        if (Options.BearerAllowedClients is not { Count: > 0 } allowed || (client is not null && allowed.Contains(client, StringComparer.OrdinalIgnoreCase)))
        {
            return null;
        }

        return new BearerTokenType.Refused(client is null
            ? "it names no calling application, and bearer_token_allowed_clients lists the ones that may call"
            : $"it was issued to client app {client}, which is not in bearer_token_allowed_clients");
    }

    /// <summary>An app-only token: accepted as an application only where <c>bearer_token_allow_applications</c> says so.</summary>
    protected BearerTokenType ApplicationUnlessRefused() => Options.BearerAllowApplications
        ? BearerTokenType.App
        : new BearerTokenType.Refused("it is an app-only (client credentials) token, and this site accepts users only (bearer_token_allow_applications is off)");

    /// <summary>A service principal or client: no email, no name; its roles are its app permissions.</summary>
    protected static UserIdentity ApplicationIdentity(JsonWebToken token) => new(
        User: Claim(token, "oid") ?? Claim(token, "sub") ?? "",
        Email: null,
        PreferredUsername: null,
        Groups: Claims(token, "groups"),
        Roles: Claims(token, "roles"),
        EmailProblem: "applications have no email address",
        IsApplication: true);

    /// <summary>The claim that marks <paramref name="token"/> as an ID token, or null. Access tokens carry none of them.</summary>
    protected static string? IdTokenMark(JsonWebToken token)
    {
        foreach (var mark in (ReadOnlySpan<string>)["nonce", "at_hash", "c_hash"])
        {
            if (token.TryGetClaim(mark, out _))
            {
                return mark;
            }
        }

        return string.Equals(Claim(token, "typ"), "ID", StringComparison.OrdinalIgnoreCase) ? "typ: ID" : null;
    }

    private string? EmailVerifiedProblem(JsonWebToken token) =>
        !Options.AllowUnverifiedEmail && BooleanClaim(token, "email_verified") == false
            ? "the provider says the email address in the token is not verified (email_verified: false); set insecure_oidc_allow_unverified_email to accept it anyway"
            : null;

    /// <summary>
    /// A boolean claim: true, false, or null when absent. Some providers send it as a string (AWS Cognito's
    /// <c>"false"</c>, Entra tenants' <c>"1"</c>); anything present that is not recognisably true counts as false.
    /// </summary>
    protected static bool? BooleanClaim(JsonWebToken token, string type)
    {
        if (!token.TryGetClaim(type, out var claim))
        {
            return null;
        }

        return claim.Value is { } value && (string.Equals(value, "true", StringComparison.OrdinalIgnoreCase) || value == "1");
    }

    internal static string? Claim(JsonWebToken token, string type) =>
        token.TryGetPayloadValue<string>(type, out var value) && !string.IsNullOrEmpty(value) ? value : null;

    /// <summary>A claim that may be an array of strings or a single string.</summary>
    internal static IReadOnlyList<string> Claims(JsonWebToken token, string type)
    {
        if (!token.TryGetPayloadValue<JsonElement>(type, out var element))
        {
            // IdentityModel keeps a claim with a single string value as a string, not a JsonElement: a provider
            // that sends one group as "groups": "admins" (or a groups claim pointed at tid) still gives one group.
            return token.TryGetPayloadValue<string>(type, out var single) && single is not null ? [single] : [];
        }

        return element.ValueKind switch
        {
            JsonValueKind.Array => [.. element.EnumerateArray().Where(e => e.ValueKind == JsonValueKind.String).Select(e => e.GetString()!)],
            JsonValueKind.String => [element.GetString()!],
            _ => [],
        };
    }
}
