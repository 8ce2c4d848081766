using System.Text.Json;
using Lanyard.Observability;

namespace Lanyard.Providers.Oidc;

/// <summary>
/// Calls the provider's token endpoint (RFC 6749 §4.1.3 with PKCE, RFC 7636 §4.5). Checks the HTTP status and
/// the body's shape before trusting either: oauth2-proxy's federated path once took an error body for tokens.
/// </summary>
internal sealed class TokenEndpointClient(IHttpClientFactory httpClients, ClientAuthenticator authenticator, LanyardMetrics metrics, ILogger<TokenEndpointClient> logger)
{
    public Task<TokenRequestResult> RedeemCodeAsync(Uri tokenEndpoint, IReadOnlyCollection<string> authMethods, string code, string redirectUri, string codeVerifier, CancellationToken cancellationToken) =>
        SendAsync(tokenEndpoint, authMethods, new Dictionary<string, string>
        {
            ["grant_type"] = "authorization_code",
            ["code"] = code,
            ["redirect_uri"] = redirectUri,
            ["code_verifier"] = codeVerifier,
        }, cancellationToken);

    /// <summary>RFC 6749 §6. Entra ID answers with a new refresh token every time; the caller keeps the newest.</summary>
    public Task<TokenRequestResult> RedeemRefreshTokenAsync(Uri tokenEndpoint, IReadOnlyCollection<string> authMethods, string refreshToken, CancellationToken cancellationToken) =>
        SendAsync(tokenEndpoint, authMethods, new Dictionary<string, string>
        {
            ["grant_type"] = "refresh_token",
            ["refresh_token"] = refreshToken,
        }, cancellationToken);

    /// <summary>
    /// RFC 6749 §4.4: an app-only token for <paramref name="scope"/> (<c>{resource}/.default</c> at Entra ID), with
    /// this client's own credentials, the same ones every other grant uses.
    /// </summary>
    public Task<TokenRequestResult> RequestClientCredentialsAsync(Uri tokenEndpoint, IReadOnlyCollection<string> authMethods, string scope, CancellationToken cancellationToken) =>
        SendAsync(tokenEndpoint, authMethods, new Dictionary<string, string>
        {
            ["grant_type"] = "client_credentials",
            ["scope"] = scope,
        }, cancellationToken);

    /// <summary>
    /// One token request, as a span (<c>token_endpoint {grant}</c>, the HTTP call beneath it) and as
    /// <c>lanyard_token_requests_total{grant, outcome}</c>. Neither carries the form: it holds codes, refresh tokens, secrets.
    /// </summary>
    private async Task<TokenRequestResult> SendAsync(Uri tokenEndpoint, IReadOnlyCollection<string> authMethods, Dictionary<string, string> form, CancellationToken cancellationToken)
    {
        var grant = form["grant_type"];
        using var activity = LanyardTracing.StartCall("token_endpoint " + grant);
        activity?.SetTag("lanyard.grant_type", grant);
        var result = await ExchangeAsync(tokenEndpoint, authMethods, form, cancellationToken);
        var outcome = result switch
        {
            TokenRequestResult.Issued => "issued",
            TokenRequestResult.Refused => "refused",
            _ => "unavailable",
        };
        metrics.TokenRequest(grant, outcome);
        if (result is not TokenRequestResult.Issued)
        {
            LanyardTracing.Failed(activity, outcome);
        }

        return result;
    }

    private async Task<TokenRequestResult> ExchangeAsync(Uri tokenEndpoint, IReadOnlyCollection<string> authMethods, Dictionary<string, string> form, CancellationToken cancellationToken)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, tokenEndpoint);
        request.Headers.Accept.ParseAdd("application/json");
        try
        {
            await authenticator.ApplyAsync(request, form, tokenEndpoint, authMethods, cancellationToken);
        }
        catch (ClientAssertionUnavailableException e)
        {
            return Unavailable($"this client could not authenticate: {e.Message}");
        }

        request.Content = new FormUrlEncodedContent(form);

        HttpResponseMessage response;
        try
        {
            // Buffered (the default completion): the client's timeout covers the body too, and its
            // MaxResponseContentBufferSize bounds it, chunked or not.
            response = await httpClients.CreateClient(HttpClientNames.Provider).SendAsync(request, cancellationToken);
        }
        catch (Exception e) when (e is HttpRequestException or IOException)
        {
            return Unavailable($"the token endpoint could not be reached or its answer not read ({e.Message})");
        }
        catch (TaskCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            return Unavailable("the token endpoint did not answer in time");
        }

        using (response)
        {
            TokenEndpointResponse? body;
            try
            {
                await using var stream = await response.Content.ReadAsStreamAsync(cancellationToken);
                body = await JsonSerializer.DeserializeAsync(stream, ProviderJsonContext.Default.TokenEndpointResponse, cancellationToken);
            }
            catch (JsonException)
            {
                body = null;
            }

            if (body?.Error is { Length: > 0 } error)
            {
                LogEvents.TokenRequestRefused(logger, (int)response.StatusCode, error, body.ErrorDescription);
                return new TokenRequestResult.Refused(error, body.ErrorDescription);
            }

            if (!response.IsSuccessStatusCode || body is null)
            {
                return Unavailable($"the token endpoint answered {(int)response.StatusCode} without a token response");
            }

            if (!string.Equals(body.TokenType, "Bearer", StringComparison.OrdinalIgnoreCase) || body.AccessToken is null)
            {
                return Unavailable("the token endpoint's answer has no bearer access token");
            }

            return new TokenRequestResult.Issued(body);
        }
    }

    private TokenRequestResult.Unavailable Unavailable(string reason)
    {
        LogEvents.TokenEndpointUnavailable(logger, reason);
        return new TokenRequestResult.Unavailable(reason);
    }
}
