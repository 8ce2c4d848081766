namespace Lanyard.Configuration.Validation;

/// <summary><c>ping_path</c>, <c>ready_path</c> and <c>ping_user_agent</c>.</summary>
internal static class ProbesBinder
{
    public static ProbeOptions Bind(SettingReader read, string proxyPrefix)
    {
        var ping = Path(read, "ping_path", "/ping", proxyPrefix);
        var ready = Path(read, "ready_path", "/ready", proxyPrefix);
        if (ping.Length > 0 && ping == ready)
        {
            read.Fail("ping_path", $"'{ping}' is also ready_path; give the two probes different paths");
        }

        var agent = read.String("ping_user_agent") is { } text && text.Trim().Length > 0 ? text.Trim() : null;
        if (agent is not null && agent.Any(char.IsControl))
        {
            read.Fail("ping_user_agent", "must not contain control characters");
        }

        return new ProbeOptions(ping, ready, agent);
    }

    /// <summary>
    /// A probe path answers before sign-in and everything else, so it must not take over a Lanyard endpoint
    /// (under <c>proxy_prefix</c>): <c>ping_path = "/oauth2/auth"</c> would answer every forward-auth check with 200.
    /// </summary>
    private static string Path(SettingReader read, string key, string fallback, string prefix)
    {
        var path = (read.String(key) ?? fallback).Trim();
        if (path.Length == 0)
        {
            return path;
        }

        if (path[0] != '/' || path.Any(c => c <= ' ' || c >= 0x7f || c is '?' or '#'))
        {
            read.Fail(key, $"'{path}' is not a path (it starts with / and has no spaces, ? or #)");
        }
        else if (path.Equals(IdentityTokenOptions.JwksPath, StringComparison.OrdinalIgnoreCase))
        {
            // Probes answer before routing, so this one would hide the identity token's key set from every verifier.
            read.Fail(key, $"'{path}' is where Lanyard publishes its identity token keys; choose another path");
        }
        else if (path.Equals(prefix, StringComparison.OrdinalIgnoreCase) || path.StartsWith(prefix + "/", StringComparison.OrdinalIgnoreCase))
        {
            read.Fail(key, $"'{path}' is under proxy_prefix {prefix}, where Lanyard's own endpoints are; choose a path outside it");
        }

        return path;
    }
}
