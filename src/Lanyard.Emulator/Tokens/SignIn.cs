using Lanyard.Emulator.Protocol;

namespace Lanyard.Emulator.Tokens;

/// <summary>What a completed sign-in grants: a user, to a client, in a tenant, for scopes, in one session (<c>sid</c>).</summary>
internal sealed record SignIn(string ClientId, string UserObjectId, string TenantId, ScopeSet Scopes, string SessionId);
