using System.Net;
using System.Security.Cryptography;
using System.Text;
using Lanyard.Emulator.ClientAssertions;
using Lanyard.Emulator.Protocol;
using Lanyard.Emulator.Tokens;
using Microsoft.AspNetCore.Http;

namespace Lanyard.Emulator.Endpoints;

/// <summary>
/// Authenticates the client at the token endpoint (entra-protocol.md §3.1): <c>client_secret_post</c>,
/// <c>client_secret_basic</c>, or a <c>client_assertion</c> (certificate or federated credential). Secrets are
/// compared in constant time.
/// </summary>
internal sealed class AuthenticateClient(EmulatorDirectory directory, VerifyClientAssertion assertions)
{
    public async Task<ClientAuthentication> AuthenticateAsync(
        HttpRequest request, IFormCollection form, ResolvedTenant tenant, string authority, CancellationToken cancellationToken)
    {
        var formId = FormValues.First(form, "client_id");
        var formSecret = FormValues.First(form, "client_secret");
        var assertion = FormValues.First(form, "client_assertion");
        var assertionType = FormValues.First(form, "client_assertion_type");
        string? basicId = null;
        string? basicSecret = null;
        var authorization = request.Headers.Authorization.ToString();
        if (authorization.StartsWith("Basic ", StringComparison.OrdinalIgnoreCase))
        {
            if (!TryDecodeBasic(authorization["Basic ".Length..].Trim(), out basicId, out basicSecret))
            {
                return Fail(EntraErrors.MalformedRequest("The Authorization header is not valid Basic client credentials."));
            }

            // RFC 6749 §2.3: a client must not use more than one authentication method in a request.
            if (formSecret is not null)
            {
                return Fail(EntraErrors.MalformedRequest("Send client credentials either in the Authorization header or in the body, not both."));
            }

            if (formId is not null && !string.Equals(formId, basicId, StringComparison.OrdinalIgnoreCase))
            {
                return Fail(EntraErrors.ClientIdMismatch());
            }
        }

        var secret = basicSecret ?? formSecret;
        if (secret is not null && (assertion is not null || assertionType is not null))
        {
            return Fail(EntraErrors.MalformedRequest("Send either a client secret or a client assertion, not both."));
        }

        if ((basicId ?? formId) is not { } clientId)
        {
            return Fail(EntraErrors.MissingParameter("client_id"));
        }

        if (directory.FindApplication(clientId) is not { } app || !tenant.Sees(app))
        {
            return Fail(EntraErrors.ApplicationNotFound(clientId, tenant.Name));
        }

        if (assertion is not null || assertionType is not null)
        {
            if (!string.Equals(assertionType, WellKnownIds.JwtBearerAssertionType, StringComparison.Ordinal))
            {
                return Fail(EntraErrors.UnsupportedAssertionType(assertionType));
            }

            return assertion is null
                ? Fail(EntraErrors.MissingParameter("client_assertion"))
                : await assertions.VerifyAsync(assertion, app, tenant, authority, cancellationToken);
        }

        if (secret is null)
        {
            return app.AllowPublicClientFlows
                ? new ClientAuthentication.Authenticated(app, ClientCredentialKind.PublicClient)
                : Fail(EntraErrors.MissingClientCredentials());
        }

        // A public client has nothing to prove itself with; sending a secret is a mistake Entra names (§3.1).
        if (app.AllowPublicClientFlows && app.ClientSecrets.Count == 0)
        {
            return Fail(EntraErrors.PublicClientSentCredential());
        }

        return SecretMatches(app, secret)
            ? new ClientAuthentication.Authenticated(app, ClientCredentialKind.Secret)
            : Fail(EntraErrors.InvalidClientSecret(app.ClientId));
    }

    private static ClientAuthentication.Failed Fail(EntraError error) => new(error);

    // RFC 6749 §2.3.1: id and secret are each form-urlencoded before being joined with ':' and base64-encoded.
    private static bool TryDecodeBasic(string encoded, out string? clientId, out string? secret)
    {
        clientId = secret = null;
        var buffer = new byte[encoded.Length];
        if (!Convert.TryFromBase64String(encoded, buffer, out var length))
        {
            return false;
        }

        var decoded = Encoding.UTF8.GetString(buffer, 0, length);
        var colon = decoded.IndexOf(':', StringComparison.Ordinal);
        if (colon <= 0)
        {
            return false;
        }

        clientId = WebUtility.UrlDecode(decoded[..colon]);
        var decodedSecret = WebUtility.UrlDecode(decoded[(colon + 1)..]);

        // An empty secret is a missing one (AADSTS7000218), as in the body.
        secret = decodedSecret.Length > 0 ? decodedSecret : null;
        return true;
    }

    // Hashing both sides first makes the comparison constant-time in the length too; every registered secret is
    // compared so the time does not reveal which one matched.
    private static bool SecretMatches(EmulatorApplication app, string presented)
    {
        var presentedHash = SHA256.HashData(Encoding.UTF8.GetBytes(presented));
        var match = false;
        foreach (var registered in app.ClientSecrets)
        {
            match |= CryptographicOperations.FixedTimeEquals(presentedHash, SHA256.HashData(Encoding.UTF8.GetBytes(registered)));
        }

        return match;
    }
}
