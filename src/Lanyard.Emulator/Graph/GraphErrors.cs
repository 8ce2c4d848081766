namespace Lanyard.Emulator.Graph;

/// <summary>The Graph errors the stub produces, with Graph's codes and wording where known (entra-protocol.md §5.3).</summary>
internal static class GraphErrors
{
    public static GraphError MissingToken() => Unauthenticated("Access token is empty.");

    // What Graph says for a token that is not a JWT at all (opaque MSA tokens sent to the wrong place, garbage).
    public static GraphError MalformedToken() => Unauthenticated("CompactToken parsing failed with error code: 80049217");

    public static GraphError InvalidSignature() => Unauthenticated("Access token validation failure. Invalid signature.");

    public static GraphError InvalidAudience() => Unauthenticated("Access token validation failure. Invalid audience.");

    public static GraphError Expired() => Unauthenticated("Lifetime validation failed, the token is expired.");

    public static GraphError NotYetValid() => Unauthenticated("Lifetime validation failed, the token is not yet valid.");

    public static GraphError UnknownTenant() => Unauthenticated("Access token validation failure. The token's tenant is not known.");

    public static GraphError InsufficientPrivileges() =>
        new(403, "Authorization_RequestDenied", "Insufficient privileges to complete the operation.");

    public static GraphError UserInfoNeedsDelegatedToken() =>
        new(400, "BadRequest", "UserInfo is only valid with a delegated (signed-in user) token.");

    public static GraphError MeNeedsDelegatedToken() =>
        new(400, "BadRequest", "/me request is only valid with delegated authentication flow.");

    public static GraphError ResourceNotFound(string id) =>
        new(404, "Request_ResourceNotFound", $"Resource '{id}' does not exist or one of its queried reference-property objects are not present.");

    public static GraphError SegmentNotFound(string segment) =>
        new(400, "BadRequest", $"Resource not found for the segment '{segment}'.");

    public static GraphError MethodNotAllowed() =>
        new(405, "Request_BadRequest", "Specified HTTP method is not allowed for the request target.");

    public static GraphError InvalidPageSize(string value) =>
        new(400, "Request_UnsupportedQuery", $"Invalid page size specified: '{value}'. Must be between 1 and 999 inclusive.");

    public static GraphError InvalidSkipToken() =>
        new(400, "Directory_ExpiredPageToken", "The specified page token value has expired and can no longer be included in your request.");

    public static GraphError InvalidBody(string detail) => new(400, "BadRequest", $"Invalid request body: {detail}");

    public static GraphError TooManyRequests() => new(429, "TooManyRequests", "Too many requests.", RetryAfterSeconds: 1);

    public static GraphError Unavailable() =>
        new(503, "serviceNotAvailable", "The service is temporarily unavailable. Please retry later.", RetryAfterSeconds: 1);

    private static GraphError Unauthenticated(string message) => new(401, "InvalidAuthenticationToken", message);
}
