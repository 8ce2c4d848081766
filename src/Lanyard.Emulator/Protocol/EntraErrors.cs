namespace Lanyard.Emulator.Protocol;

/// <summary>
/// The AADSTS errors the emulator produces, with Entra's wording where it is known (entra-protocol.md §2, §3.5).
/// Codes that Entra has no equivalent for reuse the nearest one and say what the emulator requires.
/// </summary>
internal static partial class EntraErrors
{
    // Discovery and keys answer "invalid_tenant"; the token endpoint has been seen answering "invalid_request".
    public static EntraError TenantNotFound(string segment, string error = "invalid_tenant") =>
        new(error, 90002,
            $"Tenant '{segment}' not found. Check to make sure you have the correct tenant ID and are signing into the correct cloud. " +
            "Check with your subscription administrator, this may happen if there are no active subscriptions for the tenant.");

    public static EntraError MissingParameter(string name) =>
        new("invalid_request", 900144, $"The request body must contain the following parameter: '{name}'.");

    public static EntraError PostRequired(string method) =>
        new("invalid_request", 900561, $"The endpoint only accepts POST requests. Received a {method} request.");

    public static EntraError MalformedRequest(string detail) =>
        new("invalid_request", 9002313, $"Invalid request. Request is malformed or invalid. {detail}");

    public static EntraError ApplicationNotFound(string clientId, string tenantName, string error = "unauthorized_client") =>
        new(error, 700016,
            $"Application with identifier '{clientId}' was not found in the directory '{tenantName}'. This can happen if the application " +
            "has not been installed by the administrator of the tenant or consented to by any user in the tenant. You may have sent your " +
            "authentication request to the wrong tenant.");

    public static EntraError NotMultiTenant(EmulatorApplication app) =>
        new("invalid_request", 50194,
            $"Application '{app.ClientId}'({app.Name}) is not configured as a multi-tenant application. Usage of the /common endpoint " +
            "is not supported for such applications created after '10/15/2018'. Use a tenant-specific endpoint or configure the " +
            "application to be multi-tenant.");

    public static EntraError RedirectUriMismatch(string redirectUri, EmulatorApplication app) =>
        new("invalid_request", 50011,
            $"The redirect URI '{redirectUri}' specified in the request does not match the redirect URIs configured for the " +
            $"application '{app.ClientId}'. Make sure the redirect URI sent in the request matches one added to your application.");

    public static EntraError UserNotInTenant(EmulatorUser user, EmulatorTenant tenant, EmulatorApplication app) =>
        new("invalid_request", 50020,
            $"User account '{user.UserPrincipalName}' from identity provider 'https://sts.windows.net/{user.TenantId}/' does not exist " +
            $"in tenant '{tenant.Name}' and cannot access the application '{app.ClientId}'({app.Name}) in that tenant. The account " +
            "needs to be added as an external user in the tenant first.");

    public static EntraError PersonalAccountRefused(EmulatorUser user, string tenantName, EmulatorApplication app) =>
        new("invalid_request", 50020,
            $"User account '{user.UserPrincipalName}' from identity provider 'live.com' does not exist in tenant '{tenantName}' and " +
            $"cannot access the application '{app.ClientId}'({app.Name}) in that tenant. The application does not accept personal " +
            "Microsoft accounts (signInAudience), or the request used /organizations.");

    // A response_type that is no combination of code, id_token and token. Entra's exact answer is not recorded.
    public static EntraError UnsupportedResponseType(string responseType) =>
        new("unsupported_response_type", 700054, $"response_type '{responseType}' is not supported.");

    // Entra's wording; 700054 for id_token (implicit grant of ID tokens off), 700051 for token (entra-protocol.md §2).
    public static EntraError ResponseTypeNotEnabled(string responseType) =>
        new("unsupported_response_type", responseType == "token" ? 700051 : 700054,
            $"response_type '{responseType}' is not enabled for the application.");

    public static EntraError UnsupportedResponseMode(string responseMode) =>
        MalformedRequest($"response_mode '{responseMode}' is not supported; use 'query', 'fragment' or 'form_post'.");

    // Entra's wording as recorded in 2026 (older responses: "'query' is not a supported value of 'response_mode'").
    public static EntraError QueryModeWithToken() =>
        new("invalid_request", 70007, "The application requested an unsupported mode 'query' when requesting a token.");

    // §2: nonce is required whenever an id_token comes from /authorize.
    public static EntraError NonceRequired() =>
        new("invalid_request", 90014,
            "The required field 'nonce' is missing from the credential. Ensure that you have all the necessary parameters for the login request.");

