namespace Lanyard.Configuration;

/// <summary>
/// oauth2-proxy's probes: <c>ping_path</c> (alive), <c>ready_path</c> (provider metadata and session store) and
/// <c>ping_user_agent</c>. An empty path turns its probe off, as in oauth2-proxy.
/// </summary>
/// <param name="PingUserAgent">When set, a request on <see cref="PingPath"/> is a ping only with exactly this
/// User-Agent; any other goes on to the proxy. oauth2-proxy v7.15.2 (GHSA-5hvv-m4w4-gf6v) requires path and agent
/// both, so the agent alone answers nothing on other paths.</param>
internal sealed record ProbeOptions(string PingPath, string ReadyPath, string? PingUserAgent)
{
    public static ProbeOptions Default { get; } = new("/ping", "/ready", null);
}
