using System.Buffers.Text;
using System.Security.Cryptography;
using System.Text;

namespace Lanyard.Emulator.Tokens;

/// <summary>
/// Entra's <c>sub</c> is pairwise: the same user has a different subject per application and tenant (§4.2). A hash of
/// the three gives the same property, is stable across restarts, and has Entra's length (43 characters).
/// </summary>
internal static class PairwiseSubject
{
    public static string For(string objectId, string clientId, string tenantId)
    {
        var input = Encoding.UTF8.GetBytes($"lanyard-emulator-sub|{objectId}|{clientId}|{tenantId}".ToUpperInvariant());
        return Base64Url.EncodeToString(SHA256.HashData(input));
    }
}
