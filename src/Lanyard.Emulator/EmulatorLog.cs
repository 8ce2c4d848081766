using Microsoft.Extensions.Logging;

namespace Lanyard.Emulator;

/// <summary>
/// The emulator's log events (ids 9000-9099). Codes, tokens, secrets and verifiers are never arguments here: the
/// emulator's logs end up in test output and CI artefacts.
/// </summary>
internal static partial class EmulatorLog
{
    [LoggerMessage(EventId = 9001, Level = LogLevel.Information, Message = "Signed in {UserPrincipalName} to client {ClientId} in tenant {TenantId}")]
    public static partial void SignedIn(this ILogger logger, string userPrincipalName, string clientId, string tenantId);

    [LoggerMessage(EventId = 9002, Level = LogLevel.Information, Message = "Authorize request refused: {Error} AADSTS{Code}")]
    public static partial void AuthorizeRefused(this ILogger logger, string error, int code);

    [LoggerMessage(EventId = 9003, Level = LogLevel.Information, Message = "Issued tokens ({GrantType}) to client {ClientId}")]
    public static partial void TokensIssued(this ILogger logger, string grantType, string clientId);

    [LoggerMessage(EventId = 9004, Level = LogLevel.Information, Message = "Token request refused: {Error} AADSTS{Code}")]
    public static partial void TokenRequestRefused(this ILogger logger, string error, int code);

    [LoggerMessage(EventId = 9005, Level = LogLevel.Information, Message = "Loaded directory {Path}: {Tenants} tenants, {Users} users, {Applications} applications")]
    public static partial void DirectoryLoaded(this ILogger logger, string path, int tenants, int users, int applications);

    [LoggerMessage(EventId = 9006, Level = LogLevel.Error, Message = "Unexpected failure handling {Method} {Path}")]
    public static partial void UnexpectedFailure(this ILogger logger, Exception exception, string method, string path);

    [LoggerMessage(EventId = 9007, Level = LogLevel.Information, Message = "Signed out; returning to a registered URI: {Returning}")]
    public static partial void SignedOut(this ILogger logger, bool returning);

    [LoggerMessage(EventId = 9008, Level = LogLevel.Information, Message = "Graph {Method} refused: {Status} {Code}")]
    public static partial void GraphRequestRefused(this ILogger logger, string method, int status, string code);

    [LoggerMessage(EventId = 9009, Level = LogLevel.Warning, Message = "Could not fetch the keys of federated issuer {Issuer}: {Reason}")]
    public static partial void ExternalIssuerUnreachable(this ILogger logger, string issuer, string reason);

    [LoggerMessage(EventId = 9010, Level = LogLevel.Information, Message = "Hosted issuer {Name} minted a token for {Subject}")]
    public static partial void FederationTokenIssued(this ILogger logger, string name, string subject);

    [LoggerMessage(EventId = 9011, Level = LogLevel.Information, Message = "Issued a managed identity token for {ObjectId} to resource {Resource}")]
    public static partial void ManagedIdentityTokenIssued(this ILogger logger, string objectId, string resource);

    [LoggerMessage(EventId = 9012, Level = LogLevel.Information, Message = "Managed identity token request refused: {Error}")]
    public static partial void ManagedIdentityRequestRefused(this ILogger logger, string error);

    [LoggerMessage(EventId = 9013, Level = LogLevel.Information, Message = "Signing keys rotated; active kid {KeyId}")]
    public static partial void SigningKeysRotated(this ILogger logger, string keyId);

    [LoggerMessage(EventId = 9014, Level = LogLevel.Information, Message = "Fault switches changed through the operator API ({Count} set)")]
    public static partial void FaultsChanged(this ILogger logger, int count);

    [LoggerMessage(EventId = 9015, Level = LogLevel.Information, Message = "Issued a device code to client {ClientId}")]
    public static partial void DeviceCodeIssued(this ILogger logger, string clientId);

    [LoggerMessage(EventId = 9016, Level = LogLevel.Information, Message = "Device code request refused: {Error} AADSTS{Code}")]
    public static partial void DeviceCodeRefused(this ILogger logger, string error, int code);

    [LoggerMessage(EventId = 9017, Level = LogLevel.Information, Message = "Device code approved by {UserPrincipalName} for client {ClientId}")]
    public static partial void DeviceCodeApproved(this ILogger logger, string userPrincipalName, string clientId);

    [LoggerMessage(EventId = 9018, Level = LogLevel.Information, Message = "Device code declined for client {ClientId}")]
    public static partial void DeviceCodeDeclined(this ILogger logger, string clientId);
}
