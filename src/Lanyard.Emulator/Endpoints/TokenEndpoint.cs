using Lanyard.Emulator.DeviceCodes;
using Lanyard.Emulator.Protocol;
using Lanyard.Emulator.Tokens;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.Logging;

namespace Lanyard.Emulator.Endpoints;

/// <summary>
/// The token endpoint (entra-protocol.md §3): POST with a form, client authentication, then the grant. Every
/// response, success or error, is marked uncacheable.
/// </summary>
internal sealed class TokenEndpoint(
    EmulatorDirectory directory,
    EmulatorFaults faults,
    RequestAuthority authority,
    EntraErrorWriter errors,
    AuthenticateClient authenticateClient,
    AuthorizationCodeGrant authorizationCodeGrant,
    RefreshTokenGrant refreshTokenGrant,
    DeviceCodeGrant deviceCodeGrant,
    ClientCredentialsGrant clientCredentialsGrant,
    OnBehalfOfGrant onBehalfOfGrant,
    ILogger<TokenEndpoint> logger) : IEmulatorEndpoint
{
    public string Pattern => "/{tenant}/oauth2/v2.0/token";

    // GET is mapped only to be refused the way Entra refuses it (AADSTS900561), not with a bare 405.
    public IReadOnlyList<string> Methods { get; } = [HttpMethods.Get, HttpMethods.Post];

    public async Task HandleAsync(HttpContext context)
    {
        if (faults.TokenEndpointDelayMilliseconds is > 0 and var delay)
        {
            // Real time, not the emulator's TimeProvider: tests that fake the clock still need the wait to pass.
            await Task.Delay(TimeSpan.FromMilliseconds(delay), context.RequestAborted);
        }

        var baseUrl = authority.Resolve(context, Pattern);
        var outcome = await ProcessAsync(context, baseUrl);
        switch (outcome)
        {
            case TokenOutcome.Issued issued:
                await WriteTokensAsync(context, issued.Tokens);
                break;
            case TokenOutcome.Failed failed:
                logger.TokenRequestRefused(failed.Error.Error, failed.Error.Code);
                await errors.WriteJsonAsync(context, baseUrl, failed.Error);
                break;
            default:
                await errors.WriteJsonAsync(context, baseUrl, EntraErrors.ServerError());
                break;
        }
    }

    private async Task<TokenOutcome> ProcessAsync(HttpContext context, string baseUrl)
    {
        var segment = context.GetRouteValue("tenant") as string ?? "";
        if (ResolveTenant.From(directory, segment) is not { } tenant)
        {
            return new TokenOutcome.Failed(EntraErrors.TenantNotFound(segment, "invalid_request"));
        }

        if (!HttpMethods.IsPost(context.Request.Method))
        {
            return new TokenOutcome.Failed(EntraErrors.PostRequired(context.Request.Method));
        }

        // A body that is not a form has no parameters, so it fails on the first one Entra looks for.
        var form = context.Request.HasFormContentType
            ? await context.Request.ReadFormAsync(context.RequestAborted)
            : FormCollection.Empty;
        if (FormValues.First(form, "grant_type") is not { } grantType)
        {
            return new TokenOutcome.Failed(EntraErrors.MissingParameter("grant_type"));
        }

        ClientAuthentication.Authenticated client;
        switch (await authenticateClient.AuthenticateAsync(context.Request, form, tenant, baseUrl, context.RequestAborted))
        {
            case ClientAuthentication.Authenticated authenticated:
                client = authenticated;
                break;
            case ClientAuthentication.Failed failed:
                return new TokenOutcome.Failed(failed.Error);
            default:
                return new TokenOutcome.Failed(EntraErrors.ServerError());
        }

        var outcome = grantType switch
        {
            "authorization_code" => authorizationCodeGrant.Redeem(form, client, tenant, baseUrl),
            "refresh_token" => refreshTokenGrant.Redeem(form, client, baseUrl),
            DeviceCodeGrant.GrantType or DeviceCodeGrant.ShortGrantType => deviceCodeGrant.Redeem(form, client, baseUrl),
            "client_credentials" => clientCredentialsGrant.Issue(form, client, tenant, baseUrl),
            OnBehalfOfGrant.GrantType => onBehalfOfGrant.Redeem(form, client, baseUrl),
            _ => new TokenOutcome.Failed(EntraErrors.UnsupportedGrantType(grantType)),
        };
        if (outcome is TokenOutcome.Issued)
        {
            logger.TokensIssued(grantType, client.Application.ClientId);
        }

        return outcome;
    }

    // The order of entra-protocol.md §3.3; client_info last, where Entra puts it.
    private static Task WriteTokensAsync(HttpContext context, IssuedTokens tokens)
    {
        // MSAL sends client_info=1 on every token request and builds its account from the answer; app-only
        // responses have no account and so no client_info.
        var clientInfo = context.Request.HasFormContentType && FormValues.First(context.Request.Form, "client_info") == "1"
            ? tokens.Account?.ClientInfo()
            : null;
        context.Response.Headers.CacheControl = "no-store, no-cache";
        context.Response.Headers.Pragma = "no-cache";

        // Every Entra response names its request (recorded on discovery documents and errors, §1.4, §3.4), as errors here do.
        context.Response.Headers["x-ms-request-id"] = Guid.NewGuid().ToString("D");
        return JsonResponse.WriteAsync(context, StatusCodes.Status200OK, w =>
        {
            w.WriteStartObject();
            w.WriteString("token_type", "Bearer");
            if (tokens.Scope is not null)
            {
                w.WriteString("scope", tokens.Scope);
            }

            w.WriteNumber("expires_in", tokens.ExpiresIn);
            w.WriteNumber("ext_expires_in", tokens.ExpiresIn);
            w.WriteString("access_token", tokens.AccessToken);
            if (tokens.RefreshToken is not null)
            {
                w.WriteString("refresh_token", tokens.RefreshToken);
            }

            if (tokens.IdToken is not null)
            {
                w.WriteString("id_token", tokens.IdToken);
            }

            if (clientInfo is not null)
            {
                w.WriteString("client_info", clientInfo);
            }

            w.WriteEndObject();
        });
    }
}
