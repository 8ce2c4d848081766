using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Lanyard.Configuration;
using Lanyard.Observability;
using Microsoft.AspNetCore.Http.Features;

namespace Lanyard.Kubernetes;

/// <summary>
/// The TokenReview webhook (kubernetes-authn.md §1): the API server POSTs a TokenReview and reads one back in the
/// same <c>apiVersion</c>. Every decision is a 200 (<c>authenticated</c> true or false, the reason in
/// <c>status.error</c>); only a failure to decide is a 5xx/429, which the API server retries. A caller that is not
/// the API server (no client certificate from <c>kube_webhook_client_ca_file</c>'s CA, no matching token) gets a
/// 401, a malformed review a 400. Every review is audited (user, result, reason; never the token).
/// </summary>
internal sealed class TokenReviewEndpoint(KubernetesTokenReviewer reviewer, LanyardMetrics metrics, ILoggerFactory loggers)
{
    /// <summary>The paths a webhook kubeconfig may name: the API's own, and Guard's short one.</summary>
    public static readonly string[] Paths =
        ["/apis/authentication.k8s.io/v1/tokenreviews", "/apis/authentication.k8s.io/v1beta1/tokenreviews", "/tokenreviews"];

    private static readonly string[] Versions = ["authentication.k8s.io/v1", "authentication.k8s.io/v1beta1"];

    /// <summary>A review is a token and a few names; Entra tokens are a few KB.</summary>
    private const int MaxBodyBytes = 256 * 1024;

    private readonly ILogger _audit = loggers.CreateLogger(LogCategories.Audit);

    public async Task HandleAsync(HttpContext context, KubeWebhookListener listener)
    {
        if (!HttpMethods.IsPost(context.Request.Method))
        {
            context.Response.Headers.Allow = "POST";
            await RefuseCallAsync(context, StatusCodes.Status405MethodNotAllowed, "a TokenReview is POSTed");
            return;
        }

        if (!IsApiServer(context, listener))
        {
            await RefuseCallAsync(context, StatusCodes.Status401Unauthorized, "the caller is not the API server: present a client certificate from kube_webhook_client_ca_file's CA or the token in kube_webhook_token_file");
            return;
        }

        if (await ReadAsync(context) is not { } review)
        {
            return;
        }

        var verdict = await ReviewAsync(review, context.RequestAborted);
        var status = verdict switch
        {
            TokenReviewVerdict.Authenticated ok => Audited(new TokenReviewStatus(true, ok.User, ok.Audiences), ok),
            TokenReviewVerdict.Refused refused => Audited(new TokenReviewStatus(false, Error: refused.Reason), refused),
            TokenReviewVerdict.Unavailable unavailable => Audited(new TokenReviewStatus(false, Error: unavailable.Reason), unavailable),
            _ => new TokenReviewStatus(false, Error: "the token could not be reviewed"),
        };
        if (verdict is TokenReviewVerdict.Unavailable { } failed)
        {
            context.Response.StatusCode = failed.Status;
            if (failed.RetryAfter is { } after)
            {
                context.Response.Headers.RetryAfter = ((int)Math.Ceiling(after.TotalSeconds)).ToString(System.Globalization.CultureInfo.InvariantCulture);
            }
        }

        context.Response.ContentType = "application/json";
        context.Response.Headers.CacheControl = "no-store";
        await JsonSerializer.SerializeAsync(context.Response.Body, new TokenReviewResponse(review.ApiVersion!, "TokenReview", status), TokenReviewJson.Default.TokenReviewResponse, context.RequestAborted);
    }

    /// <summary>
    /// A client certificate reaches here only if the handshake verified it against the configured CA; a bearer
    /// token is compared by its SHA-256, in constant time.
    /// </summary>
    private static bool IsApiServer(HttpContext context, KubeWebhookListener listener)
    {
        if (listener.ClientCertificateAuthorities is not null && context.Connection.ClientCertificate is not null)
        {
            return true;
        }

        if (listener.BearerTokenSha256 is { } expected && Pipeline.ResolveRequestIdentity.BearerToken(context.Request) is { } token)
        {
            var sent = SHA256.HashData(Encoding.UTF8.GetBytes(token));
            return CryptographicOperations.FixedTimeEquals(sent, expected);
        }

        return false;
    }

