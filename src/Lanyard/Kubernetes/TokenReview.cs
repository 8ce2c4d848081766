using System.Text.Json.Serialization;

namespace Lanyard.Kubernetes;

/// <summary>
/// The <c>authentication.k8s.io</c> TokenReview the API server posts (v1 and v1beta1 share the layout). Only what
/// the webhook reads is declared; everything else (metadata, an empty status) is ignored.
/// </summary>
internal sealed record TokenReviewRequest(
    [property: JsonPropertyName("apiVersion")] string? ApiVersion,
    [property: JsonPropertyName("kind")] string? Kind,
    [property: JsonPropertyName("spec")] TokenReviewSpec? Spec);

internal sealed record TokenReviewSpec(
    [property: JsonPropertyName("token")] string? Token,
    [property: JsonPropertyName("audiences")] IReadOnlyList<string>? Audiences);

/// <summary>The answer, in the request's own <c>apiVersion</c> (the API server reads no other).</summary>
internal sealed record TokenReviewResponse(
    [property: JsonPropertyName("apiVersion")] string ApiVersion,
    [property: JsonPropertyName("kind")] string Kind,
    [property: JsonPropertyName("status")] TokenReviewStatus Status);

internal sealed record TokenReviewStatus(
    [property: JsonPropertyName("authenticated")] bool Authenticated,
    [property: JsonPropertyName("user"), JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] KubernetesUser? User = null,
    [property: JsonPropertyName("audiences"), JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] IReadOnlyList<string>? Audiences = null,
    [property: JsonPropertyName("error"), JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] string? Error = null);

internal sealed record KubernetesUser(
    [property: JsonPropertyName("username")] string Username,
    [property: JsonPropertyName("uid")] string Uid,
    [property: JsonPropertyName("groups")] IReadOnlyList<string> Groups,
    [property: JsonPropertyName("extra")] IReadOnlyDictionary<string, IReadOnlyList<string>> Extra);

[JsonSerializable(typeof(TokenReviewRequest))]
[JsonSerializable(typeof(TokenReviewResponse))]
internal sealed partial class TokenReviewJson : JsonSerializerContext;
