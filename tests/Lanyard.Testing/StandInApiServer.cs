using System.Collections.Concurrent;
using System.Net;
using System.Security.Cryptography.X509Certificates;
using System.Text;
using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;

namespace Lanyard.Testing;

/// <summary>
/// A stand-in for kube-apiserver with webhook token authentication (kubernetes-authn.md §1.1–1.2): it reads the
/// webhook's kubeconfig as <c>--authentication-token-webhook-config-file</c> does (server URL, CA data, client
/// certificate or token), and for every request with a bearer token POSTs a TokenReview over TLS, verifying the
/// webhook's certificate against that CA and its name. An authenticated user gets the one resource it serves,
/// <c>POST /apis/authentication.k8s.io/v1/selfsubjectreviews</c> (what <c>kubectl auth whoami</c> asks), with
/// <c>system:authenticated</c> added as the API server adds it; anything else is the API server's 401.
/// </summary>
public sealed class StandInApiServer : IAsyncDisposable
{
    private const string SelfSubjectReviewPath = "/apis/authentication.k8s.io/v1/selfsubjectreviews";
    private readonly WebApplication _app;
    private readonly HttpClient _webhook;
    private readonly Uri _webhookUrl;
    private readonly string _reviewVersion;

    private StandInApiServer(WebApplication app, HttpClient webhook, Uri webhookUrl, string reviewVersion, Uri url)
    {
        _app = app;
        _webhook = webhook;
        _webhookUrl = webhookUrl;
        _reviewVersion = reviewVersion;
        Url = url;
    }

    public Uri Url { get; }

    /// <summary>Every webhook answer, in order: its HTTP status, whether it authenticated, and why not.</summary>
    public ConcurrentQueue<(int Status, bool Authenticated, string? Error)> Reviews { get; } = new();

    /// <param name="webhookKubeconfig">The file <c>lanyard kube webhook-config</c> printed.</param>
    /// <param name="reviewVersion"><c>--authentication-token-webhook-version</c>: v1 or v1beta1.</param>
    public static async Task<StandInApiServer> StartAsync(string webhookKubeconfig, string certFile, string keyFile, string reviewVersion = "v1")
    {
        var config = new YamlDotNet.Serialization.DeserializerBuilder().Build().Deserialize<Dictionary<string, object>>(File.ReadAllText(webhookKubeconfig));
        var cluster = (Dictionary<object, object>)((Dictionary<object, object>)((List<object>)config["clusters"])[0])["cluster"];
        var user = (Dictionary<object, object>)((Dictionary<object, object>)((List<object>)config["users"])[0])["user"];
        var authority = X509CertificateLoader.LoadCertificate(PemBytes((string)cluster["certificate-authority-data"]));
        // As Go's TLS client: the chain ends at the kubeconfig's CA, and the name (here the IP) is the certificate's.
        var handler = TrustedRoots.Handler(authority);
        if (user.TryGetValue("client-certificate-data", out var certificateData))
        {
            using var pem = X509Certificate2.CreateFromPem(Decode((string)certificateData), Decode((string)user["client-key-data"]));
            handler.SslOptions.ClientCertificates = [X509CertificateLoader.LoadPkcs12(pem.Export(X509ContentType.Pkcs12), null)];
        }

        var webhook = new HttpClient(handler) { Timeout = TimeSpan.FromSeconds(30) };
        if (user.TryGetValue("token", out var token))
        {
            webhook.DefaultRequestHeaders.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", (string)token);
        }

        var port = FreePort.Next();
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseKestrelHttpsConfiguration();
        builder.WebHost.ConfigureKestrel(k => k.Listen(IPAddress.Loopback, port, listen => listen.UseHttps(X509Certificate2.CreateFromPemFile(certFile, keyFile))));
        builder.Logging.ClearProviders();
        var app = builder.Build();
        var server = new StandInApiServer(app, webhook, new Uri((string)cluster["server"]), reviewVersion, new Uri($"https://127.0.0.1:{port}"));
        app.Run(server.HandleAsync);
        await app.StartAsync();
        return server;
    }

