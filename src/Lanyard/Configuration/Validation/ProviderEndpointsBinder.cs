using System.Text;
using Lanyard.Providers.Oidc;
using Microsoft.IdentityModel.Tokens;

namespace Lanyard.Configuration.Validation;

/// <summary>
/// <c>skip_oidc_discovery</c> and what replaces discovery (<c>login_url</c>, <c>redeem_url</c>, <c>oidc_jwks_url</c>),
/// and <c>oidc_public_key_files</c>. oauth2-proxy's rules (§1.5): skipping discovery needs the login and redeem
/// URLs and a key source, the JWKS URL or key files but not both. With discovery on, oauth2-proxy silently
/// overwrites the three URLs with the discovered ones; Lanyard refuses them instead, so nobody believes a URL is
/// in use that is not.
/// </summary>
internal static class ProviderEndpointsBinder
{
    private const string OnlyWithoutDiscovery = "is used only with skip_oidc_discovery = true; with discovery the provider's discovery document names this endpoint (oauth2-proxy would silently replace it)";

    public static ProviderEndpointOptions Bind(SettingReader read)
    {
        var skip = read.Bool("skip_oidc_discovery", false);
        var loginUrl = ReadEndpoint(read, "login_url", out var loginBad);
        var redeemUrl = ReadEndpoint(read, "redeem_url", out var redeemBad);
        var jwksUrl = ReadEndpoint(read, "oidc_jwks_url", out var jwksBad);
        var keyFiles = read.List("oidc_public_key_files");
        var keys = ReadKeys(read, keyFiles);

        if (skip)
        {
            if (loginUrl is null && !loginBad)
            {
                read.Fail("login_url", "is required with skip_oidc_discovery = true: the provider's authorization endpoint, where the browser signs in (e.g. https://idp.example.com/oauth2/authorize)");
            }

            if (redeemUrl is null && !redeemBad)
            {
                read.Fail("redeem_url", "is required with skip_oidc_discovery = true: the provider's token endpoint, where codes are redeemed (e.g. https://idp.example.com/oauth2/token)");
            }

            if (jwksUrl is null && !jwksBad && keyFiles.Count == 0)
            {
                read.Fail("oidc_jwks_url", "is required with skip_oidc_discovery = true (or oidc_public_key_files): the provider's key set, which token signatures are checked against (e.g. https://idp.example.com/oauth2/keys)");
            }
        }
        else
        {
            foreach (var (key, url) in new[] { ("login_url", loginUrl), ("redeem_url", redeemUrl), ("oidc_jwks_url", jwksUrl) })
            {
                if (url is not null)
                {
                    read.Fail(key, OnlyWithoutDiscovery);
                }
            }
        }

        if (jwksUrl is not null && keyFiles.Count > 0)
        {
            read.Fail("oidc_public_key_files", "cannot be set together with oidc_jwks_url (as in oauth2-proxy); keep one source of keys");
        }

        return skip || keyFiles.Count > 0
            ? new ProviderEndpointOptions(skip, loginUrl, redeemUrl, jwksUrl, keyFiles, keys)
            : ProviderEndpointOptions.Discovered;
    }

    private static List<SecurityKey> ReadKeys(SettingReader read, IReadOnlyList<string> files)
    {
        var keys = new List<SecurityKey>();
        foreach (var file in files)
        {
            if (read.ReadFile("oidc_public_key_files", file) is not { } content)
            {
                continue;
            }

            switch (PublicKeyPem.Read(Encoding.UTF8.GetString(content)))
            {
                case ({ } found, _):
                    keys.AddRange(found);
                    break;
                case (_, var problem):
                    read.Fail("oidc_public_key_files", $"'{file}' {problem}");
                    break;
            }
        }

        return keys;
    }

    // The token endpoint and the key set carry secrets and trust; the login URL is where users type passwords.
    // Plain HTTP could be rewritten by anyone on the path: only on this machine, as for oidc_issuer_url.
    private static Uri? ReadEndpoint(SettingReader read, string key, out bool bad)
    {
        bad = false;
        var text = read.String(key)?.Trim();
        if (string.IsNullOrEmpty(text))
        {
            return null;
        }

        bad = true;
        if (!Uri.TryCreate(text, UriKind.Absolute, out var uri) || (uri.Scheme != Uri.UriSchemeHttps && uri.Scheme != Uri.UriSchemeHttp))
        {
            read.Fail(key, $"'{text}' is not an absolute http(s) URL");
            return null;
        }

        if (uri.Scheme == Uri.UriSchemeHttp && !uri.IsLoopback)
        {
            read.Fail(key, $"'{text}' must use https (plain http is allowed only for loopback addresses)");
            return null;
        }

        bad = false;
        return uri;
    }
}
