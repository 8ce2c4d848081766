using Grpc.AspNetCore.Server;
using Lanyard.Configuration;
using Lanyard.Endpoints;

namespace Lanyard.ForwardAuth.ExtAuthz;

/// <summary>
/// <c>ext_authz_grpc_address</c>: its port serves <see cref="AuthorizationService"/> and nothing else (any other
/// gRPC call is UNIMPLEMENTED, any other request 404), and no other port serves gRPC. The check runs before every
/// other stage: the gateway asks about a request it holds, so forced https, probes and the proxy do not apply.
/// </summary>
internal static class ExtAuthzListener
{
    public static IServiceCollection AddExtAuthzGrpc(this IServiceCollection services, ServerOptions server)
    {
        services.AddSingleton<IForwardAuthCheck, ForwardAuthCheck>();
        if (server.ExtAuthzGrpc is null)
        {
            return services;
        }

        services.AddGrpc(grpc =>
        {
            grpc.MaxReceiveMessageSize = ExtAuthzContext.MaxCheckRequestBytes;
            // Unknown services are ours to answer (below), so no catch-all gRPC endpoint shadows an upstream's path.
            grpc.IgnoreUnknownServices = true;
        });
        return services;
    }

    public static WebApplication UseExtAuthzGrpcListener(this WebApplication app, ServerOptions server)
    {
        if (server.ExtAuthzGrpc is not { } listener)
        {
            return app;
        }

        app.MapGrpcService<AuthorizationService>();
        var port = listener.Address.Port;
        app.Use((context, next) =>
        {
            var grpcMethod = context.GetEndpoint()?.Metadata.GetMetadata<GrpcMethodMetadata>();
            if (context.Connection.LocalPort != port)
            {
                return grpcMethod is null
                    ? next(context)
                    : ErrorResponses.WriteAsync(context, StatusCodes.Status404NotFound, "Not found", "Lanyard serves gRPC ext_authz on ext_authz_grpc_address only.");
            }

            if (grpcMethod is not null && context.GetEndpoint()!.RequestDelegate is { } serve)
            {
                return serve(context);
            }

            return Unimplemented(context);
        });
        return app;
    }

    /// <summary>
    /// A trailers-only gRPC answer for any other call, a plain 404 for anything that is not gRPC. The call's message
    /// is read first (up to the Check limit): an HTTP/2 stream answered before its request ends is reset, and Kestrel
    /// answers a client that keeps such streams coming with ENHANCE_YOUR_CALM, which would cost Envoy the connection
    /// its real checks share.
    /// </summary>
    private static async Task Unimplemented(HttpContext context)
    {
        if (context.Request.ContentType?.StartsWith("application/grpc", StringComparison.OrdinalIgnoreCase) is true)
        {
            await DrainAsync(context.Request.Body, context.RequestAborted);
            context.Response.StatusCode = StatusCodes.Status200OK;
            context.Response.ContentType = "application/grpc";
            context.Response.Headers["grpc-status"] = "12";
            context.Response.Headers["grpc-message"] = "This listener serves envoy.service.auth.v3.Authorization/Check only";
            return;
        }

        context.Response.StatusCode = StatusCodes.Status404NotFound;
    }

    private static async Task DrainAsync(Stream body, CancellationToken cancel)
    {
        var buffer = System.Buffers.ArrayPool<byte>.Shared.Rent(16 * 1024);
        try
        {
            var left = ExtAuthzContext.MaxCheckRequestBytes;
            int read;
            while (left > 0 && (read = await body.ReadAsync(buffer.AsMemory(0, Math.Min(buffer.Length, left)), cancel)) > 0)
            {
                left -= read;
            }
        }
        finally
        {
            System.Buffers.ArrayPool<byte>.Shared.Return(buffer);
        }
    }
}
