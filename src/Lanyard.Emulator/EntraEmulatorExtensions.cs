using Lanyard.Emulator.ClientAssertions;
using Lanyard.Emulator.DeviceCodes;
using Lanyard.Emulator.Endpoints;
using Lanyard.Emulator.Federation;
using Lanyard.Emulator.Graph;
using Lanyard.Emulator.Loading;
using Lanyard.Emulator.ManagedIdentity;
using Lanyard.Emulator.Operator;
using Lanyard.Emulator.Protocol;
using Lanyard.Emulator.Tokens;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Lanyard.Emulator;

/// <summary>Registers and maps the offline Entra ID emulator in any ASP.NET Core app.</summary>
public static class EntraEmulatorExtensions
{
    /// <summary>
    /// The named <see cref="HttpClient"/> through which the emulator fetches external federated issuers' discovery
    /// documents and keys; configure its primary handler to route those requests in tests.
    /// </summary>
    public const string FederatedIssuerHttpClientName = ExternalIssuerKeys.HttpClientName;

    /// <summary>
    /// Adds the emulator's services. Everything is added with TryAdd, so a test may register its own
    /// <see cref="TimeProvider"/>, <see cref="EmulatorDirectory"/> or <see cref="SigningKeys"/> before or after this call.
    /// </summary>
    public static IServiceCollection AddEntraEmulator(this IServiceCollection services, Action<EntraEmulatorOptions>? configure = null)
    {
        ArgumentNullException.ThrowIfNull(services);
        var options = services.AddOptions<EntraEmulatorOptions>();
        if (configure is not null)
        {
            options.Configure(configure);
        }

        services.TryAddSingleton(TimeProvider.System);
        services.TryAddSingleton(CreateDirectory);
        services.TryAddSingleton<EmulatorFaults>();
        services.TryAddSingleton<EmulatorStatistics>();
        services.TryAddSingleton<SigningKeys>();
        services.TryAddSingleton<RequestAuthority>();
        services.TryAddSingleton<EntraErrorWriter>();
        services.TryAddSingleton<AuthorizationCodeStore>();
        services.TryAddSingleton<RefreshTokenStore>();
        services.TryAddSingleton<TokenIssuer>();
        services.TryAddSingleton<ApiResources>();
        services.TryAddSingleton<VerifyEmulatorToken>();
        services.TryAddSingleton<FederationIssuers>();
        services.TryAddSingleton<ExternalIssuerKeys>();
        services.TryAddSingleton<VerifyCertificateAssertion>();
        services.TryAddSingleton<VerifyFederatedAssertion>();
        services.TryAddSingleton<VerifyClientAssertion>();
        services.TryAddSingleton<AuthenticateClient>();
        services.TryAddSingleton<AuthenticateGraphCaller>();
        services.TryAddSingleton<GraphResponseWriter>();
        services.TryAddSingleton<GraphRequestFront>();

        // Does nothing without a directory file; with one, edits reload it while the emulator runs.
        services.AddHostedService<DirectoryFileWatcher>();

        // Entra gives up on a slow issuer; so does the emulator, rather than hold a token request open.
        services.AddHttpClient(ExternalIssuerKeys.HttpClientName, client =>
        {
            client.Timeout = TimeSpan.FromSeconds(10);
            client.MaxResponseContentBufferSize = 1024 * 1024;
        });
        services.TryAddSingleton<AuthorizationCodeGrant>();
        services.TryAddSingleton<RefreshTokenGrant>();
        services.TryAddSingleton<DeviceCodeStore>();
        services.TryAddSingleton<ApproveDeviceCode>();
        services.TryAddSingleton<DeviceCodeGrant>();
        services.TryAddSingleton<ClientCredentialsGrant>();
        services.TryAddSingleton<OnBehalfOfGrant>();
        services.TryAddEnumerable(
        [
            ServiceDescriptor.Singleton<IEmulatorEndpoint, IndexEndpoint>(),
            ServiceDescriptor.Singleton<IEmulatorEndpoint, ErrorCodeEndpoint>(),
            ServiceDescriptor.Singleton<IEmulatorEndpoint, DiscoveryEndpoint>(),
            ServiceDescriptor.Singleton<IEmulatorEndpoint, InstanceDiscoveryEndpoint>(),
            ServiceDescriptor.Singleton<IEmulatorEndpoint, JwksEndpoint>(),
            ServiceDescriptor.Singleton<IEmulatorEndpoint, AuthorizeEndpoint>(),
            ServiceDescriptor.Singleton<IEmulatorEndpoint, TokenEndpoint>(),
            ServiceDescriptor.Singleton<IEmulatorEndpoint, LogoutEndpoint>(),
            ServiceDescriptor.Singleton<IEmulatorEndpoint, GraphEndpoint>(),
            ServiceDescriptor.Singleton<IEmulatorEndpoint, UserInfoEndpoint>(),
            ServiceDescriptor.Singleton<IEmulatorEndpoint, ImdsTokenEndpoint>(),
            ServiceDescriptor.Singleton<IEmulatorEndpoint, FederationDiscoveryEndpoint>(),
            ServiceDescriptor.Singleton<IEmulatorEndpoint, FederationKeysEndpoint>(),
            ServiceDescriptor.Singleton<IEmulatorEndpoint, FederationTokenEndpoint>(),
            ServiceDescriptor.Singleton<IEmulatorEndpoint, RotateKeysEndpoint>(),
            ServiceDescriptor.Singleton<IEmulatorEndpoint, FaultsEndpoint>(),
            ServiceDescriptor.Singleton<IEmulatorEndpoint, StatsEndpoint>(),
            ServiceDescriptor.Singleton<IEmulatorEndpoint, DeviceAuthorizationEndpoint>(),
            ServiceDescriptor.Singleton<IEmulatorEndpoint, DeviceLoginEndpoint>(),
            ServiceDescriptor.Singleton<IEmulatorEndpoint, DeviceCodeOperatorEndpoint>(),
        ]);
        return services;
    }

