using Lanyard.Authorization;
using Lanyard.Configuration;
using Lanyard.Endpoints;
using Lanyard.ForwardAuth.ExtAuthz;
using Lanyard.Forwarding;
using Lanyard.Headers;
using Lanyard.Pipeline;
using Lanyard.Providers.Entra;
using Lanyard.Providers.Oidc;
using Lanyard.Sessions;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace Lanyard.Hosting;

internal static class LanyardServiceCollectionExtensions
{
    /// <summary>Everything the proxy needs, from validated options. Options are immutable and registered as they are.</summary>
    public static IServiceCollection AddLanyardProxy(this IServiceCollection services, LanyardOptions options)
    {
        services.TryAddSingleton(TimeProvider.System);
        services.AddSingleton(options);
        services.AddSingleton(options.Provider);
        services.AddSingleton(options.Cookie);
        services.AddSingleton(options.Access);
        services.AddSingleton(options.Redirect);
        services.AddSingleton(options.Pages);
        services.AddMetrics();
        services.AddSingleton<Observability.LanyardMetrics>();

        // Backchannels: named clients, explicit timeouts.
        // Answers are buffered, so the timeout covers the whole body and the buffer limit bounds it.
        var provider = services.AddHttpClient(HttpClientNames.Provider, client => Bound(client, TimeSpan.FromSeconds(15), 1024 * 1024));
        var graph = services.AddHttpClient(ResolveGroupOverage.HttpClientName, client => Bound(client, TimeSpan.FromSeconds(15), 4 * 1024 * 1024));
        if (options.Provider.Trust is { } trust)
        {
            // provider_ca_files: the provider's and Graph's certificates chain to these roots (as oauth2-proxy's
            // CA files apply to every backchannel), checked by Providers.ProviderCertificateTrust.
            provider.ConfigurePrimaryHttpMessageHandler(() => Providers.ProviderCertificateTrust.Handler(trust));
            graph.ConfigurePrimaryHttpMessageHandler(() => Providers.ProviderCertificateTrust.Handler(trust));
        }

        services.AddHttpClient(ManagedIdentityAssertion.HttpClientName, client => Bound(client, TimeSpan.FromSeconds(10), 64 * 1024));

        // Provider: generic OpenID Connect, with Entra ID's differences plugged in through its events.
        if (options.Provider.Type == ProviderType.EntraId)
        {
            services.AddSingleton<ResolveGroupOverage>();
            services.AddSingleton<OidcProviderEvents, EntraIdProviderEvents>();
        }
        else
        {
            services.AddSingleton<OidcProviderEvents>();
        }

        // Client authentication at the token endpoint, the same for every grant.
        switch (options.Provider.Credential)
        {
            case ClientCredentialOptions.Certificate certificate:
                services.AddSingleton<IClientAssertionSource>(provider =>
                    new CertificateClientAssertion(options.Provider.ClientId, certificate.Value, provider.GetRequiredService<TimeProvider>()));
                break;
            case ClientCredentialOptions.FederatedTokenFile file:
                services.AddSingleton<IClientAssertionSource>(new FederatedTokenFileAssertion(file));
                break;
            case ClientCredentialOptions.ManagedIdentity:
                services.AddSingleton<IClientAssertionSource, ManagedIdentityAssertion>();
                break;
        }

        services.AddSingleton(provider => new ClientAuthenticator(options.Provider, provider.GetService<IClientAssertionSource>()));
        services.AddSingleton<ProviderDocumentRetriever>();
        services.AddSingleton<ProviderMetadata>();
        services.AddSingleton<TokenEndpointClient>();
        services.AddSingleton<RefreshSigningKeys>();
        services.AddSingleton<IdTokenValidator>();
        services.AddSingleton<ExtraJwtIssuers>();
        services.AddSingleton<BearerTokenIdentity>();
        services.AddSingleton<Authorization.Htpasswd.BasicAuthIdentity>();
        services.AddSingleton<Endpoints.PasswordSignInEndpoint>();
        services.AddSingleton<OidcProvider>();
        services.AddHostedService<ProviderMetadataWarmup>();

        // Sessions.
        if (options.Sessions is SessionStoreOptions.Redis redis)
        {
            services.AddSingleton(redis);
            services.AddSingleton<RedisConnection>();
            services.AddSingleton<RedisSessionStore>();
            services.AddSingleton<ISessionStore>(provider => Measured<RedisSessionStore>(provider, "redis", traced: true));
        }
        else
        {
            services.AddSingleton<CookieSessionStore>();
            services.AddSingleton<ISessionStore>(provider => Measured<CookieSessionStore>(provider, "cookie", traced: false));
        }
        services.AddSingleton<SignInAttemptCookie>();
        services.AddSingleton<RefreshSession>();

        // Stages and endpoints.
        services.AddSingleton(options.Routes);
        services.AddSingleton(new Authorization.Routes.RouteRules(options.Routes.Rules, options.ProxyPrefix, options.Routes.PerRoute));
        services.AddSingleton<DecideAccess>();
        services.AddSingleton<ResolveRequestIdentity>();
        services.AddSingleton<AuthenticatedEmailList>();
        services.AddSingleton<AccessEvaluator>();
        services.AddSingleton<ValidateRedirectTarget>();
        if (options.IdentityToken is { } identityToken)
        {
            services.AddSingleton(identityToken);
            services.AddSingleton<IdentityTokenIssuer>();
        }

        services.AddSingleton(provider => new IdentityHeaderTable(options.Headers, provider.GetService<IdentityTokenIssuer>()));
        services.AddSingleton(new JwksEndpoint(options.IdentityToken?.Key));
        services.AddSingleton<UpstreamIdentityHeaders>();
        services.AddSingleton<AuthResponseHeaders>();
        services.AddSingleton<ProxyAccessStage>();
        services.AddSingleton(new EndpointPaths(options.ProxyPrefix));
        services.AddSingleton<StartEndpoint>();
        services.AddSingleton<SignInPage>();
        services.AddSingleton<CallbackEndpoint>();
        services.AddSingleton<BackendLogout>();
        services.AddSingleton<SignOutEndpoint>();
        services.AddSingleton<ForwardAuth.ForwardAuthEndpoint>();
        services.AddSingleton<UserInfoEndpoint>();
        services.AddExtAuthzGrpc(options.Server);
        Kubernetes.KubeWebhookPipeline.AddKubeWebhook(services, options);

        // Forwarding.
        services.AddSingleton(new LocalResponders(options.Upstreams));
        services.AddSingleton(new UpstreamTable(options.Upstreams));
        services.AddSingleton<UpstreamTransportStage>();
        services.AddSingleton<Yarp.ReverseProxy.Forwarder.IForwarderHttpClientFactory, UpstreamHttpClientFactory>();
        var (routes, clusters) = UpstreamRoutes.Build(options.Upstreams);
        services.AddReverseProxy().LoadFromMemory(routes, clusters).AddTransforms(UpstreamPathRewrite.Apply);
        services.TryAddEnumerable(ServiceDescriptor.Singleton<Microsoft.AspNetCore.Routing.MatcherPolicy, UpstreamPathPatterns>());
        return services;
    }

    /// <summary>The store behind its metrics (and, across the network, its spans): Observability's, not the store's, concern.</summary>
    private static MeasuredSessionStore Measured<TStore>(IServiceProvider provider, string name, bool traced) where TStore : ISessionStore =>
        new(provider.GetRequiredService<TStore>(), name, traced, provider.GetRequiredService<Observability.LanyardMetrics>(), provider.GetRequiredService<TimeProvider>());

    private static void Bound(HttpClient client, TimeSpan timeout, int maxBytes)
    {
        client.Timeout = timeout;
        client.MaxResponseContentBufferSize = maxBytes;
    }
}
