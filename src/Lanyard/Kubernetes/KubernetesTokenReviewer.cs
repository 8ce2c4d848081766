using Lanyard.Configuration;
using Lanyard.Providers.Entra;
using Lanyard.Providers.Oidc;
using Microsoft.IdentityModel.JsonWebTokens;

namespace Lanyard.Kubernetes;

/// <summary>
/// One TokenReview: an Entra access token for the cluster's server application → a Kubernetes user, with AKS's
/// rules (kubernetes-authn.md §2.4, §5). Validation is the bearer guard's (signature by the provider's cached keys
/// with a bounded refresh on an unknown <c>kid</c>, v1.0 and v2.0 issuers bound to the token's tenant, the tenant
/// allow-list, lifetime with skew, audience first), with <see cref="KubernetesOptions.Audiences"/>; then the token
/// type (never an ID token; app-only tokens only with <c>bearer_token_allow_applications</c>). No I/O after the keys
/// are cached, except for an overage user's groups.
/// </summary>
/// <remarks>
/// A user in more groups than a token carries (overage) gets them from Microsoft Graph through
/// <paramref name="overageGroups"/> (Entra ID only); when Graph cannot answer, the review is a 503 or 429 the API
/// server retries, never a user with fewer groups than they have.
/// </remarks>
internal sealed class KubernetesTokenReviewer(
    KubernetesOptions kube, ProviderMetadata metadata, IdTokenValidator validator, OidcProviderEvents events, KubernetesGroupCache? overageGroups = null)
{
    /// <summary>
    /// The verdict on <paramref name="token"/>; one that is no "yes" names whom the token is about when it says: the
    /// validated token's user, or else what a token that failed validation claims (marked unverified).
    /// </summary>
    public async Task<TokenReviewVerdict> ReviewAsync(string? token, IReadOnlyList<string>? specAudiences, CancellationToken cancellationToken)
    {
        var verdict = await JudgeAsync(token, specAudiences, cancellationToken);
        return verdict switch
        {
            TokenReviewVerdict.Refused { Subject: null } refused => refused with { Subject = TokenReviewSubject.Claimed(token) },
            TokenReviewVerdict.Unavailable { Subject: null } unavailable => unavailable with { Subject = TokenReviewSubject.Claimed(token) },
            _ => verdict,
        };
    }

    private async Task<TokenReviewVerdict> JudgeAsync(string? token, IReadOnlyList<string>? specAudiences, CancellationToken cancellationToken)
    {
        if (string.IsNullOrWhiteSpace(token))
        {
            return new TokenReviewVerdict.Refused("spec.token is empty");
        }

        var audiences = Audiences(specAudiences);
        if (audiences is { Count: 0 })
        {
            return new TokenReviewVerdict.Refused("the token was presented to an audience this webhook does not serve (kube_api_audiences)");
        }

        var configuration = await metadata.GetAsync(cancellationToken);
        if (configuration is null)
        {
            return new TokenReviewVerdict.Unavailable("the identity provider's metadata and keys could not be loaded", StatusCodes.Status503ServiceUnavailable);
        }

        var validation = await validator.ValidateBearerAsync(token, configuration, kube.Audiences, cancellationToken);
        if (validation.KeysUnavailable)
        {
            // The token names a key we lack and the key set could not be fetched: a rotation during an outage
            // looks just like this, so it is no "no" either; the API server retries.
            return new TokenReviewVerdict.Unavailable("the identity provider's signing keys could not be loaded: " + validation.Problem, StatusCodes.Status503ServiceUnavailable);
        }

        if (validation.Token is not { } valid)
        {
            return new TokenReviewVerdict.Refused(validation.Problem ?? "the token is not valid");
        }

        var type = events.ClassifyBearerToken(valid);
        if (type is BearerTokenType.Refused refused)
        {
            return new TokenReviewVerdict.Refused("the token is not acceptable: " + refused.Reason, TokenReviewSubject.Of(valid));
        }

        if (OidcProviderEvents.Claim(valid, "oid") is not { } objectId || !Guid.TryParse(objectId, out _))
        {
            return new TokenReviewVerdict.Refused("the token names no object id ('oid'), which Kubernetes needs as the user's uid", TokenReviewSubject.Of(valid));
        }

        var tenant = OidcProviderEvents.Claim(valid, "tid");
        // AKS's rule names a home-tenant member by UPN. The discovered issuer names the home tenant; a multi-tenant
        // endpoint's names none (its template), and consumers' personal-accounts tenant is nobody's home tenant.
        var homeTenant = EntraAuthority.TenantOf(configuration.Issuer) is { } home && home != EntraTenants.PersonalAccounts ? home : null;
        var username = kube.UsernamePrefix + Username(valid, type, objectId, tenant, homeTenant);
        var subject = TokenReviewSubject.Of(valid, username);
        if (username.StartsWith("system:", StringComparison.Ordinal))
        {
            return new TokenReviewVerdict.Refused("the user name would start with 'system:', which Kubernetes keeps for its own users", subject);
        }

        IReadOnlyList<string> groups;
        if (!ResolveGroupOverage.HasOverage(valid))
        {
            groups = OidcProviderEvents.Claims(valid, "groups");
        }
        else if (type is BearerTokenType.Application)
        {
            // Deliberately no Graph look-up: the overage path reads a user's memberships (users/{id}), and a service
            // principal's are not that; a review without them would name fewer groups than it has, so it is a "no".
            return new TokenReviewVerdict.Refused("the service principal is in more groups than a token can carry (group overage), which the webhook does not resolve for an application", subject);
        }
        else if (overageGroups is null || tenant is null)
        {
            return new TokenReviewVerdict.Refused("the user is in more groups than a token can carry (group overage), and this provider has no Microsoft Graph to read them from", subject);
        }
        else
        {
            switch (await overageGroups.GroupsAsync(tenant, objectId, cancellationToken))
            {
                case GroupResolution.Resolved resolved:
                    groups = resolved.Groups;
                    break;
                case GroupResolution.Unresolved { RetryAfter: { } retryAfter } throttled:
                    return new TokenReviewVerdict.Unavailable("the user's groups (group overage) could not be read: " + throttled.Reason, StatusCodes.Status429TooManyRequests, retryAfter, subject);
                case GroupResolution.Unresolved unresolved:
                    return new TokenReviewVerdict.Unavailable("the user's groups (group overage) could not be read: " + unresolved.Reason, StatusCodes.Status503ServiceUnavailable, Subject: subject);
                default:
                    return new TokenReviewVerdict.Unavailable("the user's groups (group overage) could not be read", StatusCodes.Status503ServiceUnavailable, Subject: subject);
            }
        }

        var extra = new Dictionary<string, IReadOnlyList<string>>(StringComparer.Ordinal) { ["oid"] = [objectId] };
        if (tenant is not null)
        {
            extra["tid"] = [tenant];
        }

        if (OidcProviderEvents.Claim(valid, "scp") is { } scopes)
        {
            extra["scp"] = scopes.Split(' ', StringSplitOptions.RemoveEmptyEntries);
        }

        return new TokenReviewVerdict.Authenticated(new KubernetesUser(username, objectId, [.. groups.Select(g => kube.GroupsPrefix + g)], extra), audiences);
    }

    /// <summary>
    /// <c>kube_api_audiences</c> set: the review's audiences it serves (empty: none, refuse); not set, or a review
    /// without audiences: null, and the API server applies its implicit ones.
    /// </summary>
    private List<string>? Audiences(IReadOnlyList<string>? specAudiences) =>
        kube.ApiAudiences.Count == 0 || specAudiences is not { Count: > 0 }
            ? null
            : [.. specAudiences.Where(a => kube.ApiAudiences.Contains(a, StringComparer.Ordinal))];

    /// <summary>
    /// AKS's rule for <c>upn</c>: a member of the app's home tenant by UPN, everyone else (guests, other tenants,
    /// service principals) by object id, which is what RBAC bindings for them name. v1.0 tokens carry <c>upn</c>;
    /// v2.0 tokens carry it only as an optional claim, so for a home-tenant member (no <c>idp</c>: not a guest) their
    /// <c>preferred_username</c>, which Entra sets to the UPN for members, stands in. Other claims are taken as they
    /// are, falling back to the object id when the token lacks them.
    /// </summary>
    private string Username(JsonWebToken token, BearerTokenType type, string objectId, string? tenant, string? homeTenant)
    {
        if (type is BearerTokenType.Application)
        {
            return objectId;
        }

        if (kube.UsernameClaim != "upn")
        {
            return OidcProviderEvents.Claim(token, kube.UsernameClaim) ?? objectId;
        }

        var upn = OidcProviderEvents.Claim(token, "upn") ?? (OidcProviderEvents.Claim(token, "ver") == "2.0" ? OidcProviderEvents.Claim(token, "preferred_username") : OidcProviderEvents.Claim(token, "unique_name"));
        var member = homeTenant is not null && string.Equals(tenant, homeTenant, StringComparison.OrdinalIgnoreCase)
                     && OidcProviderEvents.Claim(token, "idp") is null
                     && upn is not null && !upn.Contains("#EXT#", StringComparison.OrdinalIgnoreCase);
        return member ? upn! : objectId;
    }

}
