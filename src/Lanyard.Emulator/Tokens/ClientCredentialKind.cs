namespace Lanyard.Emulator.Tokens;

/// <summary>How the client proved itself at the token endpoint; access tokens record it as <c>appidacr</c> (§4.3).</summary>
internal enum ClientCredentialKind
{
    Secret,
    Certificate,
    FederatedCredential,
}
