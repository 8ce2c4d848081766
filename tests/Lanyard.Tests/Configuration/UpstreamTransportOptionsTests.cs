using Lanyard.Configuration;

namespace Lanyard.Tests.Configuration;

/// <summary>unix:// upstreams and the transport options, bound as oauth2-proxy reads them, with its defaults.</summary>
public sealed class UpstreamTransportOptionsTests
{
    private static LanyardOptions Bind(string toml) => TomlBinding.Bind(TomlBinding.MinimalOidc + "\n" + toml);

    [Fact]
    public void Defaults_AreOauth2Proxys()
    {
        var transport = Assert.Single(Bind("upstreams = [\"http://127.0.0.1:8080/\"]").Upstreams).Transport;
        Assert.Equal(new UpstreamTransport(PassHostHeader: true, ProxyWebSockets: true, FlushInterval: TimeSpan.FromSeconds(1),
            ResponseHeaderTimeout: TimeSpan.FromSeconds(30), InsecureSkipTlsVerify: false, DisableKeepAlives: false), transport);
    }

    [Fact]
    public void EachOption_ReachesEveryUpstream()
    {
        var options = Bind("""
            upstreams = ["http://127.0.0.1:8080/", "https://api.internal:8443/api/"]
            pass_host_header = false
            proxy_websockets = false
            flush_interval = "250ms"
            upstream_timeout = "5s"
            ssl_upstream_insecure_skip_verify = true
            disable_keep_alives = true
            """);
        var expected = new UpstreamTransport(false, false, TimeSpan.FromMilliseconds(250), TimeSpan.FromSeconds(5), true, true);
        Assert.All(options.Upstreams, u => Assert.Equal(expected, u.Transport));
    }

    [Fact]
    public void UpstreamTimeoutZero_IsNoLimit_AsInGo()
    {
        var upstream = Assert.Single(Bind("upstreams = [\"http://127.0.0.1:8080/\"]\nupstream_timeout = \"0s\"").Upstreams);
        Assert.Equal(Timeout.InfiniteTimeSpan, upstream.Transport.ResponseHeaderTimeout);
    }

    [Fact]
    public void UnixSocket_IsMountedAtTheRoot_AndReachedThroughThePath()
    {
        var upstream = Assert.Single(Bind("upstreams = [\"unix:///run/app/app.sock\"]").Upstreams);
        Assert.Equal("/run/app/app.sock", upstream.UnixSocket);
        Assert.Equal("/", upstream.PathPrefix);
        Assert.NotNull(upstream.Destination);
    }

    [Theory]
    [InlineData("upstreams = [\"unix://relative.sock\"]", "upstreams", "unix:///run/app.sock")]
    [InlineData("upstreams = [\"unix:///\"]", "upstreams", "absolute path")]
    [InlineData("upstreams = [\"ftp://files.internal/\"]", "upstreams", "is not an upstream scheme")]
    [InlineData("upstream_timeout = \"soon\"", "upstream_timeout", "not a duration")]
    [InlineData("flush_interval = \"-1s\"", "flush_interval", "not a duration")]
    [InlineData("pass_host_header = \"maybe\"", "pass_host_header", "true or false")]
    public void BadValues_NameTheOption(string line, string option, string fragment)
    {
        var error = TomlBinding.SingleError(() => Bind(line));
        Assert.Equal(option, error.Option);
        Assert.Contains(fragment, error.Message, StringComparison.Ordinal);
    }
}
