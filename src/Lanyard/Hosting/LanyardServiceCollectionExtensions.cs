using Lanyard.Authorization;
using Lanyard.Configuration;
using Lanyard.Endpoints;
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

        // Backchannel to the identity provider: named client, explicit timeout.
        services.AddHttpClient(HttpClientNames.Provider, client => client.Timeout = TimeSpan.FromSeconds(15));

        // Provider: generic OpenID Connect, with Entra ID's differences plugged in through its events.
        services.AddSingleton<OidcProviderEvents>(options.Provider.Type switch
        {
            ProviderType.EntraId => new EntraIdProviderEvents(),
            _ => new OidcProviderEvents(),
        });
        services.AddSingleton<ProviderDocumentRetriever>();
        services.AddSingleton<ProviderMetadata>();
        services.AddSingleton<TokenEndpointClient>();
        services.AddSingleton<IdTokenValidator>();
        services.AddSingleton<OidcProvider>();
        services.AddHostedService<ProviderMetadataWarmup>();

        // Sessions.
        services.AddSingleton<ISessionStore, CookieSessionStore>();
        services.AddSingleton<SignInAttemptCookie>();

        // Stages and endpoints.
        services.AddSingleton<ResolveSessionIdentity>();
        services.AddSingleton<AccessEvaluator>();
        services.AddSingleton<ValidateRedirectTarget>();
        services.AddSingleton<UpstreamIdentityHeaders>();
        services.AddSingleton<ProxyAccessStage>();
        services.AddSingleton<StartEndpoint>();
        services.AddSingleton<CallbackEndpoint>();
        services.AddSingleton<SignOutEndpoint>();
        services.AddSingleton<AuthEndpoint>();
        services.AddSingleton<UserInfoEndpoint>();

        // Forwarding.
        var (routes, clusters) = UpstreamRoutes.Build(options.Upstreams);
        services.AddReverseProxy().LoadFromMemory(routes, clusters);
        return services;
    }
}
