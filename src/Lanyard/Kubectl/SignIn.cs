using System.Buffers.Text;
using System.Net;
using System.Net.Sockets;
using System.Security.Cryptography;
using System.Text;
using Lanyard.Configuration;
using Lanyard.Providers.Entra;
using Lanyard.Providers.Oidc;
using Microsoft.AspNetCore.WebUtilities;

namespace Lanyard.Kubectl;

/// <summary>
/// One fresh sign-in per login mode. User modes ask for <c>offline_access</c> so a refresh token comes back and later
/// runs refresh silently; app modes (spn, workload identity) and msi get app-only tokens with no refresh token.
/// </summary>
internal sealed class SignIn(GetTokenRequest request, EntraTokenClient client, HttpClient http, TimeProvider time, TextWriter error)
{
    public const string UserScopes = "offline_access openid profile";

    /// <summary>How long an interactive sign-in waits for the browser: well inside the cache lock's wait, so a parallel run gets its turn.</summary>
    public static readonly TimeSpan InteractiveTimeout = TimeSpan.FromMinutes(5);

    public Task<IssuedToken> RunAsync(CancellationToken cancellationToken) => request.Login switch
    {
        LoginMode.DeviceCode => DeviceCodeAsync(cancellationToken),
        LoginMode.Interactive => InteractiveAsync(cancellationToken),
        LoginMode.Spn => ClientCredentialsAsync(SpnCredentialAsync, cancellationToken),
        LoginMode.WorkloadIdentity => ClientCredentialsAsync(FederatedCredentialAsync, cancellationToken),
        _ => ManagedIdentityAsync(cancellationToken),
    };

    public async Task<TokenAnswer> RefreshAsync(string refreshToken, CancellationToken cancellationToken) =>
        await client.RequestAsync(
        [
            new("grant_type", "refresh_token"), new("client_id", request.ClientId!), new("refresh_token", refreshToken),
            new("scope", $"{request.ServerScope} {UserScopes}"),
        ], cancellationToken);

    private async Task<IssuedToken> DeviceCodeAsync(CancellationToken cancellationToken)
    {
        var start = await client.StartDeviceCodeAsync(request.ClientId!, $"{request.ServerScope} {UserScopes}", cancellationToken);

        // The server's own words (kubelogin#641: a missing prompt looked like a hang); stderr reaches the user through kubectl.
        await error.WriteLineAsync(start.Message);
        await error.FlushAsync(cancellationToken);
        return await new DeviceCodePoller(time).PollAsync(start, ct => client.RequestAsync(
        [
            new("grant_type", "urn:ietf:params:oauth:grant-type:device_code"), new("client_id", request.ClientId!), new("device_code", start.DeviceCode),
        ], ct), cancellationToken);
    }

    /// <summary>Auth code + PKCE with a loopback redirect (RFC 8252 §7.3): the one mode that satisfies device-bound Conditional Access.</summary>
    private async Task<IssuedToken> InteractiveAsync(CancellationToken cancellationToken)
    {
        var port = FreeLoopbackPort();
        var redirectUri = $"http://localhost:{port}";
        var verifier = Base64Url.EncodeToString(RandomNumberGenerator.GetBytes(32));
        var challenge = Base64Url.EncodeToString(SHA256.HashData(Encoding.ASCII.GetBytes(verifier)));
        var state = Base64Url.EncodeToString(RandomNumberGenerator.GetBytes(16));
        var query = new Dictionary<string, string?>
        {
            ["client_id"] = request.ClientId, ["response_type"] = "code", ["redirect_uri"] = redirectUri,
            ["scope"] = $"{request.ServerScope} {UserScopes}", ["state"] = state, ["code_challenge"] = challenge,
            ["code_challenge_method"] = "S256", ["prompt"] = "select_account",
        };
        if (request.LoginHint is not null)
        {
            query["login_hint"] = request.LoginHint;
        }

        using var listener = new HttpListener();
        listener.Prefixes.Add($"http://localhost:{port}/");
        listener.Start();
        await error.WriteLineAsync($"To sign in, open this URL in a browser: {QueryHelpers.AddQueryString($"{client.Authority}/authorize", query)}");
        await error.FlushAsync(cancellationToken);

        // Bounded: a browser that never comes back must not hold the cache lock (and every parallel kubectl) forever.
        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        deadline.CancelAfter(InteractiveTimeout);
        string code;
        while (true)
        {
            HttpListenerContext context;
            try
            {
                context = await listener.GetContextAsync().WaitAsync(deadline.Token);
            }
            catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
            {
                throw new SignInFailedException($"no sign-in came back to the browser's redirect within {InteractiveTimeout.TotalMinutes:0} minutes");
            }

            var parameters = context.Request.QueryString;
            if (!string.Equals(parameters["state"], state, StringComparison.Ordinal))
            {
                // A stray request (a favicon, another page) is answered and ignored; only our state ends the wait.
                await RespondAsync(context, HttpStatusCode.BadRequest, "This is not the sign-in this window is waiting for.");
                continue;
            }

            if (parameters["error"] is { } refused)
            {
                await RespondAsync(context, HttpStatusCode.OK, "Sign-in failed; see the terminal.");
                throw new SignInFailedException($"the sign-in was refused: {refused}: {FirstLine(parameters["error_description"])}") { Error = refused };
            }

            if (parameters["code"] is not { Length: > 0 } received)
            {
                await RespondAsync(context, HttpStatusCode.BadRequest, "The answer has no code.");
                continue;
            }

            await RespondAsync(context, HttpStatusCode.OK, "Signed in. You may close this window and return to the terminal.");
            code = received;
            break;
        }

        return Issued(await client.RequestAsync(
        [
            new("grant_type", "authorization_code"), new("client_id", request.ClientId!), new("code", code),
            new("redirect_uri", redirectUri), new("code_verifier", verifier), new("scope", $"{request.ServerScope} {UserScopes}"),
        ], cancellationToken));
    }

