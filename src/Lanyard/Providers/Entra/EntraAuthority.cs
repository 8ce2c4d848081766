namespace Lanyard.Providers.Entra;

/// <summary>
/// The authority host an Entra ID issuer URL names (<c>https://login.microsoftonline.com</c>, a sovereign cloud's
/// host, or the emulator's), read from configuration rather than hard-coded, so every cloud works the same way.
/// </summary>
internal sealed record EntraAuthority(string Host, string V1IssuerBase)
{
    public static EntraAuthority FromIssuerUrl(Uri issuerUrl) =>
        new(issuerUrl.GetLeftPart(UriPartial.Authority), EntraClouds.V1IssuerBaseFor(issuerUrl));

    /// <summary>The v1.0 issuer (access tokens for APIs that accept v1.0): <c>https://sts.windows.net/{tid}/</c> in the public cloud.</summary>
    public string V1IssuerFor(string tenantId) => $"{V1IssuerBase}/{tenantId}/";

    /// <summary>The v2.0 issuer of tokens from tenant <paramref name="tenantId"/>: <c>{authority}/{tid}/v2.0</c>.</summary>
    public string IssuerFor(string tenantId) => $"{Host}/{tenantId}/v2.0";

    /// <summary>
    /// The token endpoint of tenant <paramref name="tenantId"/> at the same host and path as
    /// <paramref name="tokenEndpoint"/> (<c>{authority}/{tenant}/oauth2/v2.0/token</c>): the client-credentials grant
    /// needs a concrete tenant, where discovery may have named <c>organizations</c> or <c>common</c>.
    /// </summary>
    public static Uri TokenEndpointFor(Uri tokenEndpoint, string tenantId)
    {
        var segments = tokenEndpoint.AbsolutePath.Split('/', StringSplitOptions.RemoveEmptyEntries);
        if (segments.Length < 2)
        {
            return tokenEndpoint;
        }

        segments[0] = Uri.EscapeDataString(tenantId);
        return new UriBuilder(tokenEndpoint) { Path = "/" + string.Join('/', segments), Query = "" }.Uri;
    }

    /// <summary>
    /// The tenant a single-tenant issuer names (<c>{authority}/{tid}/v2.0</c>, or v1.0's <c>{sts}/{tid}/</c>), lower
    /// case; null for <c>common</c>, <c>organizations</c>, a template or anything that is not a tenant id.
    /// </summary>
    public static string? TenantOf(string? issuer)
    {
        if (issuer is null || !Uri.TryCreate(issuer, UriKind.Absolute, out var uri))
        {
            return null;
        }

        var segments = uri.AbsolutePath.Split('/', StringSplitOptions.RemoveEmptyEntries);
        var tenant = segments switch
        {
            [var v1] => v1,
            [var v2, "v2.0"] => v2,
            _ => null,
        };
        return tenant is not null && Guid.TryParseExact(tenant, "D", out _) ? tenant.ToLowerInvariant() : null;
    }
}
