using System.Text.Json;
using Lanyard.Kubectl;

namespace Lanyard.Tests.Kubectl;

public sealed class ExecCredentialTests
{
    [Theory]
    [InlineData(null, ExecCredential.V1Beta1)]
    [InlineData("", ExecCredential.V1Beta1)]
    [InlineData("""{"kind":"ExecCredential","spec":{"interactive":true}}""", ExecCredential.V1Beta1)]
    [InlineData("""{"apiVersion":"client.authentication.k8s.io/v1","kind":"ExecCredential","spec":{"interactive":false}}""", ExecCredential.V1)]
    [InlineData("""{"apiVersion":"client.authentication.k8s.io/v1beta1","kind":"ExecCredential"}""", ExecCredential.V1Beta1)]
    public void ApiVersion_FollowsKubernetesExecInfo_DefaultingToV1Beta1(string? execInfo, string expected)
    {
        Assert.Equal(expected, ExecCredential.ApiVersionFrom(execInfo, out var problem));
        Assert.Null(problem);
    }

    [Theory]
    [InlineData("""{"apiVersion":"client.authentication.k8s.io/v1alpha1"}""", "v1alpha1")]
    [InlineData("not json", "not JSON")]
    public void OtherVersions_AreRefusedWithAReason(string execInfo, string reason)
    {
        Assert.Null(ExecCredential.ApiVersionFrom(execInfo, out var problem));
        Assert.Contains(reason, problem, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(ExecCredential.V1)]
    [InlineData(ExecCredential.V1Beta1)]
    public void Credential_IsOneJsonLine_WithTokenAndRfc3339Expiry(string apiVersion)
    {
        var json = ExecCredential.Write(apiVersion, "eyJ.token.sig", new DateTimeOffset(2026, 3, 5, 15, 42, 37, 500, TimeSpan.FromHours(1)));

        Assert.DoesNotContain('\n', json);
        using var document = JsonDocument.Parse(json);
        var root = document.RootElement;
        Assert.Equal(apiVersion, root.GetProperty("apiVersion").GetString());
        Assert.Equal("ExecCredential", root.GetProperty("kind").GetString());
        Assert.Equal("eyJ.token.sig", root.GetProperty("status").GetProperty("token").GetString());
        Assert.Equal("2026-03-05T14:42:37Z", root.GetProperty("status").GetProperty("expirationTimestamp").GetString());
        Assert.False(root.GetProperty("spec").GetProperty("interactive").GetBoolean());
    }
}
