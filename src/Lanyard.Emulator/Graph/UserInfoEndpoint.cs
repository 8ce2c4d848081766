using Lanyard.Emulator.Endpoints;
using Lanyard.Emulator.Tokens;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;

namespace Lanyard.Emulator.Graph;

/// <summary>
/// The OpenID Connect UserInfo endpoint, which Entra serves from Graph (<c>https://graph.microsoft.com/oidc/userinfo</c>,
/// GET or POST) and discovery advertises (entra-protocol.md §1.7): called with the Graph access token a sign-in
/// returned, it answers only <c>sub</c> (the same pairwise value as the client's ID token), <c>name</c>,
/// <c>family_name</c>/<c>given_name</c> (the directory holds neither, so both are left out), <c>picture</c> (the
/// user's photo on this Graph stand-in) and <c>email</c> when the token has the <c>email</c> scope — never groups or
/// roles. Graph's faults and token checks apply as on <c>/v1.0</c>; an app-only token names no user, so it is refused.
/// </summary>
internal sealed class UserInfoEndpoint(
    EmulatorDirectory directory,
    EmulatorFaults faults,
    EmulatorStatistics statistics,
    AuthenticateGraphCaller authenticate,
    GraphResponseWriter responses,
    ILogger<GraphEndpoint> logger) : IEmulatorEndpoint
{
    public const string Path = "/oidc/userinfo";

    public string Pattern => Path;

    public IReadOnlyList<string> Methods { get; } = [HttpMethods.Get, HttpMethods.Post];

    public async Task HandleAsync(HttpContext context)
    {
        var (user, caller, error) = Process(context);
        if (error is not null)
        {
            logger.GraphRequestRefused(context.Request.Method, error.StatusCode, error.Code);
            await responses.WriteErrorAsync(context, error);
            return;
        }

        statistics.CountGraphRequest();
        var root = $"{context.Request.Scheme}://{context.Request.Host.Value}{context.Request.PathBase.Value}";
        await GraphResponseWriter.WriteAsync(context, StatusCodes.Status200OK, w =>
        {
            w.WriteStartObject();
            w.WriteString("sub", PairwiseSubject.For(user!.ObjectId, caller!.ClientId ?? "", caller.TenantId));
            w.WriteString("name", user.DisplayName);
            w.WriteString("picture", $"{root}/v1.0/me/photo/$value");
            if (user.Email is { } email && caller.Scopes.Contains("email", StringComparer.Ordinal))
            {
                w.WriteString("email", email);
            }

            w.WriteEndObject();
        });
    }

    private (EmulatorUser? User, GraphCaller? Caller, GraphError? Error) Process(HttpContext context)
    {
        if (faults.GraphUnavailable)
        {
            return (null, null, GraphErrors.Unavailable());
        }

        if (faults.TryTakeGraphThrottle())
        {
            return (null, null, GraphErrors.TooManyRequests());
        }

        switch (authenticate.Authenticate(context.Request))
        {
            case GraphAuthentication.Authenticated { Caller: { IsAppOnly: false, ObjectId: { } oid } caller }:
                return directory.FindUserByObjectId(oid) is { } user
                    ? (user, caller, null)
                    : (null, null, GraphErrors.ResourceNotFound(oid));
            case GraphAuthentication.Authenticated:
                return (null, null, GraphErrors.MeNeedsDelegatedToken());
            case GraphAuthentication.Failed failed:
                return (null, null, failed.Error);
            default:
                return (null, null, GraphErrors.InvalidSignature());
        }
    }
}
