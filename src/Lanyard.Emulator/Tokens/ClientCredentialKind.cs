namespace Lanyard.Emulator.Tokens;

/// <summary>How the client proved itself at the token endpoint; access tokens record it as <c>appidacr</c> (§4.3).</summary>
internal enum ClientCredentialKind
{
    Secret,
    Certificate,
    FederatedCredential,

    /// <summary>A public client ("Allow public client flows"): only its client id, as kubectl's device-code sign-in sends.</summary>
    PublicClient,
}

internal static class ClientCredentialKindExtensions
{
    /// <summary>The <c>appidacr</c>/<c>azpacr</c> value: 0 public client, 1 secret, 2 certificate or assertion.</summary>
    public static string Strength(this ClientCredentialKind kind) => kind switch
    {
        ClientCredentialKind.PublicClient => "0",
        ClientCredentialKind.Secret => "1",
        _ => "2",
    };
}
