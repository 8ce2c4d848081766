using Lanyard.Configuration;
using Lanyard.Configuration.Validation;
using Lanyard.Demo;
using Lanyard.Emulator;
using Lanyard.Hosting;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Yarp.ReverseProxy.Forwarder;

namespace Lanyard.Testing;

/// <summary>
/// Proxy, Entra ID emulator and echo upstream in one process on a <see cref="SimulatedNetwork"/>, configured the
/// way a user would (oauth2-proxy option names). Tests read as stories:
/// <c>await using var env = await LanyardTestEnvironment.StartAsync(); await env.Browser().SignInAsync("alice@contoso.test");</c>
/// </summary>
public sealed class LanyardTestEnvironment : IAsyncDisposable
{
    public static readonly Uri ProxyUrl = new("https://proxy.test/");
    public static readonly Uri EmulatorUrl = new("https://login.emulator.test/");
    public static readonly Uri UpstreamUrl = new("https://app.internal.test/");
    public const string ClientId = "9e8d7c6b-5a49-4c3d-8e2f-1a0b9c8d7e6f";
    public const string ClientSecret = "integration-test-secret";
    public const string CookieSecret = "0123456789abcdef0123456789abcdef";

    private LanyardTestEnvironment(SimulatedNetwork network, WebApplication emulator, WebApplication upstream, WebApplication proxy, LanyardOptions options, TimeProvider? proxyTime)
    {
        _proxyTime = proxyTime;
        Network = network;
        Emulator = emulator;
        Upstream = upstream;
        Proxy = proxy;
        Options = options;
    }

    private readonly List<WebApplication> _replicas = [];
    private readonly TimeProvider? _proxyTime;

    public SimulatedNetwork Network { get; }

    public WebApplication Emulator { get; }

    public WebApplication Upstream { get; }

    public WebApplication Proxy { get; }

    internal LanyardOptions Options { get; }

    public EmulatorFaults EmulatorFaults => Emulator.Services.GetRequiredService<EmulatorFaults>();

    public EmulatorDirectory EmulatorDirectory => Emulator.Services.GetRequiredService<EmulatorDirectory>();

    /// <summary>The settings the proxy starts with, before <c>configure</c> changes them.</summary>
    public static Dictionary<string, object> DefaultSettings(Uri? emulatorUrl = null) => new()
    {
        ["provider"] = "entra-id",
        ["oidc_issuer_url"] = $"{(emulatorUrl ?? EmulatorUrl).GetLeftPart(UriPartial.Authority)}/{DemoDirectory.ContosoTenantId}/v2.0",
        ["entra_id_graph_url"] = (emulatorUrl ?? EmulatorUrl).AbsoluteUri,
        ["client_id"] = ClientId,
        ["client_secret"] = ClientSecret,
        ["cookie_secret"] = CookieSecret,
        ["email_domains"] = new List<string> { "*" },
        ["upstreams"] = new List<string> { UpstreamUrl.AbsoluteUri },
        ["scope"] = "openid profile email offline_access",
        // The integration tests read the identity from /oauth2/auth's X-Auth-Request-* answer, as nginx users do.
        ["set_xauthrequest"] = true,
        // The tests follow a page load through sign-in and back, as most deployments (seed 001's included) do;
        // SignInPageTests start without it to see the page.
        ["skip_provider_button"] = true,
    };

    /// <param name="emulatorUrl">Where the emulator is on the simulated network (a sovereign cloud's host, say).</param>
    /// <param name="graphUrl">Where Microsoft Graph is; the emulator serves it too. Defaults to the emulator's own host.</param>
    public static async Task<LanyardTestEnvironment> StartAsync(
        Action<Dictionary<string, object>>? configure = null,
        TimeProvider? emulatorTime = null,
        TimeProvider? proxyTime = null,
        Uri? emulatorUrl = null,
        Uri? graphUrl = null,
        IReadOnlyDictionary<string, string>? environment = null,
        Func<EmulatorApplication, EmulatorApplication>? registerApplication = null,
        EntraEmulatorOptions? emulatorOptions = null)
    {
        emulatorUrl ??= EmulatorUrl;
        var network = new SimulatedNetwork();

        var emulator = EntraEmulatorHost.Create(emulatorOptions ?? new EntraEmulatorOptions(), [], builder =>
        {
            UseTestServer(builder);
            // The emulator fetches federated issuers' keys; on the simulated network too.
            builder.Services.ConfigureHttpClientDefaults(client => client.ConfigurePrimaryHttpMessageHandler(network.CreateHandler));
            if (emulatorTime is not null)
            {
                builder.Services.AddSingleton(emulatorTime);
            }
        });
        await emulator.StartAsync();
        var application = new EmulatorApplication
        {
            ClientId = ClientId,
            DisplayName = "Lanyard integration tests",
            HomeTenantId = DemoDirectory.ContosoTenantId,
            SignInAudience = EmulatorSignInAudience.AzureADandPersonalMicrosoftAccount,
            RedirectUris = [new Uri(ProxyUrl, "/oauth2/callback").AbsoluteUri],
            ClientSecrets = [ClientSecret],
        };
        emulator.Services.GetRequiredService<EmulatorDirectory>().AddApplication(registerApplication?.Invoke(application) ?? application);
        network.Register(emulatorUrl, emulator.GetTestServer());
        if (graphUrl is not null)
        {
            network.Register(graphUrl, emulator.GetTestServer());
        }

        var upstream = DemoUpstreamHost.Create([], UseTestServer);
        await upstream.StartAsync();
        network.Register(UpstreamUrl, upstream.GetTestServer());

        var settings = DefaultSettings(emulatorUrl);
        configure?.Invoke(settings);
        var options = Bind(settings, environment);
        var proxy = await StartProxyAsync(network, options, proxyTime);
        network.Register(ProxyUrl, proxy.GetTestServer());
        return new LanyardTestEnvironment(network, emulator, upstream, proxy, options, proxyTime);
    }

