namespace Lanyard.Observability;

/// <summary>
/// Every log line Lanyard writes, source-generated. Event ids by area: 1xxx sessions, 2xxx provider,
/// 3xxx sign-in and access (audit), 9xxx host. Tokens, cookies, codes and secrets are never parameters here.
/// </summary>
internal static partial class LogEvents
{
    [LoggerMessage(1001, LogLevel.Debug, "Session cookie ignored: {Reason}")]
    public static partial void SessionCookieRejected(ILogger logger, string reason);

    [LoggerMessage(1002, LogLevel.Error, "Session could not be saved: {Reason}")]
    public static partial void SessionNotSaved(ILogger logger, string reason);

    [LoggerMessage(1003, LogLevel.Error, "Session store unavailable: {Error}")]
    public static partial void SessionStoreUnavailable(ILogger logger, string error);

    [LoggerMessage(1004, LogLevel.Warning, "Session refresh postponed: another replica has held the session's refresh lock for {Seconds} s")]
    public static partial void SessionRefreshLockTimedOut(ILogger logger, int seconds);

    [LoggerMessage(1005, LogLevel.Debug, "Session refresh taken from another replica, which refreshed it while this one waited")]
    public static partial void SessionRefreshedElsewhere(ILogger logger);

    [LoggerMessage(1006, LogLevel.Information, "Session not accepted under this configuration: {Reason}")]
    public static partial void SessionUnbound(ILogger logger, string reason);

    [LoggerMessage(1007, LogLevel.Warning, "Request refused: it carries two different '{CookieName}' cookies (one may be set for a parent domain by another site)")]
    public static partial void AmbiguousSessionCookie(ILogger logger, string cookieName);

    [LoggerMessage(1008, LogLevel.Information, "Refreshed session discarded: the session was signed out while its tokens were being refreshed")]
    public static partial void SessionRefreshDiscarded(ILogger logger);

    [LoggerMessage(2001, LogLevel.Information, "Identity provider metadata loaded: issuer {Issuer}, {KeyCount} signing keys")]
    public static partial void ProviderMetadataLoaded(ILogger logger, string issuer, int keyCount);

    [LoggerMessage(2002, LogLevel.Warning, "Identity provider metadata unavailable from {Address}: {Reason}")]
    public static partial void ProviderMetadataUnavailable(ILogger logger, string address, string reason);

    [LoggerMessage(2003, LogLevel.Error, "Identity provider metadata refused: issuer {Issuer}: {Problem}")]
    public static partial void ProviderIssuerRejected(ILogger logger, string? issuer, string problem);

    [LoggerMessage(2004, LogLevel.Warning, "Token endpoint refused the request: HTTP {Status}, error {Error}: {Description}")]
    public static partial void TokenRequestRefused(ILogger logger, int status, string error, string? description);

    [LoggerMessage(2005, LogLevel.Warning, "Token endpoint unavailable: {Reason}")]
    public static partial void TokenEndpointUnavailable(ILogger logger, string reason);

    [LoggerMessage(2006, LogLevel.Information, "Signing keys refetched after a token named an unknown key: {KeyCount} keys")]
    public static partial void SigningKeysRefreshed(ILogger logger, int keyCount);

    [LoggerMessage(2007, LogLevel.Debug, "Signing keys not refetched for an unknown key: they were refetched less than {Seconds} s ago")]
    public static partial void SigningKeyRefreshSkipped(ILogger logger, int seconds);

    [LoggerMessage(2008, LogLevel.Warning, "Signing keys could not be refetched, the last good keys stay in use: {Error}")]
    public static partial void SigningKeyRefreshFailed(ILogger logger, string error);

    // The URL is logged without its query: that is where the ID token goes.
    [LoggerMessage(2501, LogLevel.Warning, "backend_logout_url {Url} answered HTTP {Status}; the Lanyard session is cleared anyway")]
    public static partial void BackendLogoutRefused(ILogger logger, string url, int status);

    [LoggerMessage(2502, LogLevel.Warning, "backend_logout_url {Url} could not be called ({Reason}); the Lanyard session is cleared anyway")]
    public static partial void BackendLogoutUnavailable(ILogger logger, string url, string reason);

