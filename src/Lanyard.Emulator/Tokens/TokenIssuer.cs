using System.Buffers.Text;
using System.Security.Cryptography;
using System.Text;
using Lanyard.Emulator.Protocol;
using Microsoft.Extensions.Options;

namespace Lanyard.Emulator.Tokens;

/// <summary>Builds and signs the tokens of one token response, and issues the refresh token when one is due.</summary>
internal sealed class TokenIssuer(
    EmulatorDirectory directory,
    SigningKeys keys,
    EmulatorFaults faults,
    RefreshTokenStore refreshTokens,
    IOptions<EntraEmulatorOptions> options,
    TimeProvider time)
{
    /// <summary>
    /// <see cref="EntraEmulatorOptions.AccessTokenLifetime"/>, one hour unless set: Entra randomises access tokens
    /// between 60 and 90 minutes (§3.3), and a fixed value lets tests compute expiry.
    /// </summary>
    public TimeSpan AccessTokenLifetime => options.Value.AccessTokenLifetime;

    /// <param name="signIn">The grant, as the refresh token will remember it.</param>
    /// <param name="scopes">The scopes of this response (a refresh request may ask for fewer); they decide which claims
    /// and tokens appear.</param>
    /// <param name="credential">How the client authenticated this request.</param>
    /// <param name="nonce">The authorize request's nonce; null for the refresh grant, whose ID tokens carry none.</param>
    /// <param name="issueRefreshToken">True when <c>offline_access</c> was granted (§3.2).</param>
    /// <param name="api">The API the access token is for (see <see cref="ApiResources"/>); null for Microsoft Graph.</param>
    /// <param name="issueIdToken">False for on-behalf-of, whose responses carry no ID token even with <c>openid</c>.</param>
    public IssuedTokens Issue(
        string authority,
        SignIn signIn,
        ScopeSet scopes,
        EmulatorUser user,
        EmulatorApplication application,
        ClientCredentialKind credential,
        string? nonce,
        bool issueRefreshToken,
        ApiResource? api = null,
        bool issueIdToken = true)
    {
        var context = ClaimsContext(authority, signIn with { Scopes = scopes }, user, application, credential, nonce);
        var key = SigningKey();

        var accessToken = api is null
            ? Faulted(JwtWriter.Write(key, includeX5t: true, w => GraphAccessTokenClaims.Write(w, context)))
            : Faulted(JwtWriter.Write(key, includeX5t: !api.IssuesV2, w => ApiAccessTokenClaims.Write(w, context, api, directory.RolesOf(user, api.Application))));
        var idToken = issueIdToken && scopes.HasOpenId ? Faulted(JwtWriter.Write(key, includeX5t: false, w => IdTokenClaims.Write(w, IdTokenContext(context)))) : null;
        var refreshToken = issueRefreshToken ? refreshTokens.Issue(signIn) : null;
        var scope = api is null ? scopes.ToString() : scopes.ToString(api.Scopes);
        return new IssuedTokens(scope, (int)AccessTokenLifetime.TotalSeconds, accessToken, refreshToken, idToken, HomeAccount.Of(user, directory));
    }

    /// <summary>
    /// The ID token /authorize returns for <c>response_type</c> <c>id_token</c> or <c>code id_token</c> (OpenID Connect
    /// Core §3.2.2.10, §3.3.2.11): with the request's nonce and, beside a code, its <c>c_hash</c>.
    /// </summary>
    public string IssueAuthorizeIdToken(string authority, SignIn signIn, EmulatorUser user, EmulatorApplication application, string nonce, string? code)
    {
        // No client authenticates at /authorize; the ID token does not record how one did.
        var context = IdTokenContext(ClaimsContext(authority, signIn, user, application, ClientCredentialKind.PublicClient, nonce)) with
        {
            CodeHash = code is null ? null : LeftHalfHash(code),
        };
        return Faulted(JwtWriter.Write(SigningKey(), includeX5t: false, w => IdTokenClaims.Write(w, context)));
    }

    private TokenClaimsContext ClaimsContext(
        string authority, SignIn signIn, EmulatorUser user, EmulatorApplication application, ClientCredentialKind credential, string? nonce)
    {
        var now = time.GetUtcNow() - TimeSpan.FromSeconds(faults.BackdateTokensSeconds);

        // Whole seconds, so exp - iat is exactly the advertised expires_in.
        var issuedAt = DateTimeOffset.FromUnixTimeSeconds(now.ToUnixTimeSeconds());
        return new TokenClaimsContext(
            authority,
            signIn,
            user,
            application,
            credential,
            directory.RolesOf(user, application),
            user.GroupIds.Count > options.Value.GroupOverageLimit,
            nonce,
            issuedAt,
            issuedAt + AccessTokenLifetime,
            EmailDomainVerified(user));
    }

    // ID tokens live EntraEmulatorOptions.IdTokenLifetime, access tokens AccessTokenLifetime.
    private TokenClaimsContext IdTokenContext(TokenClaimsContext context) => context with { ExpiresAt = context.IssuedAt + options.Value.IdTokenLifetime };

    // c_hash and at_hash (OpenID Connect Core §3.3.2.11): base64url of the left half of the hash of the ASCII value,
    // with the hash of the token's alg, SHA-256 for RS256.
    private static string LeftHalfHash(string value) =>
        Base64Url.EncodeToString(SHA256.HashData(Encoding.ASCII.GetBytes(value)).AsSpan(0, 16));

    private bool EmailDomainVerified(EmulatorUser user)
    {
        var email = user.Email ?? "";
        var at = email.LastIndexOf('@');
        return at > 0 && directory.FindTenant(user.TenantId) is { } tenant && tenant.HasVerified(email[(at + 1)..]);
    }

    /// <summary>The key that signs now: the active one, or the unpublished one while that fault is on.</summary>
    public SigningKey SigningKey() => faults.SignTokensWithUnpublishedKey ? keys.Unpublished : keys.Active;

    /// <summary>Applies <see cref="EmulatorFaults.CorruptTokenSignatures"/> to a signed token.</summary>
    public string Faulted(string token)
    {
        if (!faults.CorruptTokenSignatures)
        {
            return token;
        }

        // Change the first signature character: still valid base64url, no longer the key's signature.
        var signatureStart = token.LastIndexOf('.') + 1;
        return token[..signatureStart] + (token[signatureStart] == 'A' ? 'B' : 'A') + token[(signatureStart + 1)..];
    }
}
