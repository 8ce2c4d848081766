using Envoy.Service.Auth.V3;
using Grpc.Core;
using Lanyard.ForwardAuth;
using Lanyard.ForwardAuth.ExtAuthz;
using Lanyard.Headers;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Lanyard.Testing;

/// <summary>
/// The gRPC <c>Authorization/Check</c> service called in process, without the wire: for tests that compare its
/// decision with the HTTP endpoints' on one running Lanyard (the wire itself is tested end to end with a real client).
/// </summary>
public static class InProcessExtAuthz
{
    /// <summary>Check <paramref name="request"/> with the service as <paramref name="services"/> (a running Lanyard's) build it.</summary>
    public static Task<CheckResponse> CheckAsync(IServiceProvider services, CheckRequest request, CancellationToken cancel = default) =>
        Service(services).Check(request, new CallContext(cancel));

    /// <summary>The service over a stand-in for the forward-auth decision, to test the adapter alone.</summary>
    internal static async Task<CheckResponse> CheckAsync(Func<HttpContext, Task> decide, CheckRequest request, IdentityHeaderTable? table = null, CancellationToken cancel = default)
    {
        using var services = new ServiceCollection().BuildServiceProvider();
        var service = new AuthorizationService(services.GetRequiredService<IServiceScopeFactory>(), new Decision(decide),
            table ?? new IdentityHeaderTable(Configuration.HeaderOptions.Default), Microsoft.Extensions.Logging.Abstractions.NullLogger<AuthorizationService>.Instance);
        return await service.Check(request, new CallContext(cancel));
    }

    private static AuthorizationService Service(IServiceProvider services) => new(
        services.GetRequiredService<IServiceScopeFactory>(),
        services.GetRequiredService<IForwardAuthCheck>(),
        services.GetRequiredService<IdentityHeaderTable>(),
        services.GetRequiredService<ILogger<AuthorizationService>>(),
        services.GetRequiredService<UpstreamIdentityHeaders>());

    private sealed class Decision(Func<HttpContext, Task> decide) : IForwardAuthCheck
    {
        public Task CheckAsync(HttpContext syntheticContext) => decide(syntheticContext);
    }

    private sealed class CallContext(CancellationToken cancel) : ServerCallContext
    {
        protected override string MethodCore => "/envoy.service.auth.v3.Authorization/Check";
        protected override string HostCore => "127.0.0.1";
        protected override string PeerCore => "ipv4:127.0.0.1:1";
        protected override DateTime DeadlineCore => DateTime.MaxValue;
        protected override Metadata RequestHeadersCore { get; } = [];
        protected override CancellationToken CancellationTokenCore => cancel;
        protected override Metadata ResponseTrailersCore { get; } = [];
        protected override Status StatusCore { get; set; }
        protected override WriteOptions? WriteOptionsCore { get; set; }
        protected override AuthContext AuthContextCore { get; } = new(null, []);
        protected override ContextPropagationToken CreatePropagationTokenCore(ContextPropagationOptions? options) => throw new NotSupportedException();
        protected override Task WriteResponseHeadersAsyncCore(Metadata responseHeaders) => Task.CompletedTask;
    }
}