    [LoggerMessage(2101, LogLevel.Information, "Group overage resolved through Microsoft Graph: {Count} groups")]
    public static partial void GroupOverageResolved(ILogger logger, int count);

    [LoggerMessage(2102, LogLevel.Warning, "Group overage not resolved through Microsoft Graph: {Reason}")]
    public static partial void GroupOverageUnresolved(ILogger logger, string reason);

    [LoggerMessage(2103, LogLevel.Information, "Microsoft Graph is throttling; waiting {Milliseconds} ms before retry {Attempt}")]
    public static partial void GraphThrottled(ILogger logger, int milliseconds, int attempt);

    [LoggerMessage(2104, LogLevel.Warning, "Microsoft Graph unavailable: {Reason}")]
    public static partial void GraphUnavailable(ILogger logger, string reason);

    [LoggerMessage(2201, LogLevel.Information, "Session refreshed: user {User}")]
    public static partial void SessionRefreshed(ILogger logger, string user);

    [LoggerMessage(2202, LogLevel.Warning, "Session refresh failed, the session ends: {Reason}")]
    public static partial void SessionRefreshFailed(ILogger logger, string reason);

    [LoggerMessage(2203, LogLevel.Warning, "Session refresh postponed, the identity provider is unavailable: {Reason}")]
    public static partial void SessionRefreshPostponed(ILogger logger, string reason);

    [LoggerMessage(2301, LogLevel.Information, "Bearer token refused: {Reason}")]
    public static partial void BearerTokenRefused(ILogger logger, string reason);

    [LoggerMessage(2302, LogLevel.Warning, "Bearer token could not be judged (answered 503): {Reason}")]
    public static partial void BearerTokenUnjudged(ILogger logger, string reason);

    [LoggerMessage(2401, LogLevel.Warning, "Upstream {Upstream} failed for {Method} {Path}: {Error}: {Reason}")]
    public static partial void UpstreamFailed(ILogger logger, string upstream, string method, string path, string error, string reason);

    [LoggerMessage(2402, LogLevel.Information, "WebSocket upgrade refused for {Path}: proxy_websockets is false")]
    public static partial void WebSocketRefused(ILogger logger, string path);

    [LoggerMessage(3001, LogLevel.Information, "Signed in: user {User}, email {Email}")]
    public static partial void SignedIn(ILogger logger, string user, string? email);

    [LoggerMessage(3002, LogLevel.Warning, "Sign-in refused: {Reason}")]
    public static partial void SignInRefused(ILogger logger, string reason);

    /// <summary>Access denials are logged at Information (they are routine) but are auth failures in the auth log.</summary>
    public const int AccessDeniedEventId = 3003;

    [LoggerMessage(AccessDeniedEventId, LogLevel.Information, "Access denied by {Rule}: user {User}: {Reason}")]
    public static partial void AccessDenied(ILogger logger, string rule, string user, string reason);

    [LoggerMessage(3004, LogLevel.Information, "Signed out: user {User}")]
    public static partial void SignedOut(ILogger logger, string user);

    [LoggerMessage(3005, LogLevel.Information, "Authenticated via basic auth and htpasswd_file: user {User}")]
    public static partial void PasswordAccepted(ILogger logger, string user);

    [LoggerMessage(3006, LogLevel.Warning, "Invalid authentication via basic auth: user {User} not in htpasswd_file or wrong password")]
    public static partial void PasswordRefused(ILogger logger, string user);

    [LoggerMessage(3101, LogLevel.Debug, "Sign-in not required for this {Method} request: {Rule}")]
    public static partial void SignInSkipped(ILogger logger, string rule, string method);

    [LoggerMessage(3102, LogLevel.Warning, "trusted_ips is set with reverse_proxy: the client address comes from {Header}, which only the proxies in trusted_proxy_ips may set; make sure they overwrite the client's copy, or anyone can claim a trusted address")]
    public static partial void TrustedIpsBehindReverseProxy(ILogger logger, string header);

