using Lanyard.Configuration;
using Lanyard.Endpoints;

namespace Lanyard.Kubernetes;

/// <summary>
/// <c>kube_webhook_address</c>'s port serves the TokenReview paths and nothing else (no proxy, no sign-in, no probes):
/// what a listener serves is told by its port, so the API server's credentials never meet the rest of Lanyard.
/// </summary>
internal static class KubeWebhookPipeline
{
    public static IServiceCollection AddKubeWebhook(this IServiceCollection services, LanyardOptions options)
    {
        // Registered whether or not the listener is on: they hold no resources until asked.
        services.AddSingleton(options.Kubernetes);
        services.AddSingleton<KubernetesTokenReviewer>();
        if (options.Provider.Type == ProviderType.EntraId)
        {
            services.AddSingleton<Providers.Entra.GraphAppToken>();
            services.AddSingleton<KubernetesGroupCache>();
        }

        services.AddSingleton<TokenReviewEndpoint>();
        return services;
    }

    public static WebApplication UseKubeWebhookListener(this WebApplication app, ServerOptions server)
    {
        if (server.KubeWebhook is not { } webhook)
        {
            return app;
        }

        var endpoint = app.Services.GetRequiredService<TokenReviewEndpoint>();
        var port = webhook.Address.Port;
        app.Use((context, next) =>
        {
            if (context.Connection.LocalPort != port)
            {
                return next(context);
            }

            return TokenReviewEndpoint.Paths.Contains(context.Request.Path.Value, StringComparer.Ordinal)
                ? endpoint.HandleAsync(context, webhook)
                : ErrorResponses.WriteAsync(context, StatusCodes.Status404NotFound, "Not found", "This listener serves Kubernetes TokenReviews only: POST /apis/authentication.k8s.io/v1/tokenreviews.");
        });
        return app;
    }
}
