using System.Text.Json;
using System.Text.Json.Serialization;
using Lanyard.Pipeline;

namespace Lanyard.Endpoints;

/// <summary><c>GET /oauth2/userinfo</c>: the signed-in user as JSON (oauth2-proxy's shape); 401 without a session.</summary>
internal sealed class UserInfoEndpoint(ResolveRequestIdentity identities)
{
    public async Task HandleAsync(HttpContext context)
    {
        var ticket = await identities.ResolveAsync(context);
        NoCacheHeaders.Apply(context.Response);
        if (ResolveRequestIdentity.BearerTokenDenied(context))
        {
            await ErrorResponses.WriteAsync(context, StatusCodes.Status403Forbidden, "Forbidden", "The bearer token was refused.");
            return;
        }

        if (ticket is null)
        {
            await ErrorResponses.WriteAsync(context, StatusCodes.Status401Unauthorized, "Unauthorized", "No session: sign in first.");
            return;
        }

        var identity = ticket.Identity;
        var body = new UserInfoBody(identity.User, identity.Email, identity.Groups.Count > 0 ? identity.Groups : null, identity.PreferredUsername);
        context.Response.ContentType = "application/json; charset=utf-8";
        await context.Response.WriteAsync(JsonSerializer.Serialize(body, EndpointJsonContext.Default.UserInfoBody));
    }
}

internal sealed record UserInfoBody(
    [property: JsonPropertyName("user")] string User,
    [property: JsonPropertyName("email")] string? Email,
    [property: JsonPropertyName("groups")] IReadOnlyList<string>? Groups,
    [property: JsonPropertyName("preferredUsername")] string? PreferredUsername);
