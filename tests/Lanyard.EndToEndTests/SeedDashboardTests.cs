using System.Globalization;
using System.Net;
using Lanyard.Emulator;
using Lanyard.Testing;
using Microsoft.IdentityModel.JsonWebTokens;

namespace Lanyard.EndToEndTests;

/// <summary>
/// Seed 001's "Kubernetes Dashboard on AKS", end to end with real processes: the seed's alpha config and extraArgs
/// (sessionStorage: redis, with auth) run by <c>lanyard serve</c> against the emulator, and a real nginx carrying the
/// seed's Dashboard ingress annotations as nginx-ingress renders them (auth-url → auth_request, auth-signin →
/// error_page 401, auth-response-headers → auth_request_set + proxy_set_header, the 256k buffers). A second nginx
/// server stands in for the Dashboard and says what it received.
/// </summary>
public sealed class SeedDashboardTests
{
    private static CancellationToken Cancel => TestContext.Current.CancellationToken;

    [Fact]
    public async Task UnauthenticatedBrowser_IsSentToSignIn_ThenTheDashboardGetsTheIdTokenAsBearer_AndTheUserHeaders()
    {
        var emulatorPort = FreePort.Next();
        var lanyardPort = FreePort.Next();
        var ingressPort = FreePort.Next();
        var dashboardPort = FreePort.Next();
        await using var redis = await RedisServerProcess.StartAsync(false, "--requirepass", "redis-pw");
        await using var emulator = TestProcess.Lanyard("emulator", "--http-address", $"127.0.0.1:{emulatorPort}");
        await emulator.WaitUntilOkAsync($"http://127.0.0.1:{emulatorPort}/");

        var alpha = TemporaryDirectory.WriteFile("alpha.yaml", $"""
            providers:
              - id: azure-entra
                provider: entra-id
                clientID: {DemoDirectory.DevClientId}
                clientSecret: {DemoDirectory.DevClientSecret}
                oidcConfig:
                  issuerURL: http://127.0.0.1:{emulatorPort}/{DemoDirectory.ContosoTenantId}/v2.0
                  audienceClaims:
                    - aud
                  emailClaim: email
                  groupsClaim: groups
                  userIDClaim: oid
                scope: openid email profile

            upstreamConfig:
              upstreams:
                - id: static
                  path: /
                  static: true
                  staticCode: 200

            # Response headers passed to Dashboard via Nginx
            injectResponseHeaders:
              - name: Authorization
                values:
                  - claim: id_token
                    prefix: "Bearer "
              - name: X-Auth-Request-User
                values:
                  - claim: email
              - name: X-Auth-Request-Email
                values:
                  - claim: email
              - name: X-Auth-Request-Groups
                values:
                  - claim: groups

            server:
              BindAddress: "127.0.0.1:{lanyardPort}"
            """);
        // The seed's extraArgs, as the Helm chart passes them; cookie-domain and whitelist-domain name loopback
        // here (a Domain attribute cannot name an IP address, and on one host the cookie reaches every port anyway),
        // and plain http on loopback needs cookie-secure off. sessionStorage: redis with auth is the chart's redis.
        await using var lanyard = TestProcess.Lanyard("serve", "--alpha-config", alpha,
            "--cookie-secret=kPZ7Qp3w0b8mY1sV5xT9rN2uA6eC4dF0", "--cookie-secure=false",
            "--whitelist-domain=127.0.0.1:*", "--email-domain=*", "--skip-provider-button=true", "--reverse-proxy=true",
            "--pass-authorization-header=true", "--set-xauthrequest=true",
            "--session-store-type=redis", $"--redis-connection-url={redis.Url}", "--redis-password=redis-pw");
        await lanyard.WaitUntilOkAsync($"http://127.0.0.1:{lanyardPort}/ready");

        // The ingress is deploy/examples/nginx/dashboard.conf.template, rendered as the nginx image renders templates.
        var ingress = TemplateFile.Render(Path.Combine(RepositoryPaths.Root, "deploy/examples/nginx/dashboard.conf.template"), new Dictionary<string, string>
        {
            ["LISTEN_ADDRESS"] = $"127.0.0.1:{ingressPort}",
            ["LANYARD_ADDRESS"] = $"127.0.0.1:{lanyardPort}",
            ["LANYARD_PUBLIC_URL"] = $"http://127.0.0.1:{lanyardPort}",
            ["UPSTREAM_ADDRESS"] = $"127.0.0.1:{dashboardPort}",
        });
        await using var nginx = await NginxProcess.StartAsync(ingress + $$"""

                # Stands in for kubernetes-dashboard-kong-proxy: says what it received.
                server {
                    listen 127.0.0.1:{{dashboardPort}};
                    location /healthz { return 200 "ok"; }
                    location / {
                        default_type text/plain;
                        return 200 "authorization=$http_authorization\nuser=$http_x_auth_request_user\nemail=$http_x_auth_request_email\n";
                    }
                }
            """, $"http://127.0.0.1:{dashboardPort}/healthz");

        using var browser = new HttpClient(new HttpClientHandler { CookieContainer = new CookieContainer(), AllowAutoRedirect = false });
        browser.DefaultRequestHeaders.Accept.ParseAdd("text/html");
        var dashboard = $"http://127.0.0.1:{ingressPort}/#/workloads?namespace=default";

        // 1. No session: nginx asks Lanyard, gets 401, and sends the browser to sign in, coming back here after.
        using var first = await browser.GetAsync(dashboard, Cancel);
        Assert.Equal(HttpStatusCode.Found, first.StatusCode);
        var signIn = first.Headers.Location!;
        Assert.Equal($"http://127.0.0.1:{lanyardPort}/oauth2/start?rd=http://127.0.0.1:{ingressPort}/", signIn.AbsoluteUri);

        // 2. skip-provider-button: straight to Entra ID (the emulator), alice signs in, the callback sends her back.
        var location = await FollowAsync(browser, new Uri(signIn.AbsoluteUri + "&login_hint=alice@contoso.test"), stopAt: $"http://127.0.0.1:{ingressPort}/");
        Assert.Equal($"http://127.0.0.1:{ingressPort}/", location.AbsoluteUri);

        // 3. With the session, nginx's auth_request passes and the Dashboard receives the ID token as a bearer token.
        using var page = await browser.GetAsync(location, Cancel);
        var body = await page.Content.ReadAsStringAsync(Cancel);
        Assert.True(page.StatusCode == HttpStatusCode.OK, $"{page.StatusCode}: {body}\n{nginx.Output}\n{lanyard.Output}");
        var received = body.Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(line => line.Split('=', 2)).ToDictionary(p => p[0], p => p[1]);
        Assert.StartsWith("Bearer ", received["authorization"], StringComparison.Ordinal);
        var idToken = new JsonWebToken(received["authorization"]["Bearer ".Length..]);
        Assert.Equal(DemoDirectory.DevClientId, Assert.Single(idToken.Audiences));
        Assert.Equal($"http://127.0.0.1:{emulatorPort}/{DemoDirectory.ContosoTenantId}/v2.0", idToken.Issuer);
        Assert.Equal("alice@contoso.test", idToken.GetClaim("preferred_username").Value);
        // userIDClaim: oid makes the oid the email claim (oauth2-proxy's compatibility rule), so both user headers
        // carry alice's object id, exactly as oauth2-proxy would send them.
        var objectId = idToken.GetClaim("oid").Value;
        Assert.Equal(objectId, received["user"]);
        Assert.Equal(objectId, received["email"]);

        // 4. The session lives in Redis: the cookie holds only its ticket, and Redis holds the session.
        Assert.True(await SessionKeysInRedisAsync(redis.Port, "redis-pw") > 0, "no session in Redis");
    }

