namespace Lanyard.Emulator.Protocol;

/// <summary>One Entra error: the OAuth <c>error</c>, the AADSTS number and its text (see <see cref="EntraErrors"/>).</summary>
/// <param name="Suberror">Entra's <c>suberror</c> (entra-protocol.md §3.4), which MSAL reads to tell "the user must act"
/// (<c>consent_required</c>, <c>basic_action</c>, …) from a plain failure; null when Entra sends none.</param>
internal sealed record EntraError(string Error, int Code, string Message, string? Suberror = null)
{
    /// <summary>400, except 401 for <c>invalid_client</c> (entra-protocol.md §3.4) and 500 for <c>server_error</c>.</summary>
    public int StatusCode => Error switch
    {
        "invalid_client" => 401,
        "server_error" => 500,
        _ => 400,
    };
}
