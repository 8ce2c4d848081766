using System.Net;
using Lanyard.Testing;

namespace Lanyard.EndToEndTests;

/// <summary>
/// reverse_proxy and trusted_proxy_ips against a real process on a real socket, where the peer address is real:
/// X-Forwarded-Proto/-Host shape the callback URL only when reverse_proxy is on and the peer is trusted.
/// </summary>
public sealed class ReverseProxyTests
{
    private static CancellationToken Cancel => TestContext.Current.CancellationToken;

    [Theory]
    [InlineData("", "http://127.0.0.1:{port}/oauth2/callback")]
    [InlineData("reverse_proxy = true", "https://app.example.test/oauth2/callback")]
    [InlineData("reverse_proxy = true\ntrusted_proxy_ips = [\"127.0.0.0/8\"]", "https://app.example.test/oauth2/callback")]
    [InlineData("reverse_proxy = true\ntrusted_proxy_ips = [\"10.0.0.0/8\", \"fd00::1\"]", "http://127.0.0.1:{port}/oauth2/callback")]
    public async Task ForwardedProtoAndHost_CountOnlyFromTrustedPeers(string trust, string expectedCallback)
    {
        var emulatorPort = FreePort.Next();
        var proxyPort = FreePort.Next();
        await using var emulator = await EmulatorProcess.StartAsync(emulatorPort);
        var config = TemporaryDirectory.WriteFile("lanyard.toml", EmulatorProcess.ClientToml(emulatorPort) + $"""

            email_domains = ["*"]
            upstreams = ["http://127.0.0.1:{emulatorPort}/"]
            http_address = "127.0.0.1:{proxyPort}"
            {trust}
            """);
        await using var serve = TestProcess.Lanyard("serve", "--config", config);
        await serve.WaitUntilOkAsync($"http://127.0.0.1:{proxyPort}/ready");

        using var client = new HttpClient(new HttpClientHandler { AllowAutoRedirect = false });
        using var request = new HttpRequestMessage(HttpMethod.Get, $"http://127.0.0.1:{proxyPort}/oauth2/start?rd=/");
        request.Headers.Add("X-Forwarded-Proto", "https");
        request.Headers.Add("X-Forwarded-Host", "app.example.test");
        request.Headers.Add("X-Real-IP", "203.0.113.7");
        using var response = await client.SendAsync(request, Cancel);

        Assert.Equal(HttpStatusCode.Found, response.StatusCode);
        var query = System.Web.HttpUtility.ParseQueryString(response.Headers.Location!.Query);
        Assert.Equal(expectedCallback.Replace("{port}", proxyPort.ToString(System.Globalization.CultureInfo.InvariantCulture), StringComparison.Ordinal), query["redirect_uri"]);
        if (trust.Length > 0 && !trust.Contains("10.0.0.0/8", StringComparison.Ordinal) && !trust.Contains("127.0.0.0/8", StringComparison.Ordinal))
        {
            Assert.Contains("trusted_proxy_ips is empty", serve.Output, StringComparison.Ordinal);
        }
    }

    [Fact]
    public async Task ABadTrustedProxyIp_OrClientIpHeader_IsRefusedAtStartup()
    {
        var config = TemporaryDirectory.WriteFile("lanyard.toml", """
            provider = "oidc"
            reverse_proxy = true
            trusted_proxy_ips = ["10.0.0.0/33", "nginx"]
            real_client_ip_header = "X-Client-IP"
            """);
        await using var serve = TestProcess.Lanyard("serve", "--config", config);

        Assert.Equal(1, await serve.WaitForExitAsync(TimeSpan.FromSeconds(30)));
        Assert.Contains("trusted_proxy_ips (from lanyard.toml:3): '10.0.0.0/33' is not an IP address or CIDR range", serve.Output, StringComparison.Ordinal);
        Assert.Contains("trusted_proxy_ips (from lanyard.toml:3): 'nginx' is not an IP address", serve.Output, StringComparison.Ordinal);
        Assert.Contains("real_client_ip_header (from lanyard.toml:4): 'X-Client-IP' is not one of", serve.Output, StringComparison.Ordinal);
    }
}
