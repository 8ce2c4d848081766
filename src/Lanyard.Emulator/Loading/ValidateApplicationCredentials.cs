using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

namespace Lanyard.Emulator.Loading;

/// <summary>
/// Checks an application's certificates and federated identity credentials, adding problems to the directory
/// checker's list so they are reported together with the rest.
/// </summary>
internal sealed class ValidateApplicationCredentials(List<string> errors, string where)
{
    public IReadOnlyList<string> Certificates(IReadOnlyList<string> certificates)
    {
        for (var i = 0; i < certificates.Count; i++)
        {
            if (Problem(certificates[i]) is { } problem)
            {
                errors.Add($"{where}: certificates[{i}] {problem}");
            }
        }

        return [.. certificates];
    }

    public IReadOnlyList<EmulatorFederatedIdentityCredential> Federated(IReadOnlyList<EmulatorFederatedIdentityCredential> credentials)
    {
        if (credentials.Count > EmulatorFederatedIdentityCredential.MaximumPerApplication)
        {
            errors.Add($"{where}: has {credentials.Count} federated identity credentials; Entra allows at most {EmulatorFederatedIdentityCredential.MaximumPerApplication}");
        }

        var result = credentials.Select((c, i) =>
        {
            var at = $"{where}: federatedIdentityCredentials[{i}] ('{c.Name}')";
            if (string.IsNullOrWhiteSpace(c.Name))
            {
                errors.Add($"{at}: name is required");
            }

            // Entra compares iss exactly; whitespace around it is a classic reason a credential never matches (§3.1).
            var probe = (c.Issuer ?? "").Replace(EmulatorFederatedIdentityCredential.AuthorityPlaceholder, "https://authority.invalid", StringComparison.Ordinal);
            if (!Uri.TryCreate(probe, UriKind.Absolute, out var issuer) || issuer.Scheme is not ("http" or "https") || probe.Trim() != probe)
            {
                errors.Add($"{at}: issuer '{c.Issuer}' must be an absolute http(s) URL without surrounding whitespace, optionally starting with {EmulatorFederatedIdentityCredential.AuthorityPlaceholder}");
            }

            if (string.IsNullOrWhiteSpace(c.Subject))
            {
                errors.Add($"{at}: subject is required");
            }

            // Absent in a file means the default; present but not exactly one value is what Entra refuses.
            var audiences = c.Audiences ?? [WellKnownIds.TokenExchangeAudience];
            if (audiences.Count != 1 || string.IsNullOrWhiteSpace(audiences[0]))
            {
                errors.Add($"{at}: audiences must hold exactly one value, normally '{WellKnownIds.TokenExchangeAudience}'");
            }

            return c with { Audiences = [.. audiences] };
        }).ToList();
        foreach (var duplicate in result.GroupBy(c => c.Name, StringComparer.OrdinalIgnoreCase).Where(g => g.Count() > 1))
        {
            errors.Add($"{where}: duplicate federated identity credential name '{duplicate.Key}'");
        }

        return result;
    }

    private static string? Problem(string? encoded)
    {
        var der = new byte[((encoded?.Length ?? 0) * 3 / 4) + 3];
        if (string.IsNullOrWhiteSpace(encoded) || !Convert.TryFromBase64String(encoded, der, out var length))
        {
            return "is not base64";
        }

        try
        {
            using var certificate = X509CertificateLoader.LoadCertificate(der.AsSpan(0, length));
            using var rsa = certificate.GetRSAPublicKey();
            return rsa is null ? "has no RSA public key (client assertions are verified with RS256 or PS256)" : null;
        }
        catch (CryptographicException)
        {
            return "is not a DER-encoded X.509 certificate";
        }
    }
}
