using System.Text.Json;

namespace Lanyard.Emulator.Tokens;

/// <summary>
/// The <c>groups</c> claim, or above the limit Entra's overage indicator in its real, <c>graph.windows.net</c> form
/// (entra-protocol.md §5.2): a client must not follow that link, but call Microsoft Graph itself (§11, pitfall 13).
/// </summary>
internal static class GroupClaims
{
    public static void Write(Utf8JsonWriter w, TokenClaimsContext c)
    {
        if (c.GroupOverage)
        {
            w.WriteStartObject("_claim_names");
            w.WriteString("groups", "src1");
            w.WriteEndObject();
            w.WriteStartObject("_claim_sources");
            w.WriteStartObject("src1");
            w.WriteString("endpoint", $"https://graph.windows.net/{c.SignIn.TenantId}/users/{c.User.ObjectId}/getMemberObjects");
            w.WriteEndObject();
            w.WriteEndObject();
            return;
        }

        if (c.User.GroupIds.Count == 0)
        {
            return;
        }

        w.WriteStartArray("groups");
        foreach (var group in c.User.GroupIds)
        {
            w.WriteStringValue(group);
        }

        w.WriteEndArray();
    }
}
