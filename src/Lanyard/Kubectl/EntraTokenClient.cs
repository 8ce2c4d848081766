using System.Globalization;
using System.Text.Json;

namespace Lanyard.Kubectl;

/// <summary>
/// The few Entra endpoints kubectl sign-in needs (entra-protocol.md §3, kubernetes-authn.md §3.7), written here
/// rather than taken from Azure.Identity/MSAL: those refuse non-https authorities, so they could not be pointed at
/// the emulator in tests, and neither is a dependency of Lanyard.
/// </summary>
internal sealed class EntraTokenClient(HttpClient http, string authority, TimeProvider time)
{
    public const string HttpClientName = "lanyard-kubectl";

    /// <summary><c>{host}/{tenant}/oauth2/v2.0</c>, the base of every endpoint here.</summary>
    public string Authority { get; } = authority.TrimEnd('/');

    public async Task<DeviceCodeStart> StartDeviceCodeAsync(string clientId, string scope, CancellationToken cancellationToken)
    {
        using var document = await PostAsync("devicecode", [new("client_id", clientId), new("scope", scope)], cancellationToken);
        var root = document.Response.RootElement;
        if (!document.Success)
        {
            throw Failure("the device code request", root);
        }

        return new DeviceCodeStart(
            Required(root, "device_code"),
            Required(root, "message"),
            TimeSpan.FromSeconds(Number(root, "interval") ?? 5),
            TimeSpan.FromSeconds(Number(root, "expires_in") ?? 900));
    }

    /// <summary>A token request: tokens, or the error Entra answered with (never thrown: pollers branch on it).</summary>
    public async Task<TokenAnswer> RequestAsync(IEnumerable<KeyValuePair<string, string>> form, CancellationToken cancellationToken)
    {
        var sentAt = time.GetUtcNow();
        using var document = await PostAsync("token", form, cancellationToken);
        var root = document.Response.RootElement;
        if (!document.Success)
        {
            return new TokenAnswer.Refused(String(root, "error") ?? "invalid_response", Describe(root));
        }

        return new TokenAnswer.Issued(ReadTokens(root, sentAt));
    }

    /// <summary>Reads a token response; the expiry counts from when the request was sent, the safe side.</summary>
    public static IssuedToken ReadTokens(JsonElement root, DateTimeOffset sentAt)
    {
        var accessToken = Required(root, "access_token");
        var expiresIn = Number(root, "expires_in") ?? throw new SignInFailedException("the token response has no expires_in");
        return new IssuedToken(accessToken, String(root, "refresh_token") is { Length: > 0 } refresh ? refresh : null, sentAt.AddSeconds(expiresIn));
    }

    private async Task<Answer> PostAsync(string endpoint, IEnumerable<KeyValuePair<string, string>> form, CancellationToken cancellationToken)
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
            var body = await response.Content.ReadAsStringAsync(cancellationToken);
            try
            {
                return new Answer(response.IsSuccessStatusCode, JsonDocument.Parse(body));
            }
            catch (JsonException)
            {
                throw new SignInFailedException($"{Authority}/{endpoint} answered {(int)response.StatusCode} without JSON");
            }
        }
    }

    internal static SignInFailedException Failure(string what, JsonElement root) =>
        new($"{what} was refused: {Describe(root)}") { Error = String(root, "error") };

    // The first line of Entra's description (its AADSTS code and text) without the trace and correlation ids.
    internal static string Describe(JsonElement root)
    {
        var error = String(root, "error") ?? "error";
        var description = String(root, "error_description");
        if (description is null)
        {
            return error;
        }

        var trace = description.IndexOf(" Trace ID:", StringComparison.Ordinal);
        var line = (trace > 0 ? description[..trace] : description).Split('\r', '\n')[0].Trim();
        return $"{error}: {line}";
    }

    private static string Required(JsonElement root, string name) =>
        String(root, name) is { Length: > 0 } value ? value : throw new SignInFailedException($"the answer has no {name}");

    internal static string? String(JsonElement root, string name) =>
        root.ValueKind == JsonValueKind.Object && root.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String ? value.GetString() : null;

    // Numbers may arrive as strings (Entra's v1 endpoint, IMDS).
    internal static long? Number(JsonElement root, string name)
    {
        if (root.ValueKind != JsonValueKind.Object || !root.TryGetProperty(name, out var value))
        {
            return null;
        }

        return value.ValueKind switch
        {
            JsonValueKind.Number when value.TryGetInt64(out var number) => number,
            JsonValueKind.String when long.TryParse(value.GetString(), NumberStyles.None, CultureInfo.InvariantCulture, out var parsed) => parsed,
            _ => null,
        };
    }

    private sealed record Answer(bool Success, JsonDocument Response) : IDisposable
    {
        public void Dispose() => Response.Dispose();
    }
}

/// <summary>The device authorization response, as much of it as a client needs: the message says where and what to type.</summary>
internal sealed record DeviceCodeStart(string DeviceCode, string Message, TimeSpan Interval, TimeSpan ExpiresIn);

/// <summary>An access token, its expiry, and the refresh token when one came.</summary>
internal sealed record IssuedToken(string AccessToken, string? RefreshToken, DateTimeOffset ExpiresAt);

internal abstract record TokenAnswer
{
    private TokenAnswer()
    {
    }

    public sealed record Issued(IssuedToken Token) : TokenAnswer;

    /// <param name="Description">Entra's error and AADSTS text, without trace ids.</param>
    public sealed record Refused(string Error, string Description) : TokenAnswer;
}