    [LoggerMessage(3103, LogLevel.Warning, "authenticated_emails_file {Path} could not be read again ({Reason}); the addresses read before stay in force")]
    public static partial void AuthenticatedEmailsNotReloaded(ILogger logger, string path, string reason);

    [LoggerMessage(3104, LogLevel.Information, "authenticated_emails_file {Path} read again: {Count} addresses")]
    public static partial void AuthenticatedEmailsReloaded(ILogger logger, string path, int count);

    [LoggerMessage(3105, LogLevel.Warning, "oidc_issuer_url {IssuerUrl} admits the users of every Microsoft Entra tenant, as entra_id_allowed_tenants is not set: anyone with a work or school account anywhere can sign in (and through the TokenReview webhook, be system:authenticated) and passes every rule that names no group, role or address; set entra_id_allowed_tenants to the tenants you mean")]
    public static partial void EveryEntraTenantAdmitted(ILogger logger, string issuerUrl);

    [LoggerMessage(9002, LogLevel.Warning, "reverse_proxy is on and trusted_proxy_ips is empty: X-Forwarded-* headers are trusted from every peer; list your proxies' addresses in trusted_proxy_ips")]
    public static partial void ReverseProxyTrustsEveryPeer(ILogger logger);

    // With logging_format = "json", serve's two startup lines are log events, so every line of its output is JSON.
    [LoggerMessage(9004, LogLevel.Information, "Lanyard is listening on {Address} ({Provider}: {Issuer})")]
    public static partial void Listening(ILogger logger, string address, string provider, string issuer);

    [LoggerMessage(9005, LogLevel.Information, "Kubernetes TokenReview webhook on {Address}")]
    public static partial void WebhookListening(ILogger logger, string address);

    [LoggerMessage(9001, LogLevel.Error, "Unhandled error while serving {Method} {Path}")]
    public static partial void UnhandledException(ILogger logger, Exception exception, string method, string path);

    [LoggerMessage(3201, LogLevel.Warning, "ext_authz CheckRequest refused: {Reason}")]
    public static partial void ExtAuthzMalformed(ILogger logger, string reason);

    [LoggerMessage(3202, LogLevel.Error, "ext_authz check of {Method} {Path} failed; answered UNAVAILABLE")]
    public static partial void ExtAuthzCheckFailed(ILogger logger, Exception exception, string method, string path);

    [LoggerMessage(3301, LogLevel.Information, "TokenReview: authenticated {User} (uid {Uid}, {GroupCount} groups)")]
    public static partial void TokenReviewAuthenticated(ILogger logger, string user, string uid, int groupCount);

    public const int TokenReviewRefusedEventId = 3302;

    /// <summary><paramref name="claims"/>: "verified" (a validated token), "unverified" (what a token that failed validation claims) or "none".</summary>
    [LoggerMessage(TokenReviewRefusedEventId, LogLevel.Information, "TokenReview: refused {User} (uid {Uid}, claims {Claims}): {Reason}")]
    public static partial void TokenReviewRefused(ILogger logger, string user, string uid, string claims, string reason);

    /// <summary><paramref name="claims"/>: as for <see cref="TokenReviewRefused"/>.</summary>
    [LoggerMessage(3303, LogLevel.Warning, "TokenReview: could not decide about {User} (uid {Uid}, claims {Claims}) ({Status}), the API server will retry: {Reason}")]
    public static partial void TokenReviewUnavailable(ILogger logger, string user, string uid, string claims, int status, string reason);

    [LoggerMessage(3304, LogLevel.Warning, "TokenReview webhook call refused ({Status}): {Reason}")]
    public static partial void TokenReviewCallRefused(ILogger logger, int status, string reason);

    [LoggerMessage(9003, LogLevel.Warning, "identity_token_key_file is not set: identity tokens are signed with key {KeyId}, generated at startup, which no other replica knows; with more than one replica, verifiers can trust only this one's tokens: give every replica the same identity_token_key_file")]
    public static partial void IdentityTokenKeyGenerated(ILogger logger, string keyId);
}
