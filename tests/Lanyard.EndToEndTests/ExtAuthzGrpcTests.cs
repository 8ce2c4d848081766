using System.Net;
using Envoy.Config.Core.V3;
using Envoy.Service.Auth.V3;
using Google.Protobuf;
using Grpc.Core;
using Grpc.Net.Client;
using Lanyard.Emulator;
using Lanyard.Testing;

namespace Lanyard.EndToEndTests;

/// <summary>
/// <c>ext_authz_grpc_address</c> with a real gRPC client over h2c against <c>lanyard serve</c>, the way Envoy's
/// <c>envoy_grpc</c> ext_authz filter calls it: <c>envoy.service.auth.v3.Authorization/Check</c>. One Lanyard
/// (<c>allowed_groups</c> = admins, which alice is in; bearer tokens judged with no fallback to the session) serves
/// every test in this class, with the per-route rule set <c>app</c> each request selects by its
/// <c>context_extensions</c>, as one Lanyard serves every route of an Istio mesh.
/// </summary>
public sealed class ExtAuthzGrpcTests(ExtAuthzGrpcTests.Lanyard lanyard) : IClassFixture<ExtAuthzGrpcTests.Lanyard>
{
    private static CancellationToken Cancel => TestContext.Current.CancellationToken;

    /// <summary>The method as Envoy calls it, declared by hand over Lanyard's own message types (which are the wire contract).</summary>
    internal static readonly Method<CheckRequest, CheckResponse> Check = new(
        MethodType.Unary, "envoy.service.auth.v3.Authorization", "Check",
        Marshallers.Create(m => m.ToByteArray(), CheckRequest.Parser.ParseFrom),
        Marshallers.Create(m => m.ToByteArray(), CheckResponse.Parser.ParseFrom));

    [Fact]
    public async Task SignedInUser_IsAllowed_WithIdentityHeadersOverwritten_AndForgedCopiesRemoved()
    {
        var cookie = await lanyard.SessionCookieAsync(DemoDirectory.AliceUserPrincipalName);

        var answer = await CallAsync(Request("/app/page?x=1", ("cookie", cookie), ("x-auth-request-email", "mallory@evil.test"), ("x-forwarded-user", "mallory")));

        Assert.Equal((int)StatusCode.OK, answer.Status.Code);
        var ok = answer.OkResponse;
        var email = Assert.Single(ok.Headers, h => h.Header.Key.Equals("X-Auth-Request-Email", StringComparison.OrdinalIgnoreCase));
        Assert.Equal("alice@contoso.test", email.Header.Value);
        Assert.All(ok.Headers, h => Assert.Equal(HeaderValueOption.Types.HeaderAppendAction.OverwriteIfExistsOrAdd, h.AppendAction));
        Assert.All(ok.Headers.Where(h => h.Header.Value.Length == 0), h => Assert.True(h.KeepEmptyValue));
        // Set by the answer (overwrites the forgery) or else removed: never the client's value.
        Assert.Contains("x-forwarded-user", ok.HeadersToRemove);
        Assert.DoesNotContain("x-auth-request-email", ok.HeadersToRemove);
        Assert.DoesNotContain(ok.Headers, h => h.Header.Value.Contains("mallory", StringComparison.Ordinal));
    }

    [Fact]
    public async Task NoSession_IsUnauthenticated_WithA401DeniedResponse()
    {
        var answer = await CallAsync(Request("/app/page", ("accept", "application/json")));

        Assert.Equal((int)StatusCode.Unauthenticated, answer.Status.Code);
        Assert.Equal(CheckResponse.HttpResponseOneofCase.DeniedResponse, answer.HttpResponseCase);
        Assert.Equal(401, (int)answer.DeniedResponse.Status.Code);
    }