    /// <summary>
    /// Maps the emulator's routes (<c>/</c>, <c>/error</c>, <c>/{tenant}/…</c>, Graph's <c>/v1.0/…</c>, IMDS's
    /// <c>/metadata/identity/…</c>, <c>/federation/{name}/…</c> and <c>/_emulator/…</c>). The directory, keys and options
    /// are resolved here, so a bad directory file or Authority stops startup instead of failing the first sign-in.
    /// </summary>
    public static IEndpointRouteBuilder MapEntraEmulator(this IEndpointRouteBuilder endpoints)
    {
        ArgumentNullException.ThrowIfNull(endpoints);
        var services = endpoints.ServiceProvider;
        _ = services.GetRequiredService<EmulatorDirectory>();
        _ = services.GetRequiredService<SigningKeys>();
        var authority = services.GetRequiredService<RequestAuthority>();
        var errors = services.GetRequiredService<EntraErrorWriter>();
        var logger = services.GetRequiredService<ILoggerFactory>().CreateLogger("Lanyard.Emulator");
        foreach (var endpoint in services.GetServices<IEmulatorEndpoint>())
        {
            endpoints.MapMethods(endpoint.Pattern, endpoint.Methods, Guard(endpoint, authority, errors, logger));
        }

        return endpoints;
    }

    private static EmulatorDirectory CreateDirectory(IServiceProvider services)
    {
        var options = services.GetRequiredService<IOptions<EntraEmulatorOptions>>().Value;
        if (string.IsNullOrWhiteSpace(options.DirectoryFile))
        {
            return DemoDirectory.Create();
        }

        var directory = EmulatorDirectory.Load(options.DirectoryFile);
        services.GetRequiredService<ILogger<EmulatorDirectory>>()
            .DirectoryLoaded(options.DirectoryFile, directory.Tenants.Count, directory.Users.Count, directory.Applications.Count);
        return directory;
    }

    // Clients get an Entra-shaped server_error and never a stack trace; the log gets the exception.
    private static RequestDelegate Guard(IEmulatorEndpoint endpoint, RequestAuthority authority, EntraErrorWriter errors, ILogger logger) =>
        async context =>
        {
            try
            {
                await endpoint.HandleAsync(context);
            }
            catch (Exception ex) when (!context.RequestAborted.IsCancellationRequested)
            {
                logger.UnexpectedFailure(ex, context.Request.Method, context.Request.Path.Value ?? "");
                if (!context.Response.HasStarted)
                {
                    context.Response.Clear();
                    await errors.WriteJsonAsync(context, authority.Resolve(context, endpoint.Pattern), EntraErrors.ServerError());
                }
            }
        };
}
