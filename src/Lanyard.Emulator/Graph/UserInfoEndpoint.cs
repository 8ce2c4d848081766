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
internal sealed class UserInfoEndpoint(EmulatorDirectory directory, AuthenticateGraphCaller authenticate, GraphResponseWriter responses) : IEmulatorEndpoint
{
    public string Pattern => "/oidc/userinfo";

    public IReadOnlyList<string> Methods { get; } = [HttpMethods.Get, HttpMethods.Post];

    public async Task HandleAsync(HttpContext context)
    {
        GraphCaller caller;
        switch (authenticate.Authenticate(context.Request))
        {
            case GraphAuthentication.Authenticated authenticated:
                caller = authenticated.Caller;
                break;
            case GraphAuthentication.Failed failed:
                await responses.WriteErrorAsync(context, failed.Error);
                return;
            default:
                await responses.WriteErrorAsync(context, GraphErrors.InvalidSignature());
                return;
        }

        // UserInfo describes a signed-in user; an app-only token has no one to describe.
        if (caller.IsAppOnly || caller.ObjectId is not { } objectId || caller.ClientId is not { } clientId
            || directory.FindUserByObjectId(objectId) is not { } user)
        {
            await responses.WriteErrorAsync(context, GraphErrors.UserInfoNeedsDelegatedToken());
            return;
        }

        if (!caller.Scopes.Contains("openid", StringComparer.OrdinalIgnoreCase))
        {
            await responses.WriteErrorAsync(context, GraphErrors.InsufficientPrivileges());
            return;
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
    }
}