    /// <summary>The review as a span (<c>token_review</c>, its result; never the token or the user) and <c>lanyard_token_reviews_total{result}</c>.</summary>
    private async Task<TokenReviewVerdict> ReviewAsync(TokenReviewRequest review, CancellationToken cancellationToken)
    {
        using var activity = LanyardTracing.StartInternal("token_review");
        var verdict = await reviewer.ReviewAsync(review.Spec?.Token, review.Spec?.Audiences, cancellationToken);
        var result = verdict switch
        {
            TokenReviewVerdict.Authenticated => "authenticated",
            TokenReviewVerdict.Refused => "refused",
            _ => "unavailable",
        };
        activity?.SetTag("lanyard.token_review.result", result);
        if (verdict is TokenReviewVerdict.Unavailable)
        {
            LanyardTracing.Failed(activity, result);
        }

        metrics.TokenReview(result);
        return verdict;
    }

    private async Task<TokenReviewRequest?> ReadAsync(HttpContext context)
    {
        if (context.Request.ContentLength > MaxBodyBytes)
        {
            await RefuseCallAsync(context, StatusCodes.Status413PayloadTooLarge, $"a TokenReview is at most {MaxBodyBytes / 1024} KiB");
            return null;
        }

        // Kestrel enforces the limit on a body sent without Content-Length, too.
        if (context.Features.Get<IHttpMaxRequestBodySizeFeature>() is { IsReadOnly: false } limit)
        {
            limit.MaxRequestBodySize = MaxBodyBytes;
        }

        TokenReviewRequest? review;
        try
        {
            review = await JsonSerializer.DeserializeAsync(context.Request.Body, TokenReviewJson.Default.TokenReviewRequest, context.RequestAborted);
        }
        catch (JsonException)
        {
            await RefuseCallAsync(context, StatusCodes.Status400BadRequest, "the body is not a TokenReview (JSON)");
            return null;
        }
        catch (BadHttpRequestException e) when (e.StatusCode == StatusCodes.Status413PayloadTooLarge)
        {
            await RefuseCallAsync(context, StatusCodes.Status413PayloadTooLarge, $"a TokenReview is at most {MaxBodyBytes / 1024} KiB");
            return null;
        }

        if (review is null || review.Kind != "TokenReview" || !Versions.Contains(review.ApiVersion, StringComparer.Ordinal))
        {
            await RefuseCallAsync(context, StatusCodes.Status400BadRequest, $"expected kind TokenReview with apiVersion {string.Join(" or ", Versions)}");
            return null;
        }

        return review;
    }

    private TokenReviewStatus Audited(TokenReviewStatus status, TokenReviewVerdict verdict)
    {
        switch (verdict)
        {
            case TokenReviewVerdict.Authenticated ok:
                LogEvents.TokenReviewAuthenticated(_audit, ok.User.Username, ok.User.Uid, ok.User.Groups.Count);
                break;
            case TokenReviewVerdict.Refused refused:
                LogEvents.TokenReviewRefused(_audit, refused.Subject?.User ?? "-", refused.Subject?.Uid ?? "-", Claims(refused.Subject), refused.Reason);
                break;
            case TokenReviewVerdict.Unavailable unavailable:
                LogEvents.TokenReviewUnavailable(_audit, unavailable.Subject?.User ?? "-", unavailable.Subject?.Uid ?? "-", Claims(unavailable.Subject), unavailable.Status, unavailable.Reason);
                break;
        }

        return status;
    }

    private static string Claims(TokenReviewSubject? subject) => subject switch
    {
        { Verified: true } => "verified",
        { Verified: false } => "unverified",
        _ => "none",
    };

    /// <summary>A call that is not a review to judge: the API server logs the status, so the reason goes in the log and a short body.</summary>
    private async Task RefuseCallAsync(HttpContext context, int status, string reason)
    {
        LogEvents.TokenReviewCallRefused(_audit, status, reason);
        context.Response.StatusCode = status;
        context.Response.ContentType = "text/plain; charset=utf-8";
        await context.Response.WriteAsync(reason + "\n", context.RequestAborted);
    }
}
