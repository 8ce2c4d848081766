using System.Globalization;
using System.Text.Json;
using System.Text.Json.Serialization;
using Lanyard.Configuration;
using Lanyard.Providers.Oidc;
using Microsoft.AspNetCore.WebUtilities;

namespace Lanyard.Providers.Entra;

/// <summary>
/// The client assertion is a managed identity's token for <c>api://AzureADTokenExchange</c>, from the instance
/// metadata endpoint (IMDS, entra-protocol.md §7.1); the app registration trusts that identity through a federated
/// credential. The token is kept until five minutes before it expires.
/// Why not Azure.Identity's ManagedIdentityCredential: its IMDS address can only be moved through a process-wide
/// environment variable, and this is one GET whose address Lanyard takes as a setting
/// (<c>entra_id_managed_identity_endpoint</c>) so tests and the emulator can stand in for IMDS.
/// </summary>
internal sealed class ManagedIdentityAssertion(ProviderOptions options, IHttpClientFactory httpClients, TimeProvider time) : IClientAssertionSource, IDisposable
{
    public const string HttpClientName = "lanyard-managed-identity";
    private const string Resource = "api://AzureADTokenExchange";
    private static readonly TimeSpan RefreshMargin = TimeSpan.FromMinutes(5);
    private readonly SemaphoreSlim _gate = new(1, 1);
    private CachedToken? _cached;

    public void Dispose() => _gate.Dispose();

    public async ValueTask<string> GetAssertionAsync(Uri tokenEndpoint, CancellationToken cancellationToken)
    {
        if (Volatile.Read(ref _cached) is { } cached && cached.ExpiresOn - RefreshMargin > time.GetUtcNow())
        {
            return cached.Token;
        }

        await _gate.WaitAsync(cancellationToken);
        try
        {
            if (_cached is { } again && again.ExpiresOn - RefreshMargin > time.GetUtcNow())
            {
                return again.Token;
            }

            var fetched = await FetchAsync(cancellationToken);
            Volatile.Write(ref _cached, fetched);
            return fetched.Token;
        }
        finally
        {
            _gate.Release();
        }
    }

    private async Task<CachedToken> FetchAsync(CancellationToken cancellationToken)
    {
        var identity = (ClientCredentialOptions.ManagedIdentity)options.Credential;
        var query = new Dictionary<string, string?> { ["api-version"] = "2018-02-01", ["resource"] = Resource };
        if (identity.ClientId is not null)
        {
            query["client_id"] = identity.ClientId;
        }

        var url = QueryHelpers.AddQueryString(new Uri(identity.Endpoint, "/metadata/identity/oauth2/token").AbsoluteUri, query);
        using var request = new HttpRequestMessage(HttpMethod.Get, url);
        request.Headers.Add("Metadata", "true");
        try
        {
            using var response = await httpClients.CreateClient(HttpClientName).SendAsync(request, cancellationToken);
            if (!response.IsSuccessStatusCode)
            {
                throw new ClientAssertionUnavailableException($"the managed identity endpoint answered {(int)response.StatusCode}");
            }

            var body = await response.Content.ReadFromJsonAsync(ManagedIdentityJsonContext.Default.ManagedIdentityToken, cancellationToken);
            if (body?.AccessToken is not { Length: > 0 } token)
            {
                throw new ClientAssertionUnavailableException("the managed identity endpoint's answer has no access_token");
            }

            // IMDS sends numbers as strings (§7.1); without a usable expiry, keep the token for five minutes only.
            var expiresOn = long.TryParse(body.ExpiresOn, NumberStyles.None, CultureInfo.InvariantCulture, out var seconds)
                ? DateTimeOffset.FromUnixTimeSeconds(seconds)
                : time.GetUtcNow() + RefreshMargin + RefreshMargin;
            return new CachedToken(token, expiresOn);
        }
        catch (Exception e) when (e is HttpRequestException or JsonException or TaskCanceledException && !cancellationToken.IsCancellationRequested)
        {
            throw new ClientAssertionUnavailableException($"the managed identity endpoint {identity.Endpoint} could not be used: {e.Message}", e);
        }
    }
}

internal sealed record CachedToken(string Token, DateTimeOffset ExpiresOn)
{
    public override string ToString() => $"CachedToken {{ ExpiresOn = {ExpiresOn:O} }}";
}

internal sealed record ManagedIdentityToken(
    [property: JsonPropertyName("access_token")] string? AccessToken,
    [property: JsonPropertyName("expires_on")] string? ExpiresOn)
{
    public override string ToString() => $"ManagedIdentityToken {{ ExpiresOn = {ExpiresOn} }}";
}

[JsonSerializable(typeof(ManagedIdentityToken))]
internal sealed partial class ManagedIdentityJsonContext : JsonSerializerContext;
