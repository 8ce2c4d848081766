using System.Net;
using Lanyard.Configuration;
using Lanyard.Configuration.Sources;
using Lanyard.Emulator;
using Lanyard.IntegrationTests.Gateways;
using Lanyard.Testing;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.Time.Testing;

namespace Lanyard.IntegrationTests;

/// <summary>
/// The Traefik and Envoy examples of <c>deploy/examples/</c>, which are not packaged here, at the protocol level: each
/// gateway's file is parsed and a simulated gateway does with it what that gateway does with that config
/// (<see cref="TraefikForwardAuth"/>, <see cref="EnvoyHttpExtAuthz"/>), in front of a Lanyard configured by the
/// example's own <c>lanyard.toml</c>. The gRPC and Istio examples are checked against their <c>lanyard.toml</c> here
/// and called end to end in <c>Lanyard.EndToEndTests.EnvoyGrpcExampleTests</c>.
/// </summary>
public sealed class GatewayContractTests
{
    private static readonly Uri Login = new("https://login.microsoftonline.com/");
    private static readonly Uri App = new("https://app.example.com/");
    private static readonly Uri Lanyard = new("http://lanyard:4180/");
    private static readonly Uri AppUpstream = new("http://app:8080/");
    private static readonly IPAddress GatewayAddress = IPAddress.Parse("10.0.0.5");
    private const string ClientAddress = "203.0.113.7";

    private readonly FakeTimeProvider _proxyTime = new(DateTimeOffset.UtcNow);

    private static readonly Dictionary<string, string> Placeholders = new()
    {
        ["tenant-id"] = DemoDirectory.ContosoTenantId,
        ["client-id"] = LanyardTestEnvironment.ClientId,
        ["client-secret"] = LanyardTestEnvironment.ClientSecret,
        ["cookie-secret"] = LanyardTestEnvironment.CookieSecret,
        ["admins-group-object-id"] = DemoDirectory.AdminsGroupId,
    };

    /// <summary>The example's lanyard.toml as its settings (placeholders filled), as <c>lanyard serve --config</c> reads it.</summary>
    private static IReadOnlyList<Setting> ExampleSettings(string relative)
    {
        var errors = new List<ConfigurationError>();
        var settings = TomlConfigFile.Parse(ExampleFile.Fill(relative, Placeholders), Path.GetFileName(relative), errors);
        Assert.Empty(errors);
        return settings;
    }

    private static LanyardOptions ExampleOptions(string relative) =>
        LanyardTestEnvironment.Bind(ExampleSettings(relative).ToDictionary(s => s.Key, s => s.Value is IReadOnlyList<string> list ? list.ToList() : s.Value));

    /// <summary>
    /// Lanyard run by the example's lanyard.toml against the emulator at Microsoft's host, reachable from the gateway at
    /// <c>http://lanyard:4180</c> (from a <c>trusted_proxy_ips</c> address), the echo app at <c>http://app:8080</c>, and
    /// the gateway at <c>https://app.example.com</c>, where the browser goes.
    /// </summary>
    private async Task<LanyardTestEnvironment> StartAsync(string toml, Func<SimulatedNetwork, HttpMessageHandler> gateway)
    {
        var env = await LanyardTestEnvironment.StartAsync(
            settings =>
            {
                foreach (var setting in ExampleSettings(toml))
                {
                    settings[setting.Key] = setting.Value is IReadOnlyList<string> list ? list.ToList() : setting.Value;
                }
            },
            emulatorUrl: Login,
            proxyTime: _proxyTime,
            registerApplication: app => app with { RedirectUris = [.. app.RedirectUris, new Uri(App, "/oauth2/callback").AbsoluteUri] });
        env.Network.Register(Lanyard, env.Proxy.GetTestServer(), GatewayAddress);
        env.Network.Register(AppUpstream, env.Upstream.GetTestServer());
        env.Network.Register(App, gateway(env.Network));
        return env;
    }

    private Task<LanyardTestEnvironment> StartTraefikAsync() =>
        StartAsync("traefik/lanyard.toml", network => new TraefikForwardAuth(ExampleFile.Yaml("traefik/dynamic.yml")[0], network, ClientAddress));

    private Task<LanyardTestEnvironment> StartEnvoyHttpAsync() =>
        StartAsync("envoy/lanyard.toml", network => new EnvoyHttpExtAuthz(ExampleFile.Yaml("envoy/envoy-http.yaml")[0], network, ClientAddress));

    private static Action<HttpRequestMessage> Api(params (string Name, string Value)[] headers) => request =>
    {
        request.Headers.Accept.Clear();
        request.Headers.Accept.ParseAdd("application/json");
        foreach (var (name, value) in headers)
        {
            request.Headers.TryAddWithoutValidation(name, value);
        }
    };