    /// <summary>redis-cli's DBSIZE, authenticated as the chart's redis requires.</summary>
    private static async Task<int> SessionKeysInRedisAsync(int port, string password)
    {
        await using var cli = TestProcess.Start("/usr/bin/redis-cli", ["-p", port.ToString(CultureInfo.InvariantCulture), "-a", password, "--no-auth-warning", "DBSIZE"]);
        Assert.Equal(0, await cli.WaitForExitAsync(TimeSpan.FromSeconds(10)));
        return int.Parse(cli.Output.Trim(), CultureInfo.InvariantCulture);
    }

    private static async Task<Uri> FollowAsync(HttpClient browser, Uri start, string stopAt)
    {
        var next = start;
        for (var hop = 0; hop < 10; hop++)
        {
            if (next.AbsoluteUri.StartsWith(stopAt, StringComparison.Ordinal))
            {
                return next;
            }

            using var response = await browser.GetAsync(next, Cancel);
            if (response.Headers.Location is not { } location)
            {
                throw new InvalidOperationException($"{next} answered {(int)response.StatusCode} without a redirect: {await response.Content.ReadAsStringAsync(Cancel)}");
            }

            next = location.IsAbsoluteUri ? location : new Uri(next, location);
        }

        throw new InvalidOperationException("too many redirects");
    }
}
