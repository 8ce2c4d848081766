namespace Lanyard.Emulator;

/// <summary>
/// A federated identity credential of an app registration (entra-protocol.md §3.1): an assertion whose <c>iss</c> and
/// <c>sub</c> equal <see cref="Issuer"/> and <see cref="Subject"/> exactly, whose <c>aud</c> holds the audience, and
/// whose signature verifies with the issuer's published keys authenticates the application instead of a secret.
/// </summary>
public sealed record EmulatorFederatedIdentityCredential
{
    /// <summary>
    /// Stands for the emulator's own base URL in <see cref="Issuer"/>. The emulator only learns that URL per request,
    /// so the demo directory's credentials for the issuers it hosts (<c>{authority}/federation/kubernetes</c>, and its
    /// own <c>{authority}/{tenant}/v2.0</c> for managed identities) are templates expanded with the request's authority
    /// before the exact comparison. Matching only the path would accept the same path on any host — an issuer anyone can
    /// stand up — which is the check federation exists to make.
    /// </summary>
    public const string AuthorityPlaceholder = "{authority}";

    /// <summary>Entra allows at most 20 federated credentials per application.</summary>
    public const int MaximumPerApplication = 20;

    /// <summary>Unique within the application.</summary>
    public required string Name { get; init; }

    /// <summary>The issuer URL, compared exactly and case-sensitively; may start with <see cref="AuthorityPlaceholder"/>.</summary>
    public required string Issuer { get; init; }

    /// <summary>The subject, compared exactly, e.g. <c>system:serviceaccount:{namespace}:{name}</c> for Kubernetes.</summary>
    public required string Subject { get; init; }

    /// <summary>The one audience the assertion must carry; Entra recommends <c>api://AzureADTokenExchange</c>.</summary>
    public IReadOnlyList<string> Audiences { get; init; } = [WellKnownIds.TokenExchangeAudience];

    public string? Description { get; init; }

    internal string IssuerFor(string authority) => Issuer.Replace(AuthorityPlaceholder, authority, StringComparison.Ordinal);
}
