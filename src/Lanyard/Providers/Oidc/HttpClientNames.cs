namespace Lanyard.Providers.Oidc;

internal static class HttpClientNames
{
    /// <summary>Discovery, JWKS and token requests to the identity provider.</summary>
    public const string Provider = "lanyard-provider";
}