    // At the token endpoint, for a code issued without a challenge to a client that has no credential to show instead.
    public static EntraError PkceRequired() =>
        new("invalid_request", 9002325, "Proof Key for Code Exchange is required for cross-origin authorization code redemption.");

    public static EntraError InvalidCodeChallengeMethod() =>
        new("invalid_request", 50149, "Invalid Code_Challenge_method parameter.");

    public static EntraError InvalidCodeChallenge() =>
        new("invalid_request", 501491, "Invalid size of Code_Challenge parameter.");

    public static EntraError LoginRequired() =>
        new("login_required", 50058,
            "A silent sign-in request was sent but no user is signed in. The emulator keeps no sessions; send login_hint.");

    public static EntraError MissingClientCredentials() =>
        new("invalid_client", 7000218, "The request body must contain the following parameter: 'client_assertion' or 'client_secret'.");

    public static EntraError InvalidClientSecret(string clientId) =>
        new("invalid_client", 7000215,
            "Invalid client secret provided. Ensure the secret being sent in the request is the client secret value, not the client " +
            $"secret ID, for a secret added to app '{clientId}'.");

    public static EntraError UnsupportedAssertionType(string? assertionType) =>
        new("invalid_request", 900144,
            $"The client_assertion_type '{assertionType}' is not supported; use '{WellKnownIds.JwtBearerAssertionType}' with 'client_assertion'.");

    public static EntraError MalformedAssertion(string detail) =>
        new("invalid_client", 50027, $"JWT token is invalid or malformed. {detail}");

    public static EntraError UnsupportedAssertionAlgorithm(string? algorithm) =>
        new("invalid_client", 5002738, $"Invalid JWT token. '{algorithm}' is not a supported signature algorithm. Supported signing algorithms are: 'RS256, PS256'.");

    public static EntraError AssertionKeyNotFound(string thumbprint, string clientId) =>
        new("invalid_client", 700027,
            $"Client assertion contains an invalid signature. [Reason - The key was not found., Thumbprint of key used by client: '{thumbprint}', " +
            $"Please visit the Azure Portal, Graph Explorer or directly use MS Graph to see configured keys for app Id '{clientId}'.]");

    public static EntraError AssertionKeyExpired(string thumbprint) =>
        new("invalid_client", 700027,
            $"Client assertion contains an invalid signature. [Reason - The key used is expired., Thumbprint of key used by client: '{thumbprint}']");

    public static EntraError AssertionSignatureInvalid(string keyDescription) =>
        new("invalid_client", 700027,
            $"Client assertion contains an invalid signature. [Reason - The provided signature value did not match the expected signature value., {keyDescription}]");

    public static EntraError AssertionSubjectMismatch(string clientId) =>
        new("invalid_client", 50048,
            $"Subject mismatches Issuer claim in the client assertion. For a certificate credential both 'iss' and 'sub' must be the client id '{clientId}'.");

    public static EntraError AssertionAudienceInvalid(string audience, string expected) =>
        new("invalid_client", 50027, $"JWT token is invalid or malformed. The audience '{audience}' is not this tenant's token endpoint '{expected}'.");

    public static EntraError AssertionOutsideValidity(DateTimeOffset now, DateTimeOffset? validFrom, DateTimeOffset? expiry) =>
        new("invalid_client", 700024,
            $"Client assertion is not within its valid time range. Current time: {Instant(now)}, assertion valid from {Instant(validFrom)}, " +
            $"expiry time of assertion {Instant(expiry)}. Review the documentation at " +
            "https://docs.microsoft.com/azure/active-directory/develop/active-directory-certificate-credentials .");

    public static EntraError NoMatchingFederatedCredential(string? issuer, string? subject, string audience) =>
        new("invalid_client", 70021,
            $"No matching federated identity record found for presented assertion. Assertion Issuer: '{issuer}'. Assertion Subject: " +
            $"'{subject}'. Assertion Audience: '{audience}'. https://learn.microsoft.com/entra/workload-id/workload-identity-federation");

    public static EntraError FederatedAudienceMismatch(string audience) =>
        new("invalid_client", 700212, $"No matching federated identity record found for presented assertion audience '{audience}'.");

    public static EntraError ExternalIssuerUnreachable(string issuer, string reason) =>
        new("invalid_client", 50166, $"Request to External OIDC endpoint failed. Issuer: '{issuer}'. {reason}");

    public static EntraError NotAManagedIdentityToken() =>
        new("invalid_client", 700229,
            "The presented assertion was issued by Microsoft Entra ID but is not an app-only managed identity token; only those are " +
            "accepted as federated credentials.");

    public static EntraError ClientIdMismatch() =>
        new("invalid_client", 700038, "The client_id in the request body does not match the one in the Authorization header.");

