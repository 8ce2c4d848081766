using System.Buffers.Text;
using Lanyard.Emulator.Protocol;

namespace Lanyard.Emulator.Tokens;

/// <summary>
/// The account a user token belongs to, as <c>client_info</c> names it: MSAL sends <c>client_info=1</c> and builds its
/// account (home account id <c>{uid}.{utid}</c>) from the answer, base64url JSON <c>{"uid": …, "utid": …}</c>. For a
/// work account that is the user's object id and tenant; for a personal account the MSA object id and the consumer
/// tenant <c>9188040d-…</c> (entra-protocol.md §4.4); for a B2B guest the account in its home tenant.
/// </summary>
internal sealed record HomeAccount(string ObjectId, string TenantId)
{
    public static HomeAccount Of(EmulatorUser user, EmulatorDirectory directory)
    {
        // A guest's home account is the user of its home tenant whose address the guest object carries.
        if (user is { GuestOfTenantId: { } homeTenant, Email: { } address }
            && directory.Users.FirstOrDefault(u =>
                string.Equals(u.TenantId, homeTenant, StringComparison.OrdinalIgnoreCase)
                && string.Equals(u.UserPrincipalName, address, StringComparison.OrdinalIgnoreCase)) is { } home)
        {
            return new HomeAccount(home.ObjectId, home.TenantId);
        }

        return new HomeAccount(user.ObjectId, user.TenantId);
    }

    /// <summary>The <c>client_info</c> value; base64url without padding, as Entra sends it.</summary>
    public string ClientInfo() => Base64Url.EncodeToString(JsonResponse.Serialize(w =>
    {
        w.WriteStartObject();
        w.WriteString("uid", ObjectId);
        w.WriteString("utid", TenantId);
        w.WriteEndObject();
    }));
}
