using System.Buffers.Text;
using System.Text;

namespace Lanyard.Endpoints;

/// <summary>
/// <c>encode_state</c>: the OAuth <c>state</c> goes to the provider base64url-encoded (no padding), as oauth2-proxy's
/// <c>encodeState</c>, for providers that mangle some characters in it; the callback decodes it again. Lanyard's state
/// is a random base64url token (the redirect target stays in the CSRF cookie), so only its form changes.
/// </summary>
internal static class OAuthState
{
    public static string ToWire(string state, bool encode) => encode ? Base64Url.EncodeToString(Encoding.UTF8.GetBytes(state)) : state;

    /// <summary>The state as Lanyard made it; empty (which matches no sign-in) when an encoded one does not decode.</summary>
    public static string FromWire(string wire, bool encode)
    {
        if (!encode)
        {
            return wire;
        }

        return wire.Length > 0 && wire.Length <= 1024 && Base64Url.IsValid(wire) ? Encoding.UTF8.GetString(Base64Url.DecodeFromChars(wire)) : "";
    }
}
