using System.Text.Json;
using System.Text.Json.Serialization.Metadata;
using Lanyard.Providers.Oidc;

namespace Lanyard.Kubectl;

/// <summary>
/// The few Entra endpoints kubectl sign-in needs (entra-protocol.md §3, kubernetes-authn.md §3.7), written here
/// rather than taken from Azure.Identity/MSAL: those refuse non-https authorities, so they could not be pointed at
/// the emulator in tests, and neither is a dependency of Lanyard. Token answers are read as the proxy reads them,
/// into <see cref="TokenEndpointResponse"/>.
/// </summary>
internal sealed class EntraTokenClient(HttpClient http, string authority, TimeProvider time)
{
    public const string HttpClientName = "lanyard-kubectl";

    /// <summary><c>{host}/{tenant}/oauth2/v2.0</c>, the base of every endpoint here.</summary>
    public string Authority { get; } = authority.TrimEnd('/');

    /// <summary>The token endpoint, also the <c>aud</c> of a client assertion (entra-protocol.md §3.1).</summary>
    public Uri TokenEndpoint => new($"{Authority}/token");

    public async Task<DeviceCodeStart> StartDeviceCodeAsync(string clientId, string scope, CancellationToken cancellationToken)
    {
        var (status, body) = await PostAsync("devicecode", [new("client_id", clientId), new("scope", scope)], KubectlJsonContext.Default.DeviceAuthorizationResponse, cancellationToken);
        if (body?.Error is { Length: > 0 } error)
        {
            throw new SignInFailedException($"the device code request was refused: {Describe(error, body.ErrorDescription)}") { Error = error };
        }

        if (status is < 200 or > 299 || body?.DeviceCode is not { Length: > 0 } deviceCode || body.Message is not { Length: > 0 } message)
        {
            throw new SignInFailedException($"{Authority}/devicecode answered {status} without a device code");
        }

        return new DeviceCodeStart(deviceCode, message, TimeSpan.FromSeconds(body.Interval ?? 5), TimeSpan.FromSeconds(body.ExpiresIn ?? 900));
    }

    /// <summary>A token request: tokens, or the error Entra answered with (never thrown: pollers branch on it).</summary>
    /// <exception cref="SignInFailedException">No usable answer at all (unreachable, not a token response).</exception>
    public async Task<TokenAnswer> RequestAsync(IEnumerable<KeyValuePair<string, string>> form, CancellationToken cancellationToken)
    {
        // The expiry counts from when the request was sent, the safe side.
        var sentAt = time.GetUtcNow();
        var (status, body) = await PostAsync("token", form, ProviderJsonContext.Default.TokenEndpointResponse, cancellationToken);
        if (body?.Error is { Length: > 0 } error)
        {
            return new TokenAnswer.Refused(error, Describe(error, body.ErrorDescription));
        }

        if (status is < 200 or > 299 || body is null)
        {
            throw new SignInFailedException($"{TokenEndpoint} answered {status} without a token response");
        }

        if (!string.Equals(body.TokenType, "Bearer", StringComparison.OrdinalIgnoreCase) || body.AccessToken is not { Length: > 0 } accessToken)
        {
            throw new SignInFailedException($"{TokenEndpoint} answered without a bearer access token");
        }

        if (body.ExpiresIn is not { } expiresIn)
        {
            throw new SignInFailedException($"{TokenEndpoint} answered without expires_in");
        }

        return new TokenAnswer.Issued(new IssuedToken(accessToken, body.RefreshToken is { Length: > 0 } refresh ? refresh : null, sentAt.AddSeconds(expiresIn)));
    }

    /// <summary>The first line of Entra's description (its AADSTS code and text) without the trace and correlation ids.</summary>
    internal static string Describe(string error, string? description)
    {
        if (description is null)
        {
            return error;
        }

        var trace = description.IndexOf(" Trace ID:", StringComparison.Ordinal);
        var line = (trace > 0 ? description[..trace] : description).Split('\r', '\n')[0].Trim();
        return $"{error}: {line}";
    }

    // The status and the body as T, or null when the body is not that JSON (the caller says what was missing).
    private async Task<(int Status, T? Body)> PostAsync<T>(string endpoint, IEnumerable<KeyValuePair<string, string>> form, JsonTypeInfo<T> type, CancellationToken cancellationToken)
        where T : class
    {
        using var content = new FormUrlEncodedContent(form);
        HttpResponseMessage response;
        try
        {
            response = await http.PostAsync($"{Authority}/{endpoint}", content, cancellationToken);
        }
        catch (HttpRequestException e)
        {
            throw new SignInFailedException($"cannot reach {Authority}/{endpoint}: {e.Message}");
        }
        catch (TaskCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            throw new SignInFailedException($"{Authority}/{endpoint} did not answer in time");
        }

        using (response)
        {
            try
            {
                await using var stream = await response.Content.ReadAsStreamAsync(cancellationToken);
                return ((int)response.StatusCode, await JsonSerializer.DeserializeAsync(stream, type, cancellationToken));
            }
            catch (JsonException)
            {
                return ((int)response.StatusCode, null);
            }
            catch (Exception e) when (e is HttpRequestException or IOException)
            {
                throw new SignInFailedException($"the answer of {Authority}/{endpoint} could not be read: {e.Message}");
            }
        }
    }
}

/// <summary>The device authorization response, as much of it as a client needs: the message says where and what to type.</summary>
internal sealed record DeviceCodeStart(string DeviceCode, string Message, TimeSpan Interval, TimeSpan ExpiresIn);

/// <summary>An access token, its expiry, and the refresh token when one came.</summary>
internal sealed record IssuedToken(string AccessToken, string? RefreshToken, DateTimeOffset ExpiresAt)
{
    public override string ToString() => $"IssuedToken {{ ExpiresAt = {ExpiresAt:O}, RefreshToken = {(RefreshToken is null ? "none" : "redacted")} }}";
}

internal abstract record TokenAnswer
{
    private TokenAnswer()
    {
    }

    public sealed record Issued(IssuedToken Token) : TokenAnswer;

    /// <param name="Description">Entra's error and AADSTS text, without trace ids.</param>
    public sealed record Refused(string Error, string Description) : TokenAnswer;
}
