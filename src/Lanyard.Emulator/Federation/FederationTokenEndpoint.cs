using System.Globalization;
using System.Text.Json;
using Lanyard.Emulator.Endpoints;
using Lanyard.Emulator.Protocol;
using Lanyard.Emulator.Tokens;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.Logging;

namespace Lanyard.Emulator.Federation;

/// <summary>
/// <c>POST /federation/{name}/token</c> (form <c>sub</c>, optional <c>aud</c> and <c>lifetime</c> in seconds): mints
/// what the kubelet would project into a pod for Azure Workload Identity (§7.3), signed by the hosted issuer. Dev
/// and tests write it to the file <c>AZURE_FEDERATED_TOKEN_FILE</c> names. Anyone who can reach the emulator can mint
/// one; that is the point of a dev tool, and why the emulator listens on loopback.
/// </summary>
internal sealed class FederationTokenEndpoint(
    FederationIssuers issuers, RequestAuthority authority, EmulatorStatistics statistics, TimeProvider time, ILogger<FederationTokenEndpoint> logger)
    : IEmulatorEndpoint
{
    /// <summary>The projected token's default lifetime (an hour; the kubelet default is longer, 24 h, §7.3).</summary>
    public const int DefaultLifetimeSeconds = 3600;

    public const int MaximumLifetimeSeconds = 7 * 24 * 3600;

    public string Pattern => "/federation/{name}/token";

    public IReadOnlyList<string> Methods { get; } = [HttpMethods.Post];

    public async Task HandleAsync(HttpContext context)
    {
        var name = context.GetRouteValue("name") as string;
        if (!FederationIssuers.IsValidName(name) || issuers.KeyFor(name!) is not { } key)
        {
            await FederationIssuers.WriteInvalidNameAsync(context, name);
            return;
        }

        var form = context.Request.HasFormContentType ? await context.Request.ReadFormAsync(context.RequestAborted) : FormCollection.Empty;
        if (FormValues.First(form, "sub") is not { } subject)
        {
            await OAuthStyleError.WriteAsync(context, StatusCodes.Status400BadRequest, "invalid_request", "The form must name the token's subject in 'sub'.");
            return;
        }

        var audience = FormValues.First(form, "aud") ?? WellKnownIds.TokenExchangeAudience;
        var lifetime = DefaultLifetimeSeconds;
        if (FormValues.First(form, "lifetime") is { } requested
            && (!int.TryParse(requested, NumberStyles.None, CultureInfo.InvariantCulture, out lifetime) || lifetime is < 1 or > MaximumLifetimeSeconds))
        {
            await OAuthStyleError.WriteAsync(context, StatusCodes.Status400BadRequest, "invalid_request",
                $"'lifetime' must be a whole number of seconds from 1 to {MaximumLifetimeSeconds}.");
            return;
        }

        var issuer = FederationIssuers.IssuerFor(authority.Resolve(context, Pattern), name!);
        var issuedAt = time.GetUtcNow().ToUnixTimeSeconds();
        var token = JwtWriter.Write(
            key,
            w =>
            {
                w.WriteString("alg", "RS256");
                w.WriteString("kid", key.KeyId);
            },
            w => WriteClaims(w, issuer, subject, audience, issuedAt, lifetime));
        statistics.CountFederationToken();
        logger.FederationTokenIssued(name!, subject);
        context.Response.Headers.CacheControl = "no-store";
        await JsonResponse.WriteAsync(context, StatusCodes.Status200OK, w =>
        {
            w.WriteStartObject();
            w.WriteString("token", token);
            w.WriteEndObject();
        });
    }

    // The claims of a projected service-account token: aud is an array, and kubernetes.io names the account.
    private static void WriteClaims(Utf8JsonWriter w, string issuer, string subject, string audience, long issuedAt, int lifetime)
    {
        w.WriteStartArray("aud");
        w.WriteStringValue(audience);
        w.WriteEndArray();
        w.WriteNumber("exp", issuedAt + lifetime);
        w.WriteNumber("iat", issuedAt);
        w.WriteString("iss", issuer);
        if (subject.Split(':') is ["system", "serviceaccount", var ns, var account])
        {
            w.WriteStartObject("kubernetes.io");
            w.WriteString("namespace", ns);
            w.WriteStartObject("serviceaccount");
            w.WriteString("name", account);
            w.WriteEndObject();
            w.WriteEndObject();
        }

        w.WriteNumber("nbf", issuedAt);
        w.WriteString("sub", subject);
    }
}
