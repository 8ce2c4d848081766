using Envoy.Service.Auth.V3;
using Grpc.Core;
using Lanyard.Headers;
using Lanyard.Observability;

namespace Lanyard.ForwardAuth.ExtAuthz;

/// <summary>
/// <c>envoy.service.auth.v3.Authorization/Check</c>: the <c>CheckRequest</c> becomes an HTTP request
/// (<see cref="SyntheticRequest"/>), the forward-auth handler judges it (<see cref="IForwardAuthCheck"/>), and its
/// answer becomes the <c>CheckResponse</c> (<see cref="CheckAnswer"/>). A request that cannot be judged is
/// INVALID_ARGUMENT; a failure while judging is UNAVAILABLE with a 503 error response. Nothing here allows.
/// </summary>
internal sealed class AuthorizationService(IServiceScopeFactory scopes, IForwardAuthCheck check, IdentityHeaderTable headers, ILogger<AuthorizationService> log, UpstreamIdentityHeaders? upstream = null)
    : Envoy.Service.Auth.V3.Authorization.AuthorizationBase
{
    public override async Task<CheckResponse> Check(CheckRequest request, ServerCallContext context)
    {
        await using var scope = scopes.CreateAsyncScope();
        var (synthetic, error) = SyntheticRequest.From(request, scope.ServiceProvider);
        if (synthetic is null)
        {
            LogEvents.ExtAuthzMalformed(log, error!);
            throw new RpcException(new Status(StatusCode.InvalidArgument, error!));
        }

        synthetic.RequestAborted = context.CancellationToken;
        try
        {
            await check.CheckAsync(synthetic);
        }
        catch (OperationCanceledException) when (context.CancellationToken.IsCancellationRequested)
        {
            throw new RpcException(new Status(StatusCode.Cancelled, "Envoy cancelled the check"));
        }
#pragma warning disable CA1031 // Any failure to judge must become a denial Envoy understands, never an allow or a trace.
        catch (Exception e)
#pragma warning restore CA1031
        {
            LogEvents.ExtAuthzCheckFailed(log, e, synthetic.Request.Method, synthetic.Request.Path);
            return CheckAnswer.Unavailable("Lanyard could not judge this request (its session store or provider may be unavailable); try again shortly.");
        }

        return CheckAnswer.From(synthetic, headers.StrippedFromRequests, headers.IdentityTokenHeader, upstream);
    }
}