    private async Task HandleAsync(HttpContext context)
    {
        var header = context.Request.Headers.Authorization.ToString();
        JsonElement? user = header.StartsWith("Bearer ", StringComparison.Ordinal) ? await ReviewAsync(header["Bearer ".Length..], context.RequestAborted) : null;
        context.Response.ContentType = "application/json";
        if (user is not { } info)
        {
            context.Response.StatusCode = StatusCodes.Status401Unauthorized;
            await context.Response.WriteAsync("""{"kind":"Status","apiVersion":"v1","metadata":{},"status":"Failure","message":"Unauthorized","reason":"Unauthorized","code":401}""");
            return;
        }

        if (!HttpMethods.IsPost(context.Request.Method) || context.Request.Path != SelfSubjectReviewPath)
        {
            context.Response.StatusCode = StatusCodes.Status404NotFound;
            await context.Response.WriteAsync("""{"kind":"Status","apiVersion":"v1","metadata":{},"status":"Failure","reason":"NotFound","code":404}""");
            return;
        }

        var groups = info.TryGetProperty("groups", out var g) ? g.EnumerateArray().Select(e => e.GetString()!).ToList() : [];
        groups.Add("system:authenticated");
        context.Response.StatusCode = StatusCodes.Status201Created;
        await context.Response.WriteAsync(JsonSerializer.Serialize(new
        {
            kind = "SelfSubjectReview",
            apiVersion = "authentication.k8s.io/v1",
            metadata = new { creationTimestamp = (string?)null },
            status = new
            {
                userInfo = new
                {
                    username = info.GetProperty("username").GetString(),
                    uid = info.TryGetProperty("uid", out var uid) ? uid.GetString() : null,
                    groups,
                    extra = info.TryGetProperty("extra", out var extra) ? extra : default(JsonElement?),
                },
            },
        }));
    }

    /// <summary>The TokenReview exactly as the API server's webhook client sends it; the user, or null.</summary>
    private async Task<JsonElement?> ReviewAsync(string token, CancellationToken cancellationToken)
    {
        var body = JsonSerializer.Serialize(new
        {
            apiVersion = $"authentication.k8s.io/{_reviewVersion}",
            kind = "TokenReview",
            metadata = new { creationTimestamp = (string?)null },
            spec = new { token },
            status = new { user = new { } },
        });
        using var request = new HttpRequestMessage(HttpMethod.Post, _webhookUrl) { Content = new StringContent(body, Encoding.UTF8, "application/json") };
        request.Headers.Accept.ParseAdd("application/json, */*");
        using var response = await _webhook.SendAsync(request, cancellationToken);
        var text = await response.Content.ReadAsStringAsync(cancellationToken);
        if (response.StatusCode != HttpStatusCode.OK)
        {
            // The API server retries and then fails the request; the webhook's reason is only for its log.
            Reviews.Enqueue(((int)response.StatusCode, false, ErrorOf(text)));
            return null;
        }

        using var answer = JsonDocument.Parse(text);
        if (answer.RootElement.GetProperty("apiVersion").GetString() != $"authentication.k8s.io/{_reviewVersion}")
        {
            throw new InvalidOperationException("the webhook answered in another apiVersion");
        }

        var status = answer.RootElement.GetProperty("status");
        var authenticated = status.TryGetProperty("authenticated", out var a) && a.GetBoolean();
        Reviews.Enqueue((200, authenticated, status.TryGetProperty("error", out var e) ? e.GetString() : null));
        return authenticated ? status.GetProperty("user").Clone() : null;
    }

    private static string? ErrorOf(string body)
    {
        try
        {
            using var document = JsonDocument.Parse(body);
            return document.RootElement.TryGetProperty("status", out var status) && status.TryGetProperty("error", out var error) ? error.GetString() : body;
        }
        catch (JsonException)
        {
            return body;
        }
    }

    private static string Decode(string base64) => Encoding.ASCII.GetString(Convert.FromBase64String(base64));

    private static byte[] PemBytes(string base64)
    {
        using var certificate = X509Certificate2.CreateFromPem(Decode(base64));
        return certificate.RawData;
    }

    public async ValueTask DisposeAsync()
    {
        _webhook.Dispose();
        await _app.DisposeAsync();
    }
}
