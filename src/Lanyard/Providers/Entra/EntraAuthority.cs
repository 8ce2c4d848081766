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