    private static readonly (string, string) ForgedEmail = ("X-Auth-Request-Email", "mallory@evil.test");

    public static TheoryData<string> Gateways => ["traefik", "envoy-http"];

    private Task<LanyardTestEnvironment> StartGatewayAsync(string gateway) => gateway == "traefik" ? StartTraefikAsync() : StartEnvoyHttpAsync();

    [Theory]
    [MemberData(nameof(Gateways))]
    public async Task PageLoadWithoutASession_GoesToSignIn_AndBackToTheOriginalUrl_ThenTheAppGetsTheIdentityNotTheForgery(string gateway)
    {
        await using var env = await StartGatewayAsync(gateway);
        using var browser = new BrowserClient(env.Network, App);

        var first = await browser.GetAsync("/reports?q=1", followRedirects: false);

        Assert.True(first.StatusCode == HttpStatusCode.Found, $"{first.StatusCode}: {first.Body}");
        Assert.Equal("https://app.example.com/oauth2/start?rd=" + Uri.EscapeDataString("https://app.example.com/reports?q=1"), first.Location!.AbsoluteUri);

        var landed = await browser.GetAsync(new Uri(first.Location.AbsoluteUri + "&login_hint=" + DemoDirectory.AliceUserPrincipalName));
        Assert.Equal(HttpStatusCode.OK, landed.StatusCode);
        Assert.Equal("https://app.example.com/reports?q=1", landed.Url.AbsoluteUri);

        var page = await browser.GetAsync("/reports?q=1", followRedirects: false, configure: Api(ForgedEmail));
        Assert.Equal(HttpStatusCode.OK, page.StatusCode);
        var echo = EchoedRequest.Parse(page.Body);
        Assert.Equal("/reports", echo.Path);
        Assert.Equal(DemoDirectory.AliceUserPrincipalName, echo.Header("X-Auth-Request-Email"));
        Assert.Contains(DemoDirectory.AdminsGroupId, echo.Header("X-Auth-Request-Groups"), StringComparison.Ordinal);
        // set_authorization_header, copied because the example lists Authorization: the ID token for the app.
        // (The echo app shows a credential as its hash.)
        Assert.StartsWith("Bearer ", echo.Header("Authorization"), StringComparison.Ordinal);
    }

    [Theory]
    [MemberData(nameof(Gateways))]
    public async Task ApiCallWithoutASession_Gets401_NeverARedirect_AndNoForgeryPasses(string gateway)
    {
        await using var env = await StartGatewayAsync(gateway);
        using var client = new BrowserClient(env.Network, App);

        var api = await client.GetAsync("/api/orders", followRedirects: false, configure: Api(ForgedEmail, ("X-Forwarded-Uri", "/oauth2/userinfo")));

        Assert.Equal(HttpStatusCode.Unauthorized, api.StatusCode);
        Assert.Null(api.Location);
        Assert.StartsWith("application/json", api.Header("Content-Type"), StringComparison.Ordinal);
    }

    [Theory]
    [MemberData(nameof(Gateways))]
    public async Task ARuleOfTheExample_Denies_With403NamingIt_WhileItsGroupPasses(string gateway)
    {
        await using var env = await StartGatewayAsync(gateway);
        using var bob = new BrowserClient(env.Network, App);
        using var alice = new BrowserClient(env.Network, App);
        await bob.SignInAsync(DemoDirectory.BobUserPrincipalName, "/reports");
        await alice.SignInAsync(DemoDirectory.AliceUserPrincipalName, "/reports");

        var denied = await bob.GetAsync("/admin/users", followRedirects: false, configure: Api());
        var allowed = await alice.GetAsync("/admin/users", followRedirects: false, configure: Api());
        var elsewhere = await bob.GetAsync("/reports", followRedirects: false, configure: Api());

        Assert.Equal(HttpStatusCode.Forbidden, denied.StatusCode);
        Assert.Contains("(rule: admin-pages)", denied.Body, StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.OK, allowed.StatusCode);
        Assert.Equal("/admin/users", EchoedRequest.Parse(allowed.Body).Path);
        Assert.Equal(HttpStatusCode.OK, elsewhere.StatusCode);
        Assert.Equal(DemoDirectory.BobUserPrincipalName, EchoedRequest.Parse(elsewhere.Body).Header("X-Auth-Request-Email"));
    }

