using Lanyard.Emulator.Endpoints;
using Lanyard.Emulator.Tokens;
using Microsoft.AspNetCore.Http;

namespace Lanyard.Emulator.Graph;

/// <summary>
/// The OpenID Connect UserInfo endpoint, where Entra has it: on Microsoft Graph's host at <c>/oidc/userinfo</c>
/// (entra-protocol.md §1.7), here on the emulator's host beside its Graph stand-in. It takes the Graph access token
/// from sign-in (<c>openid</c> in its <c>scp</c>) and answers only <c>sub</c> (the ID token's pairwise subject for
/// the app that signed in), <c>name</c>, <c>picture</c> and, with the <c>email</c> scope, <c>email</c>; never groups
/// or roles. Entra adds <c>given_name</c> and <c>family_name</c> when the user has them; the emulator's users have
/// neither, so they are left out, as Entra leaves them out for such a user.
/// </summary>
internal sealed class UserInfoEndpoint(EmulatorDirectory directory, GraphRequestFront front) : IEmulatorEndpoint
{
    public string Pattern => "/oidc/userinfo";

    public IReadOnlyList<string> Methods { get; } = [HttpMethods.Get, HttpMethods.Post];

    // Entra serves UserInfo on Graph's host, so Graph's front (outages, throttling, the token check) answers first.
    public Task HandleAsync(HttpContext context) => front.ServeAsync(context, ServeAsync);

    private async Task<GraphError?> ServeAsync(HttpContext context, GraphCaller caller)
    {
        // UserInfo describes a signed-in user; an app-only token has no one to describe.
        if (caller.IsAppOnly || caller.ObjectId is not { } objectId || caller.ClientId is not { } clientId
            || directory.FindUserByObjectId(objectId) is not { } user)
        {
            return GraphErrors.UserInfoNeedsDelegatedToken();
        }

        if (!caller.Scopes.Contains("openid", StringComparer.OrdinalIgnoreCase))
        {
            return GraphErrors.InsufficientPrivileges();
        }

        var request = context.Request;
        var picture = $"{request.Scheme}://{request.Host.Value}{request.PathBase.Value}/v1.0/me/photo/$value";
        await GraphResponseWriter.WriteAsync(context, StatusCodes.Status200OK, w =>
        {
            w.WriteStartObject();
            w.WriteString("sub", PairwiseSubject.For(user.ObjectId, clientId, caller.TenantId));
            w.WriteString("name", user.DisplayName);
            w.WriteString("picture", picture);
            if (caller.Scopes.Contains("email", StringComparer.OrdinalIgnoreCase) && user.Email is { Length: > 0 } email)
            {
                w.WriteString("email", email);
            }

            w.WriteEndObject();
        });
        return null;
    }
}