    public static EntraError UnsupportedGrantType(string grantType) =>
        new("unsupported_grant_type", 70003, $"The app requested an unsupported grant type '{grantType}'.");

    public static EntraError InvalidCode() =>
        new("invalid_grant", 70000, "The provided value for the 'code' parameter is not valid.");

    public static EntraError CodeAlreadyRedeemed() =>
        new("invalid_grant", 54005, "OAuth2 Authorization code was already redeemed, please retry with a new valid code or use an existing refresh token.");

    public static EntraError CodeExpired() =>
        new("invalid_grant", 70008,
            "The provided authorization code or refresh token has expired due to inactivity. Send a new interactive authorization " +
            "request for this user and resource.");

    public static EntraError CodeIssuedToOtherClient() =>
        new("invalid_grant", 70000, "The provided value for the 'code' parameter is not valid. The code was issued to a different client.");

    public static EntraError CodeForOtherTenant() =>
        new("invalid_grant", 700005, "Provided Authorization Code is intended to use against other tenant, thus rejected.");

    // AADSTS50011 with this text, as recorded from the token endpoint (then wrapped in AADSTS70002 "Error validating
    // credentials", an invalid_client error); not an invalid_grant as RFC 6749 would have it.
    public static EntraError RedirectUriDiffers(string presented, string requested) =>
        new("invalid_client", 50011,
            $"The reply address '{presented}' does not match the reply address '{requested}' provided when requesting Authorization code.");

    public static EntraError PkceMismatch() =>
        new("invalid_grant", 501481, "The Code_Verifier does not match the code_challenge supplied in the authorization request.");

    public static EntraError InvalidRefreshToken(string detail = "") =>
        new("invalid_grant", 70000, $"The provided value for the 'refresh_token' parameter is not valid.{detail}");

    public static EntraError RefreshTokenRevoked() =>
        new("invalid_grant", 50173,
            "The provided grant has expired due to it being revoked, a fresh auth token is needed. The user might have changed or reset their password.");

    public static EntraError RefreshTokenExpired() =>
        new("invalid_grant", 700082,
            "The refresh token has expired due to inactivity. The token was issued on a date and was inactive for 90.00:00:00.");

    // Entra's wording (§3.5); at /authorize it is redirected like other errors after the redirect URI is trusted.
    public static EntraError ResourceNotFound(string resource, string tenantName) =>
        new("invalid_resource", 500011,
            $"The resource principal named {resource} was not found in the tenant named {tenantName}. This can happen if the " +
            "application has not been installed by the administrator of the tenant or consented to by any user in the tenant. " +
            "You might have sent your authentication request to the wrong tenant.");

    public static EntraError UserGone() =>
        new("invalid_grant", 50034, "The user account does not exist in the directory.");

    public static EntraError PublicClientSentCredential() =>
        new("invalid_client", 700025, "Client is public so neither 'client_assertion' nor 'client_secret' should be presented.");

    public static EntraError AuthorizationPending() =>
        new("authorization_pending", 70016, "OAuth 2.0 device flow error. Authorization is pending. Continue polling.");

    // Entra does not document slow_down; the emulator sends it, with RFC 8628's meaning, to a client polling early.
    public static EntraError SlowDown(int intervalSeconds) =>
        new("slow_down", 70016,
            $"OAuth 2.0 device flow error. The client is polling too fast; wait at least {intervalSeconds} seconds between polls.");

    public static EntraError AuthorizationDeclined() =>
        new("authorization_declined", 70016, "OAuth 2.0 device flow error. The end user denied the authorization request.");

    public static EntraError DeviceCodeExpired() =>
        new("expired_token", 70019, "Verification code expired.");

    public static EntraError BadVerificationCode() =>
        new("bad_verification_code", 70018, "Invalid verification code.");

    public static EntraError DeviceCodeOfOtherClient() =>
        new("invalid_grant", 70000, "The provided value for the 'device_code' parameter is not valid. The code was issued to a different client.");

    public static EntraError InvalidScope(string scope, string detail) =>
        new("invalid_scope", 70011, $"The provided request must include a 'scope' input parameter. The provided value for the input parameter 'scope' ('{scope}') is not valid. {detail}");

    public static EntraError ServerError() =>
        new("server_error", 500000, "The emulator failed unexpectedly; see its log.");

    // Entra prints these instants as ISO 8601 with seven fraction digits and Z.
    private static string Instant(DateTimeOffset? instant) =>
        instant is { } value ? value.UtcDateTime.ToString("O", System.Globalization.CultureInfo.InvariantCulture) : "(unspecified)";
}