    [Theory]
    [MemberData(nameof(Gateways))]
    public async Task ASessionRefreshedDuringTheCheck_ReachesTheBrowser_OnTheAppsResponse(string gateway)
    {
        await using var env = await StartGatewayAsync(gateway);
        using var browser = new BrowserClient(env.Network, App);
        await browser.SignInAsync(DemoDirectory.AliceUserPrincipalName, "/reports");
        var before = browser.Cookie("_oauth2_proxy");

        // Past the example's cookie_refresh (30m): the check refreshes the session.
        _proxyTime.Advance(TimeSpan.FromMinutes(31));
        var page = await browser.GetAsync("/reports", followRedirects: false, configure: Api());

        Assert.Equal(HttpStatusCode.OK, page.StatusCode);
        Assert.Equal("/reports", EchoedRequest.Parse(page.Body).Path);
        Assert.Contains(page.SetCookies, c => c.StartsWith("_oauth2_proxy=", StringComparison.Ordinal));
        Assert.NotEqual(before, browser.Cookie("_oauth2_proxy"));

        var next = await browser.GetAsync("/reports", followRedirects: false, configure: Api());
        Assert.Equal(DemoDirectory.AliceUserPrincipalName, EchoedRequest.Parse(next.Body).Header("X-Auth-Request-Email"));
    }

    [Fact]
    public void TraefikExample_AsksTheGatewayEndpoint_AndCopiesEveryIdentityHeaderLanyardSends()
    {
        var config = ExampleFile.Yaml("traefik/dynamic.yml")[0];
        var options = ExampleOptions("traefik/lanyard.toml");
        var forwardAuth = config.At("http", "middlewares", "lanyard", "forwardAuth");

        Assert.Equal(new Uri(Lanyard, "/oauth2/forward-auth"), new Uri(forwardAuth.Text("address")));
        Assert.Equal(4180, options.Server.HttpAddress!.Port);
        Assert.Equal(["X-Auth-Request-User", "X-Auth-Request-Email", "X-Auth-Request-Preferred-Username", "X-Auth-Request-Groups", "Authorization"], forwardAuth.Texts("authResponseHeaders"));
        Assert.Contains(options.Cookie.Name, forwardAuth.Texts("addAuthCookiesToResponse"));
        Assert.Equal(Lanyard, new Uri(config.Items("http", "services", "lanyard", "loadBalancer", "servers")[0].Text("url")));
    }

    [Fact]
    public void EnvoyHttpExample_UsesThePathPrefixEndpoint_OnLanyardsHttpAddress()
    {
        var bootstrap = ExampleFile.Yaml("envoy/envoy-http.yaml")[0];
        var options = ExampleOptions("envoy/lanyard.toml");
        var address = EndpointOf(bootstrap, "lanyard");

        Assert.Equal(("lanyard", options.Server.HttpAddress!.Port), address);
        var filter = ExtAuthzOf(bootstrap);
        Assert.Equal("/oauth2/auth", filter.Text("http_service", "path_prefix"));
        Assert.Equal("false", filter.Text("failure_mode_allow"));
    }

    [Fact]
    public void EnvoyGrpcExample_CallsLanyardsExtAuthzListener_OverHttp2_WithRuleSetsLanyardHas()
    {
        var bootstrap = ExampleFile.Yaml("envoy/envoy-grpc.yaml")[0];
        var options = ExampleOptions("envoy/lanyard.toml");
        var filter = ExtAuthzOf(bootstrap);
        var cluster = filter.Text("grpc_service", "envoy_grpc", "cluster_name");

        Assert.Equal("V3", filter.Text("transport_api_version"));
        Assert.Equal("false", filter.Text("failure_mode_allow"));
        Assert.Equal(("lanyard", options.Server.ExtAuthzGrpc!.Address.Port), EndpointOf(bootstrap, cluster));
        Assert.Null(options.Server.ExtAuthzGrpc.Tls);
        Assert.NotNull(ClusterOf(bootstrap, cluster).At("typed_extension_protocol_options", "envoy.extensions.upstreams.http.v3.HttpProtocolOptions", "explicit_http_config").Find("http2_protocol_options"));

        var ruleSets = EnvoyGrpcExample.RouteRuleSets();
        Assert.Contains("admin", ruleSets.Values);
        Assert.All(ruleSets.Values, set => Assert.True(options.Routes.PerRoute.Named.ContainsKey(set), $"rule set '{set}' is not in envoy/lanyard.toml"));
        // The sign-in route goes to the http listener, without a check.
        var signIn = Routes(bootstrap).Single(r => r.Text("match", "prefix") == "/oauth2/");
        Assert.Equal(("lanyard", options.Server.HttpAddress!.Port), EndpointOf(bootstrap, signIn.Text("route", "cluster")));
    }

