namespace Lanyard.Emulator.Tokens;

/// <summary>
/// The <c>iss</c> of v1.0 access tokens (entra-protocol.md §4.3). Entra's v1 issuer lives on the cloud's STS host, not
/// the login host, so an emulator that plays a Microsoft login host names that STS. On any other host (127.0.0.1, test
/// names) the emulator stands in for the STS too, so the issuer is <c>{authority}/{tid}/</c> on its own host: a relying
/// party can then fetch metadata and keys from where the token says it came from.
/// </summary>
internal static class V1Issuer
{
    private static readonly Dictionary<string, string> StsByLoginHost = new(StringComparer.OrdinalIgnoreCase)
    {
        ["login.microsoftonline.com"] = "https://sts.windows.net",
        ["login.windows.net"] = "https://sts.windows.net",
        ["login.microsoft.com"] = "https://sts.windows.net",

        // US Government: sts.windows.net is what the proxy's cloud table assumes too; unverified against real tokens.
        ["login.microsoftonline.us"] = "https://sts.windows.net",
        ["login.usgovcloudapi.net"] = "https://sts.windows.net",
        ["login.chinacloudapi.cn"] = "https://sts.chinacloudapi.cn",
        ["login.partner.microsoftonline.cn"] = "https://sts.chinacloudapi.cn",
    };

    /// <param name="authority">The emulator's base URL, without a trailing slash.</param>
    public static string For(string authority, string tenantId) =>
        Uri.TryCreate(authority, UriKind.Absolute, out var uri) && StsByLoginHost.TryGetValue(uri.Host, out var sts)
            ? $"{sts}/{tenantId}/"
            : $"{authority}/{tenantId}/";
}