    private async Task<IssuedToken> ClientCredentialsAsync(Func<CancellationToken, ValueTask<KeyValuePair<string, string>[]>> credential, CancellationToken cancellationToken) =>
        Issued(await client.RequestAsync(
        [
            new("grant_type", "client_credentials"), new("client_id", request.ClientId!), new("scope", request.ServerScope), .. await credential(cancellationToken),
        ], cancellationToken));

    private async ValueTask<KeyValuePair<string, string>[]> SpnCredentialAsync(CancellationToken cancellationToken)
    {
        if (request.ClientSecret is { } secret)
        {
            return [new("client_secret", secret)];
        }

        // The proxy's private_key_jwt (PS256, x5t#S256), so the two cannot drift apart.
        using var certificate = ClientCertificateFile.Load(request.ClientCertificatePath!, request.ClientCertificatePassword);
        return await AssertionAsync(new CertificateClientAssertion(request.ClientId!, certificate, time), cancellationToken);
    }

    private ValueTask<KeyValuePair<string, string>[]> FederatedCredentialAsync(CancellationToken cancellationToken) =>
        AssertionAsync(new FederatedTokenFileAssertion(
            new ClientCredentialOptions.FederatedTokenFile(request.FederatedTokenFile!, "--federated-token-file or AZURE_FEDERATED_TOKEN_FILE")), cancellationToken);

    private async ValueTask<KeyValuePair<string, string>[]> AssertionAsync(IClientAssertionSource source, CancellationToken cancellationToken)
    {
        try
        {
            var assertion = await source.GetAssertionAsync(client.TokenEndpoint, cancellationToken);
            return [new("client_assertion_type", ClientAuthenticator.JwtBearerAssertionType), new("client_assertion", assertion)];
        }
        catch (ClientAssertionUnavailableException e)
        {
            throw new SignInFailedException(e.Message);
        }
    }

    /// <summary>The managed identity's token for the server app, from IMDS (or the stand-in AZURE_POD_IDENTITY_AUTHORITY_HOST names).</summary>
    private async Task<IssuedToken> ManagedIdentityAsync(CancellationToken cancellationToken)
    {
        if (!Uri.TryCreate(request.ImdsEndpoint, UriKind.Absolute, out var endpoint) || endpoint.Scheme is not ("http" or "https"))
        {
            throw new SignInFailedException($"the managed identity endpoint '{request.ImdsEndpoint}' (AZURE_POD_IDENTITY_AUTHORITY_HOST) is not an http(s) URL");
        }

        try
        {
            var token = await new ManagedIdentityEndpoint(http, time).RequestAsync(endpoint, request.ClientId, request.ServerId, cancellationToken);
            return new IssuedToken(token.Token, RefreshToken: null, token.ExpiresOn);
        }
        catch (ClientAssertionUnavailableException e)
        {
            throw new SignInFailedException(e.Message);
        }
    }

    private static IssuedToken Issued(TokenAnswer answer) => answer switch
    {
        TokenAnswer.Issued issued => issued.Token,
        TokenAnswer.Refused refused => throw new SignInFailedException($"the token request was refused: {refused.Description}") { Error = refused.Error },
        _ => throw new SignInFailedException("the token request failed"),
    };

    private static async Task RespondAsync(HttpListenerContext context, HttpStatusCode status, string text)
    {
        var body = Encoding.UTF8.GetBytes($"<!DOCTYPE html><html><head><meta charset=\"utf-8\"><title>lanyard kubectl</title></head><body><p>{WebUtility.HtmlEncode(text)}</p></body></html>");
        context.Response.StatusCode = (int)status;
        context.Response.ContentType = "text/html; charset=utf-8";
        await context.Response.OutputStream.WriteAsync(body);
        context.Response.Close();
    }

    private static string FirstLine(string? text) => (text ?? "").Split('\r', '\n')[0];

    private static int FreeLoopbackPort()
    {
        using var probe = new TcpListener(IPAddress.Loopback, 0);
        probe.Start();
        return ((IPEndPoint)probe.LocalEndpoint).Port;
    }
}
