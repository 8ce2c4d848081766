using Microsoft.IdentityModel.Tokens;

namespace Lanyard.Configuration;

/// <summary>
/// Where the provider's endpoints and signing keys come from. By default, from OpenID Connect discovery under
/// <c>oidc_issuer_url</c>. With <c>skip_oidc_discovery</c>, no discovery request is made at all: the browser goes to
/// <c>login_url</c>, codes are redeemed at <c>redeem_url</c> and keys come from <c>oidc_jwks_url</c> or
/// <c>oidc_public_key_files</c>; the issuer tokens must name is still <c>oidc_issuer_url</c>.
/// </summary>
/// <param name="SkipDiscovery"><c>skip_oidc_discovery</c>.</param>
/// <param name="LoginUrl"><c>login_url</c>: the authorization endpoint (only with <paramref name="SkipDiscovery"/>).</param>
/// <param name="RedeemUrl"><c>redeem_url</c>: the token endpoint (only with <paramref name="SkipDiscovery"/>).</param>
/// <param name="JwksUrl"><c>oidc_jwks_url</c>: the key set (only with <paramref name="SkipDiscovery"/>).</param>
/// <param name="PublicKeyFiles"><c>oidc_public_key_files</c>, as configured.</param>
/// <param name="PublicKeys">The keys those files hold, trusted in addition to the provider's published ones.</param>
internal sealed record ProviderEndpointOptions(
    bool SkipDiscovery = false,
    Uri? LoginUrl = null,
    Uri? RedeemUrl = null,
    Uri? JwksUrl = null,
    IReadOnlyList<string>? PublicKeyFiles = null,
    IReadOnlyList<SecurityKey>? PublicKeys = null)
{
    public static ProviderEndpointOptions Discovered { get; } = new();

    public IReadOnlyList<SecurityKey> StaticKeys => PublicKeys ?? [];
}
