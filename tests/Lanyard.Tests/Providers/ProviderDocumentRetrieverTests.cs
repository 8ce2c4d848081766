using System.Diagnostics.Metrics;
using System.Net;
using Lanyard.Observability;
using Lanyard.Providers.Oidc;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.Metrics.Testing;

namespace Lanyard.Tests.Providers;

/// <summary>
/// Every fetch of a discovery document or key set is counted by document and outcome, so an operator sees a
/// provider that stopped answering (IdentityModel refetches on its own schedule) before sign-ins fail.
/// </summary>
public sealed class ProviderDocumentRetrieverTests
{
    private const string Discovery = "https://login.example.test/tenant/v2.0/.well-known/openid-configuration";
    private const string Keys = "https://login.example.test/tenant/discovery/v2.0/keys";

    [Fact]
    public async Task Fetches_AreCountedByDocumentAndOutcome()
    {
        using var services = Services(request => request.RequestUri!.AbsoluteUri == Discovery ? HttpStatusCode.OK : HttpStatusCode.ServiceUnavailable);
        var retriever = services.GetRequiredService<ProviderDocumentRetriever>();
        using var fetches = new MetricCollector<long>(services.GetRequiredService<IMeterFactory>(), LanyardMetrics.MeterName, "lanyard_provider_document_fetches");

        Assert.Equal("{}", await retriever.GetDocumentAsync(Discovery, CancellationToken.None));
        var refused = await Assert.ThrowsAsync<InvalidOperationException>(() => retriever.GetDocumentAsync(Keys, CancellationToken.None));
        await Assert.ThrowsAsync<InvalidOperationException>(() => retriever.GetDocumentAsync("http://login.example.test/keys", CancellationToken.None));

        Assert.Contains("503", refused.Message, StringComparison.Ordinal);
        Assert.Equal(
            [("discovery", "ok"), ("keys", "error"), ("keys", "error")],
            fetches.GetMeasurementSnapshot().Select(m => ((string)m.Tags["document"]!, (string)m.Tags["outcome"]!)));
    }

    private static ServiceProvider Services(Func<HttpRequestMessage, HttpStatusCode> answer)
    {
        var services = new ServiceCollection();
        services.AddMetrics();
        services.AddSingleton<LanyardMetrics>();
        services.AddSingleton<ProviderDocumentRetriever>();
        services.AddHttpClient(HttpClientNames.Provider).ConfigurePrimaryHttpMessageHandler(() => new Answering(answer));
        return services.BuildServiceProvider();
    }

    private sealed class Answering(Func<HttpRequestMessage, HttpStatusCode> answer) : HttpMessageHandler
    {
        protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken) =>
            Task.FromResult(new HttpResponseMessage(answer(request)) { Content = new StringContent("{}") });
    }
}