    /// <summary>
    /// A second Lanyard with the same options (and clock) on the same network, and a load balancer at
    /// <see cref="ProxyUrl"/> that sends requests to each replica in turn, as several pods behind one Service.
    /// </summary>
    public async Task<WebApplication> StartReplicaBehindLoadBalancerAsync()
    {
        var replica = await StartProxyAsync(Network, Options, _proxyTime);
        _replicas.Add(replica);
        Network.RegisterRoundRobin(ProxyUrl, [Proxy.GetTestServer(), .. _replicas.Select(r => r.GetTestServer())]);
        return replica;
    }

    /// <summary>
    /// Another Lanyard on the same network at <paramref name="url"/>, with the default settings changed by
    /// <paramref name="configure"/> (the same cookie secret unless it changes it): a replica configured differently.
    /// </summary>
    public async Task<WebApplication> StartAnotherProxyAsync(Uri url, Action<Dictionary<string, object>> configure)
    {
        var settings = DefaultSettings();
        configure(settings);
        var replica = await StartProxyAsync(Network, Bind(settings), _proxyTime);
        _replicas.Add(replica);
        Network.Register(url, replica.GetTestServer());
        return replica;
    }

    private static async Task<WebApplication> StartProxyAsync(SimulatedNetwork network, LanyardOptions options, TimeProvider? proxyTime)
    {
        var proxy = LanyardProxyHost.Create(options, builder =>
        {
            UseTestServer(builder);
            builder.Services.ConfigureHttpClientDefaults(client => client.ConfigurePrimaryHttpMessageHandler(network.CreateHandler));
            builder.Services.AddSingleton<IForwarderHttpClientFactory>(new SimulatedForwarderFactory(network));
            if (proxyTime is not null)
            {
                builder.Services.AddSingleton(proxyTime);
            }
        });
        await proxy.StartAsync();
        return proxy;
    }

    /// <summary>
    /// Per-route rules for <paramref name="settings"/>, written as a user writes them: <c>[[authorization_rules]]</c>
    /// tables of a TOML file.
    /// </summary>
    public static void AddAuthorizationRules(Dictionary<string, object> settings, string toml)
    {
        var errors = new List<ConfigurationError>();
        var rules = Configuration.Sources.TomlConfigFile.Parse(toml, "rules.toml", errors)
            .Single(s => s.Key == AuthorizationRuleSource.SettingKey);
        if (errors.Count > 0)
        {
            throw new InvalidOperationException(string.Join("; ", errors));
        }

        settings[rules.Key] = rules.Value!;
    }

    internal static LanyardOptions Bind(IReadOnlyDictionary<string, object> settings, IReadOnlyDictionary<string, string>? environment = null) =>
        LanyardOptionsBinder.Bind(
            new SettingsLayers()
                .Add(SettingsLayers.Defaults())
                .Add(settings.Select(s => new Setting(s.Key, s.Value is List<string> list ? (IReadOnlyList<string>)list : s.Value, "test"))),
            environment: name => environment?.GetValueOrDefault(name));

    public BrowserClient Browser() => new(Network, ProxyUrl);

    /// <summary>An HTTP client on the simulated network that is not a browser (no cookies, no HTML).</summary>
    public HttpClient ApiClient() => new(Network.CreateHandler()) { BaseAddress = ProxyUrl };

    /// <summary>What <c>/oauth2/auth</c> answers an API client that sends <paramref name="token"/> as its bearer token.</summary>
    public async Task<System.Net.HttpStatusCode> AuthStatusWithBearerAsync(string token, CancellationToken cancel = default)
    {
        using var api = ApiClient();
        using var request = new HttpRequestMessage(HttpMethod.Get, "/oauth2/auth");
        request.Headers.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", token);
        using var response = await api.SendAsync(request, cancel);
        return response.StatusCode;
    }

    public async ValueTask DisposeAsync()
    {
        foreach (var app in _replicas.Append(Proxy).Append(Upstream).Append(Emulator))
        {
            await app.StopAsync();
            await app.DisposeAsync();
        }
    }

    private static void UseTestServer(WebApplicationBuilder builder)
    {
        builder.WebHost.UseTestServer();
        // Keep test output readable: only warnings and errors from the hosts.
        builder.Logging.SetMinimumLevel(LogLevel.Warning);
    }
}
