using System.Net.Http.Headers;
using System.Text.Json;
using Lanyard.Configuration;
using Lanyard.Identity;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;

namespace Lanyard.Providers.Oidc;

/// <summary>
/// The seams where a provider differs from plain OpenID Connect. The generic behaviour lives here; a provider
/// (Entra ID) subclasses and overrides, so its quirks stay in its own folder and out of the request path.
/// </summary>
internal class OidcProviderEvents
{
    /// <summary>OpenID Connect Discovery §4.3: the discovered issuer must be the configured one. Returns why not, or null.</summary>
    public virtual string? ValidateDiscoveredIssuer(string? discoveredIssuer, ProviderOptions options)
    {
        var expected = options.IssuerUrl.AbsoluteUri.TrimEnd('/');
        return string.Equals(discoveredIssuer?.TrimEnd('/'), expected, StringComparison.Ordinal)
            ? null
            : $"the discovery document names issuer '{discoveredIssuer}', but oidc_issuer_url is '{options.IssuerUrl}'";
    }

    /// <summary>Adjusts ID token validation (issuer rules, for example) before it runs.</summary>
    public virtual void ConfigureIdTokenValidation(TokenValidationParameters parameters, ProviderOptions options)
    {
    }

    /// <summary>Checks on a validly signed ID token beyond the standard ones. Returns why it is refused, or null.</summary>
    public virtual string? ValidateIdToken(JsonWebToken idToken, ProviderOptions options) => null;

    /// <summary>Maps the ID token's claims to a provider-neutral identity (oauth2-proxy: user = sub).</summary>
    public virtual UserIdentity CreateIdentity(JsonWebToken idToken) => new(
        User: Claim(idToken, "sub") ?? "",
        Email: Claim(idToken, "email"),
        PreferredUsername: Claim(idToken, "preferred_username"),
        Groups: Claims(idToken, "groups"),
        Roles: Claims(idToken, "roles"));

    /// <summary>
    /// Authenticates this client at the token endpoint. The secret goes in the Basic header when the provider
    /// supports it (the OpenID Connect default, and some providers register clients for it alone), else in the form.
    /// </summary>
    public virtual ValueTask AuthenticateClientAsync(HttpRequestMessage request, Dictionary<string, string> form, ProviderOptions options, IReadOnlyCollection<string> supportedMethods, CancellationToken cancellationToken)
    {
        var useBasic = supportedMethods.Count == 0 || supportedMethods.Contains("client_secret_basic");
        if (useBasic)
        {
            // RFC 6749 §2.3.1: both parts are form-urlencoded before they are joined and base64-encoded.
            var credentials = Uri.EscapeDataString(options.ClientId) + ":" + Uri.EscapeDataString(options.ClientSecret.Reveal());
            request.Headers.Authorization = new AuthenticationHeaderValue("Basic", Convert.ToBase64String(System.Text.Encoding.UTF8.GetBytes(credentials)));
        }
        else
        {
            form["client_secret"] = options.ClientSecret.Reveal();
        }

        form["client_id"] = options.ClientId;
        return ValueTask.CompletedTask;
    }

    protected static string? Claim(JsonWebToken token, string type) =>
        token.TryGetPayloadValue<string>(type, out var value) && !string.IsNullOrEmpty(value) ? value : null;

    /// <summary>A claim that may be an array of strings or a single string.</summary>
    protected static IReadOnlyList<string> Claims(JsonWebToken token, string type)
    {
        if (!token.TryGetPayloadValue<JsonElement>(type, out var element))
        {
            return [];
        }

        return element.ValueKind switch
        {
            JsonValueKind.Array => [.. element.EnumerateArray().Where(e => e.ValueKind == JsonValueKind.String).Select(e => e.GetString()!)],
            JsonValueKind.String => [element.GetString()!],
            _ => [],
        };
    }
}
