using Lanyard.Emulator.Protocol;
using Lanyard.Emulator.Tokens;

namespace Lanyard.Emulator.Endpoints;

/// <summary>The outcome of client authentication at the token endpoint.</summary>
internal abstract record ClientAuthentication
{
    private ClientAuthentication()
    {
    }

    public sealed record Authenticated(EmulatorApplication Application, ClientCredentialKind Credential) : ClientAuthentication;

    public sealed record Failed(EntraError Error) : ClientAuthentication;
}