    [Fact]
    public async Task ARouteRuleDenial_IsPermissionDenied_WithA403NamingTheRule()
    {
        var cookie = await lanyard.SessionCookieAsync(DemoDirectory.AliceUserPrincipalName);

        var answer = await CallAsync(Request("/audit/log", ("cookie", cookie), ("accept", "application/json")));

        Assert.Equal((int)StatusCode.PermissionDenied, answer.Status.Code);
        Assert.Contains("auditors-only", answer.Status.Message, StringComparison.Ordinal);
        Assert.Equal(403, (int)answer.DeniedResponse.Status.Code);
        Assert.EndsWith("(rule: auditors-only).", Message(answer), StringComparison.Ordinal);
        Assert.Contains(Lanyard.NoOnesGroup, Message(answer), StringComparison.Ordinal);
    }

    [Fact]
    public async Task AnUnknownRuleSet_IsDenied_NeverTheDefault()
    {
        var cookie = await lanyard.SessionCookieAsync(DemoDirectory.AliceUserPrincipalName);

        var answer = await CallAsync(Request("/app/page", "shop", ("cookie", cookie)));

        Assert.Equal((int)StatusCode.PermissionDenied, answer.Status.Code);
        Assert.Equal("Rule set 'shop' is not configured (rule: rule-set).", Message(answer));
    }

    [Fact]
    public async Task APageLoadWithoutASession_IsRedirectedToSignIn_AndComesBackToTheOriginalUrl()
    {
        var answer = await CallAsync(Request("/app/page?x=1", ("accept", "text/html,application/xhtml+xml")));

        Assert.Equal(CheckResponse.HttpResponseOneofCase.DeniedResponse, answer.HttpResponseCase);
        Assert.Equal(302, (int)answer.DeniedResponse.Status.Code);
        var location = new Uri(Assert.Single(answer.DeniedResponse.Headers, h => h.Header.Key == "Location").Header.Value);
        Assert.Equal(("https", "app.contoso.test", "/oauth2/sign_in"), (location.Scheme, location.Host, location.AbsolutePath));
        Assert.Equal("https://app.contoso.test/app/page?x=1", Microsoft.AspNetCore.WebUtilities.QueryHelpers.ParseQuery(location.Query)["rd"].ToString());
    }

    [Fact]
    public async Task AValidBearerToken_IsAllowed_WithItsIdentity()
    {
        var token = await lanyard.AccessTokenAsync(DemoDirectory.AliceUserPrincipalName);

        var answer = await CallAsync(Request("/api/orders", ("authorization", $"Bearer {token}")));

        Assert.Equal((int)StatusCode.OK, answer.Status.Code);
        Assert.Equal("alice@contoso.test", Assert.Single(answer.OkResponse.Headers, h => h.Header.Key.Equals("X-Auth-Request-Email", StringComparison.OrdinalIgnoreCase)).Header.Value);
    }

    [Fact]
    public async Task RefusedBearerToken_IsPermissionDenied_WithA403AndItsChallenge()
    {
        // bearer_token_login_fallback = false: a bearer token that does not validate is a 403, as oauth2-proxy answers.
        var answer = await CallAsync(Request("/api/orders", ("authorization", "Bearer eyJhbGciOiJSUzI1NiJ9.eyJzdWIiOiJtYWxsb3J5In0.c2ln")));

        Assert.Equal((int)StatusCode.PermissionDenied, answer.Status.Code);
        Assert.Equal(403, (int)answer.DeniedResponse.Status.Code);
        Assert.Contains(answer.DeniedResponse.Headers, h => h.Header.Key == "WWW-Authenticate" && h.Header.Value.StartsWith("Bearer", StringComparison.Ordinal));
    }

    [Fact]
    public async Task ForgedSessionCookie_IsNeverAllowed()
    {
        var answer = await CallAsync(Request("/app/page", ("cookie", "_oauth2_proxy=forged|1|2")));

        Assert.NotEqual((int)StatusCode.OK, answer.Status.Code);
        Assert.Equal(CheckResponse.HttpResponseOneofCase.DeniedResponse, answer.HttpResponseCase);
    }

    [Fact]
    public async Task CheckRequestWithoutHttpAttributes_IsInvalidArgument_WithAReason()
    {
        var error = await Assert.ThrowsAsync<RpcException>(() => CallAsync(new CheckRequest { Attributes = new AttributeContext() }));

        Assert.Equal(StatusCode.InvalidArgument, error.StatusCode);
        Assert.Contains("attributes.request.http", error.Status.Detail, StringComparison.Ordinal);
    }

