using System.Buffers.Text;
using System.Collections.Concurrent;
using System.Security.Cryptography;
using System.Text.Json;
using Microsoft.Extensions.Logging;

namespace Lanyard.Emulator.ClientAssertions;

/// <summary>
/// Fetches a federated issuer's signing keys the way Entra does (§3.1): OpenID discovery at
/// <c>{issuer}/.well-known/openid-configuration</c>, then its <c>jwks_uri</c>, first 100 keys only. Requests go through
/// the named client <see cref="HttpClientName"/> so tests and dev setups can route them. Keys are kept five minutes,
/// and fetched again sooner only when an assertion names a <c>kid</c> the cache lacks.
/// </summary>
internal sealed class ExternalIssuerKeys(IHttpClientFactory httpClients, TimeProvider time, ILogger<ExternalIssuerKeys> logger)
{
    public const string HttpClientName = "Lanyard.Emulator.FederatedIssuers";

    private const int MaximumKeys = 100;
    private static readonly TimeSpan CacheLifetime = TimeSpan.FromMinutes(5);

    private readonly ConcurrentDictionary<string, (IReadOnlyList<IssuerKey> Keys, DateTimeOffset FetchedAt)> _cache = new(StringComparer.Ordinal);

    public async Task<IssuerKeys> GetAsync(string issuer, string? keyId, CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        if (_cache.TryGetValue(issuer, out var cached) && now - cached.FetchedAt < CacheLifetime
            && (keyId is null || cached.Keys.Any(k => k.KeyId == keyId)))
        {
            return new IssuerKeys.Found(cached.Keys);
        }

        var fetched = await FetchAsync(issuer, cancellationToken);
        switch (fetched)
        {
            case IssuerKeys.Found found:
                _cache[issuer] = (found.Keys, now);
                break;
            case IssuerKeys.Failed failed:
                logger.ExternalIssuerUnreachable(issuer, failed.Reason);
                break;
            default:
                break;
        }

        return fetched;
    }

    private async Task<IssuerKeys> FetchAsync(string issuer, CancellationToken cancellationToken)
    {
        var client = httpClients.CreateClient(HttpClientName);
        var metadataUrl = $"{issuer.TrimEnd('/')}/.well-known/openid-configuration";
        try
        {
            using var metadata = await GetJsonAsync(client, metadataUrl, cancellationToken);
            var root = metadata.RootElement;

            // OpenID Connect Discovery §4.3: the document must name the issuer it was fetched for.
            if (!root.TryGetProperty("issuer", out var named) || named.ValueKind != JsonValueKind.String || named.GetString() != issuer)
            {
                return new IssuerKeys.Failed($"The discovery document at '{metadataUrl}' does not name the issuer '{issuer}'.");
            }

            if (!root.TryGetProperty("jwks_uri", out var jwksUri) || jwksUri.ValueKind != JsonValueKind.String
                || !Uri.TryCreate(jwksUri.GetString(), UriKind.Absolute, out var jwksUrl) || jwksUrl.Scheme is not ("http" or "https"))
            {
                return new IssuerKeys.Failed($"The discovery document at '{metadataUrl}' has no absolute http(s) 'jwks_uri'.");
            }

            using var jwks = await GetJsonAsync(client, jwksUrl.AbsoluteUri, cancellationToken);
            if (!jwks.RootElement.TryGetProperty("keys", out var keys) || keys.ValueKind != JsonValueKind.Array)
            {
                return new IssuerKeys.Failed($"The key document at '{jwksUrl}' has no 'keys' array.");
            }

            return new IssuerKeys.Found([.. keys.EnumerateArray().Take(MaximumKeys).Select(RsaKey).OfType<IssuerKey>()]);
        }
        catch (HttpRequestException ex)
        {
            return new IssuerKeys.Failed(ex.Message);
        }
        catch (JsonException)
        {
            return new IssuerKeys.Failed($"A document of issuer '{issuer}' is not JSON.");
        }
        catch (TaskCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            return new IssuerKeys.Failed($"Fetching the keys of issuer '{issuer}' timed out.");
        }
    }

    private static async Task<JsonDocument> GetJsonAsync(HttpClient client, string url, CancellationToken cancellationToken)
    {
        using var response = await client.GetAsync(url, cancellationToken);
        if (!response.IsSuccessStatusCode)
        {
            throw new HttpRequestException($"GET {url} answered {(int)response.StatusCode}.");
        }

        await using var body = await response.Content.ReadAsStreamAsync(cancellationToken);
        return await JsonDocument.ParseAsync(body, default, cancellationToken);
    }

    // Only RSA signing keys can verify RS256/PS256; others (EC, encryption keys) are skipped, not errors.
    private static IssuerKey? RsaKey(JsonElement jwk)
    {
        if (jwk.ValueKind != JsonValueKind.Object || Text(jwk, "kty") != "RSA" || Text(jwk, "use") is not (null or "sig")
            || Text(jwk, "n") is not { } n || Text(jwk, "e") is not { } e || !Base64Url.IsValid(n) || !Base64Url.IsValid(e))
        {
            return null;
        }

        return new IssuerKey(Text(jwk, "kid"), new RSAParameters { Modulus = Base64Url.DecodeFromChars(n), Exponent = Base64Url.DecodeFromChars(e) });
    }

    private static string? Text(JsonElement element, string name) =>
        element.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String ? value.GetString() : null;
}
