namespace Lanyard.Emulator.Protocol;

/// <summary>One Entra error: the OAuth <c>error</c>, the AADSTS number and its text (see <see cref="EntraErrors"/>).</summary>
internal sealed record EntraError(string Error, int Code, string Message)
{
    /// <summary>400, except 401 for <c>invalid_client</c> (entra-protocol.md §3.4) and 500 for <c>server_error</c>.</summary>
    public int StatusCode => Error switch
    {
        "invalid_client" => 401,
        "server_error" => 500,
        _ => 400,
    };
}