    [Fact]
    public async Task CheckRequestOverOneMebibyte_IsResourceExhausted()
    {
        var error = await Assert.ThrowsAsync<RpcException>(() => CallAsync(Request("/", ("x-padding", new string('a', 1024 * 1024 + 1)))));

        Assert.Equal(StatusCode.ResourceExhausted, error.StatusCode);
    }

    [Fact]
    public async Task AnyOtherMethod_OnTheListener_IsUnimplemented()
    {
        using var channel = Channel();
        var other = new Method<CheckRequest, CheckResponse>(MethodType.Unary, "grpc.health.v1.Health", "Check", Check.RequestMarshaller, Check.ResponseMarshaller);

        var error = await Assert.ThrowsAsync<RpcException>(() => channel.CreateCallInvoker().AsyncUnaryCall(other, null, new CallOptions(cancellationToken: Cancel), new CheckRequest()).ResponseAsync);

        Assert.Equal(StatusCode.Unimplemented, error.StatusCode);
    }

    [Fact]
    public async Task NormalListener_DoesNotServeGrpc()
    {
        using var channel = GrpcChannel.ForAddress(lanyard.HttpUrl, new GrpcChannelOptions { HttpHandler = new SocketsHttpHandler() });

        var error = await Assert.ThrowsAsync<RpcException>(() => channel.CreateCallInvoker()
            .AsyncUnaryCall(Check, null, new CallOptions(cancellationToken: Cancel), Request("/")).ResponseAsync);

        Assert.NotEqual(StatusCode.OK, error.StatusCode);
    }

    [Fact]
    public async Task OverTls_WithTheHttpsCertificate_TheCheckIsServed()
    {
        var directory = Directory.CreateTempSubdirectory("lanyard-grpc-tls-").FullName;
        var (certFile, keyFile) = (Path.Combine(directory, "tls.crt"), Path.Combine(directory, "tls.key"));
        var thumbprint = ServerTlsTests.WritePem(certFile, keyFile, "lanyard.test");
        var (httpsPort, grpcPort) = (FreePort.Next(), FreePort.Next());
        var config = TemporaryDirectory.WriteFile("lanyard.toml", $"""
            provider = "oidc"
            oidc_issuer_url = "http://127.0.0.1:9/"
            client_id = "lanyard"
            client_secret = "secret"
            cookie_secret = "kPZ7Qp3w0b8mY1sV5xT9rN2uA6eC4dF0"
            email_domains = ["*"]
            upstreams = ["http://127.0.0.1:9/"]
            https_address = "127.0.0.1:{httpsPort}"
            tls_cert_file = "{certFile}"
            tls_key_file = "{keyFile}"
            ext_authz_grpc_address = "https://127.0.0.1:{grpcPort}"
            """);
        await using var serve = TestProcess.Lanyard("serve", "--config", config);
        await serve.WaitForOutputAsync("Lanyard is listening on https://127.0.0.1:" + httpsPort);
        string? served = null;
        var handler = new SocketsHttpHandler
        {
            SslOptions = { RemoteCertificateValidationCallback = (_, certificate, _, _) => (served = certificate?.GetCertHashString(System.Security.Cryptography.HashAlgorithmName.SHA256)) == thumbprint },
        };
        using var channel = GrpcChannel.ForAddress($"https://127.0.0.1:{grpcPort}", new GrpcChannelOptions { HttpHandler = handler });

        var answer = await channel.CreateCallInvoker().AsyncUnaryCall(Check, null, new CallOptions(cancellationToken: Cancel), Request("/", ruleSet: null)).ResponseAsync;

        Assert.Equal(thumbprint, served);
        Assert.Equal((int)StatusCode.Unauthenticated, answer.Status.Code);
    }

    /// <summary>The message of a denial's JSON body (an API client's Accept).</summary>
    private static string Message(CheckResponse answer) =>
        System.Text.Json.JsonDocument.Parse(answer.DeniedResponse.Body).RootElement.GetProperty("message").GetString()!;

