using System.Security.Authentication;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Lanyard.Configuration;
using Lanyard.Kubernetes;
using Lanyard.Observability;
using Lanyard.Testing;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Lanyard.IntegrationTests;

/// <summary>
/// One TokenReview through the webhook's endpoint (what the API server POSTs, authenticated by the webhook token), in
/// process: the status, the answer's <c>status</c>, and the audit lines through the given logger factory. The listener,
/// TLS and kubeconfig are TokenReviewWebhookTests' (end to end); this is the endpoint's answer and audit.
/// </summary>
internal static class TokenReviewCall
{
    private const string ApiServerToken = "api-server-token";

    /// <summary>
    /// A home-tenant user whose UPN (so, by AKS's rule, whose Kubernetes user name) would start with <c>system:</c>, which
    /// Entra lets an administrator set and the webhook must refuse: the UPN and object id, for the test's token.
    /// </summary>
    public static (string UserPrincipalName, string ObjectId) AddSystemLookingUser(LanyardTestEnvironment env)
    {
        var user = env.Emulator.Services.GetRequiredService<Emulator.EmulatorDirectory>().AddUser(new Emulator.EmulatorUser
        {
            ObjectId = "5a5a5a5a-0000-4000-8000-000000000001",
            TenantId = Emulator.DemoDirectory.ContosoTenantId,
            UserPrincipalName = "system:admin@contoso.test",
            DisplayName = "Looks like a cluster admin",
        });
        return (user.UserPrincipalName, user.ObjectId);
    }

    public static async Task<(int Status, JsonElement ReviewStatus)> PostAsync(LanyardTestEnvironment env, string token, ILoggerFactory? loggers = null)
    {
        var services = env.Proxy.Services;
        var endpoint = new TokenReviewEndpoint(
            services.GetRequiredService<KubernetesTokenReviewer>(), services.GetRequiredService<LanyardMetrics>(), loggers ?? services.GetRequiredService<ILoggerFactory>());
        var listener = new KubeWebhookListener(
            new ListenAddress("127.0.0.1", 8443), new TlsOptions("tls.crt", "tls.key", SslProtocols.Tls12, null), null, SHA256.HashData(Encoding.UTF8.GetBytes(ApiServerToken)));
        var body = JsonSerializer.SerializeToUtf8Bytes(new { apiVersion = "authentication.k8s.io/v1", kind = "TokenReview", spec = new { token } });
        var context = new DefaultHttpContext();
        context.Request.Method = HttpMethods.Post;
        context.Request.Path = TokenReviewEndpoint.Paths[0];
        context.Request.ContentType = "application/json";
        context.Request.ContentLength = body.Length;
        context.Request.Body = new MemoryStream(body);
        context.Request.Headers.Authorization = "Bearer " + ApiServerToken;
        var answer = new MemoryStream();
        context.Response.Body = answer;

        await endpoint.HandleAsync(context, listener);

        var review = JsonDocument.Parse(answer.ToArray()).RootElement;
        return (context.Response.StatusCode, review.GetProperty("status").Clone());
    }
}