    [Fact]
    public void IstioExample_ProvidersNameLanyardsListeners_AndTheIdentityTokenItsIssuerAndKeys()
    {
        var mesh = ExampleFile.Yaml("istio/meshconfig.yaml")[0];
        var options = ExampleOptions("istio/lanyard.toml");
        var providers = mesh.Items("spec", "meshConfig", "extensionProviders").ToDictionary(p => p.Text("name"));
        var grpc = providers["lanyard-grpc"].At("envoyExtAuthzGrpc");
        var http = providers["lanyard-http"].At("envoyExtAuthzHttp");
        const string Service = "lanyard.lanyard.svc.cluster.local";

        Assert.Equal((Service, options.Server.ExtAuthzGrpc!.Address.Port.ToString(System.Globalization.CultureInfo.InvariantCulture)), (grpc.Text("service"), grpc.Text("port")));
        Assert.Equal((Service, options.Server.HttpAddress!.Port.ToString(System.Globalization.CultureInfo.InvariantCulture)), (http.Text("service"), http.Text("port")));
        Assert.Equal("false", grpc.Text("failOpen"));
        Assert.Equal("/oauth2/auth", http.Text("pathPrefix"));
        Assert.Contains("cookie", http.Texts("includeRequestHeadersInCheck"));
        Assert.Contains("x-auth-request-email", http.Texts("headersToUpstreamOnAllow"));
        Assert.Contains("location", http.Texts("headersToDownstreamOnDeny"));
        Assert.Equal(["set-cookie"], http.Texts("headersToDownstreamOnAllow"));

        var policies = ExampleFile.Yaml("istio/authorizationpolicy.yaml");
        var custom = policies.Single(d => d.Text("kind") == "AuthorizationPolicy");
        Assert.Equal("CUSTOM", custom.Text("spec", "action"));
        Assert.Contains(custom.Text("spec", "provider", "name"), providers.Keys);
        var signInHost = policies.Single(d => d.Text("kind") == "VirtualService");
        var callback = options.Provider.RedirectUrl!;
        Assert.Equal([callback.Host], signInHost.Texts("spec", "hosts"));
        var destination = signInHost.Items("spec", "http")[0].Items("route")[0].At("destination");
        Assert.Equal((Service, options.Server.HttpAddress.Port.ToString(System.Globalization.CultureInfo.InvariantCulture)), (destination.Text("host"), destination.Text("port", "number")));
        Assert.DoesNotContain(callback.Host, custom.Items("spec", "rules")[0].Items("to")[0].Texts("operation", "hosts"));

        // The signed identity token (identity_token_header, identity_token_issuer): Lanyard's public origin and keys.
        var jwt = ExampleFile.Yaml("istio/requestauthentication.yaml").Single(d => d.Text("kind") == "RequestAuthentication").Items("spec", "jwtRules")[0];
        Assert.Equal(callback.GetLeftPart(UriPartial.Authority), jwt.Text("issuer"));
        Assert.Equal($"http://{Service}:{options.Server.HttpAddress.Port}/.well-known/lanyard/jwks.json", jwt.Text("jwksUri"));
        Assert.Equal("X-Lanyard-Identity", jwt.Items("fromHeaders")[0].Text("name"));
        Assert.Contains("x-lanyard-identity", http.Texts("headersToUpstreamOnAllow"));
        // Bound as lanyard serve binds the file: the token Lanyard signs is the one the mesh verifies.
        Assert.Equal(("X-Lanyard-Identity", jwt.Text("issuer")), (options.IdentityToken?.HeaderName, options.IdentityToken?.Issuer));
    }

    private static YamlDotNet.RepresentationModel.YamlNode ConnectionManager(YamlDotNet.RepresentationModel.YamlNode bootstrap) =>
        bootstrap.Items("static_resources", "listeners")[0].Items("filter_chains")[0].Items("filters")
            .Single(f => f.Text("name") == "envoy.filters.network.http_connection_manager").At("typed_config");

    private static YamlDotNet.RepresentationModel.YamlNode ExtAuthzOf(YamlDotNet.RepresentationModel.YamlNode bootstrap) =>
        ConnectionManager(bootstrap).Items("http_filters").Single(f => f.Text("name") == "envoy.filters.http.ext_authz").At("typed_config");

    private static IReadOnlyList<YamlDotNet.RepresentationModel.YamlNode> Routes(YamlDotNet.RepresentationModel.YamlNode bootstrap) =>
        ConnectionManager(bootstrap).Items("route_config", "virtual_hosts")[0].Items("routes");

    private static YamlDotNet.RepresentationModel.YamlNode ClusterOf(YamlDotNet.RepresentationModel.YamlNode bootstrap, string name) =>
        bootstrap.Items("static_resources", "clusters").Single(c => c.Text("name") == name);

    private static (string Host, int Port) EndpointOf(YamlDotNet.RepresentationModel.YamlNode bootstrap, string cluster)
    {
        var address = ClusterOf(bootstrap, cluster).Items("load_assignment", "endpoints")[0].Items("lb_endpoints")[0].At("endpoint", "address", "socket_address");
        return (address.Text("address"), int.Parse(address.Text("port_value"), System.Globalization.CultureInfo.InvariantCulture));
    }
}