    private async Task<CheckResponse> CallAsync(CheckRequest request)
    {
        using var channel = Channel();
        return await channel.CreateCallInvoker().AsyncUnaryCall(Check, null, new CallOptions(cancellationToken: Cancel), request).ResponseAsync;
    }

    private GrpcChannel Channel() => GrpcChannel.ForAddress(lanyard.GrpcUrl, new GrpcChannelOptions { MaxSendMessageSize = null });

    private static CheckRequest Request(string path, params (string Name, string Value)[] headers) => Request(path, "app", headers);

    private static CheckRequest Request(string path, string? ruleSet, params (string Name, string Value)[] headers) =>
        EnvoyCheckRequest.For("GET", path, "app.contoso.test", ruleSet, "10.1.2.3", headers);

    public sealed class Lanyard : IAsyncLifetime
    {
        private TestProcess? _emulator;
        private TestProcess? _serve;
        private readonly int _httpPort = FreePort.Next();
        private readonly int _grpcPort = FreePort.Next();

        /// <summary>A group nobody in the demo directory is in.</summary>
        public const string NoOnesGroup = "00000000-0000-4000-8000-00000000a0d1";

        public string HttpUrl => $"http://127.0.0.1:{_httpPort}";

        public Uri EmulatorUrl { get; private set; } = null!;

        public string GrpcUrl => $"http://127.0.0.1:{_grpcPort}";

        public async ValueTask InitializeAsync()
        {
            var emulatorPort = FreePort.Next();
            EmulatorUrl = new Uri($"http://127.0.0.1:{emulatorPort}/");
            _emulator = await EmulatorProcess.StartAsync(emulatorPort);
            var config = TemporaryDirectory.WriteFile("lanyard.toml", EmulatorProcess.ClientToml(emulatorPort) + $"""

                email_domains = ["contoso.test"]
                allowed_groups = ["{DemoDirectory.AdminsGroupId}"]
                set_xauthrequest = true
                skip_jwt_bearer_tokens = true
                bearer_token_login_fallback = false
                upstreams = ["static://200"]
                http_address = "127.0.0.1:{_httpPort}"
                ext_authz_grpc_address = "127.0.0.1:{_grpcPort}"

                [[authorization_rules]]
                name = "auditors-only"
                rule_set = "app"
                paths = ["/audit"]
                action = "allow"
                require.any_groups = ["{NoOnesGroup}"]

                [[authorization_rules]]
                name = "everyone"
                rule_set = "app"
                paths = ["/"]
                action = "allow"
                """);
            _serve = TestProcess.Lanyard("serve", "--config", config);
            await _serve.WaitUntilOkAsync($"{HttpUrl}/ready");
        }

        /// <summary>Signs <paramref name="user"/> in on the normal listener and gives the Cookie header a browser would send.</summary>
        public async Task<string> SessionCookieAsync(string user)
        {
            var jar = new CookieContainer();
            using var browser = ScriptedClient.Create(jar);
            using var _ = await browser.GetAsync($"{HttpUrl}/oauth2/start?login_hint={user}&rd=/oauth2/userinfo", TestContext.Current.CancellationToken);
            var cookies = jar.GetCookies(new Uri(HttpUrl));
            Assert.NotEmpty(cookies);
            return string.Join("; ", cookies.Select(c => $"{c.Name}={c.Value}"));
        }

        /// <summary>An access token for Lanyard's own API, as a client app gets one from the emulator.</summary>
        public async Task<string> AccessTokenAsync(string user)
        {
            var tokens = await EmulatorTokenClient.AcquireAsync(new SocketsHttpHandler { AllowAutoRedirect = false }, EmulatorUrl, DemoDirectory.ContosoTenantId,
                DemoDirectory.DevClientId, DemoDirectory.DevClientSecret, $"{HttpUrl}/oauth2/callback", user, $"api://{DemoDirectory.DevClientId}/access_as_user");
            return tokens.GetProperty("access_token").GetString()!;
        }

        public async ValueTask DisposeAsync()
        {
            if (_serve is not null)
            {
                await _serve.DisposeAsync();
            }

            if (_emulator is not null)
            {
                await _emulator.DisposeAsync();
            }
        }
    }
}
