using System.Text.Json;
using Lanyard.Kubernetes;

namespace Lanyard.Tests.Kubernetes;

/// <summary>
/// TokenReview v1 and v1beta1 as kube-apiserver's Go serializer writes and reads them (kubernetes-authn.md §1.2): the
/// request's fields the webhook needs, whatever else it carries; the answer's fields by their Kubernetes names, with
/// absent ones left out rather than null (Go would read a null <c>user</c> as an empty one).
/// </summary>
public sealed class TokenReviewJsonTests
{
    [Theory]
    [InlineData("authentication.k8s.io/v1")]
    [InlineData("authentication.k8s.io/v1beta1")]
    public void AReviewAsTheApiServerSendsIt_IsRead_AndTheAnswerRoundTripsInItsVersion(string version)
    {
        var sent = $$"""
            {"kind":"TokenReview","apiVersion":"{{version}}","metadata":{"creationTimestamp":null},
             "spec":{"token":"eyJ0eXAi.payload.sig","audiences":["https://kubernetes.default.svc.cluster.local","api"]},
             "status":{"user":{ } } }
            """;

        var review = JsonSerializer.Deserialize(sent, TokenReviewJson.Default.TokenReviewRequest)!;

        Assert.Equal((version, "TokenReview"), (review.ApiVersion, review.Kind));
        Assert.Equal("eyJ0eXAi.payload.sig", review.Spec!.Token);
        Assert.Equal(["https://kubernetes.default.svc.cluster.local", "api"], review.Spec.Audiences);

        var user = new KubernetesUser("alice@contoso.test", "0a11ce00-1d3e-4c5b-8a9f-112233445566", ["ad315000-5c2a-4b7e-8f1d-334455667788"],
            new Dictionary<string, IReadOnlyList<string>> { ["oid"] = ["0a11ce00-1d3e-4c5b-8a9f-112233445566"], ["scp"] = ["user_impersonation"] });
        var answer = JsonSerializer.Serialize(new TokenReviewResponse(review.ApiVersion!, "TokenReview", new TokenReviewStatus(true, user, ["api"])), TokenReviewJson.Default.TokenReviewResponse);

        using var document = JsonDocument.Parse(answer);
        var root = document.RootElement;
        Assert.Equal(version, root.GetProperty("apiVersion").GetString());
        var status = root.GetProperty("status");
        Assert.True(status.GetProperty("authenticated").GetBoolean());
        Assert.Equal("alice@contoso.test", status.GetProperty("user").GetProperty("username").GetString());
        Assert.Equal("0a11ce00-1d3e-4c5b-8a9f-112233445566", status.GetProperty("user").GetProperty("uid").GetString());
        Assert.Equal(["ad315000-5c2a-4b7e-8f1d-334455667788"], status.GetProperty("user").GetProperty("groups").EnumerateArray().Select(g => g.GetString()));
        Assert.Equal(["user_impersonation"], status.GetProperty("user").GetProperty("extra").GetProperty("scp").EnumerateArray().Select(g => g.GetString()));
        Assert.Equal(["api"], status.GetProperty("audiences").EnumerateArray().Select(a => a.GetString()));
        Assert.False(status.TryGetProperty("error", out _));
    }

    [Fact]
    public void ARefusal_SaysWhy_AndNamesNoUserOrAudiences()
    {
        var answer = JsonSerializer.Serialize(
            new TokenReviewResponse("authentication.k8s.io/v1", "TokenReview", new TokenReviewStatus(false, Error: "the token has expired")), TokenReviewJson.Default.TokenReviewResponse);

        using var document = JsonDocument.Parse(answer);
        var status = document.RootElement.GetProperty("status");
        Assert.False(status.GetProperty("authenticated").GetBoolean());
        Assert.Equal("the token has expired", status.GetProperty("error").GetString());
        Assert.False(status.TryGetProperty("user", out _));
        Assert.False(status.TryGetProperty("audiences", out _));
    }
}
