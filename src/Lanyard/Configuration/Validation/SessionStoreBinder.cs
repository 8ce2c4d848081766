using System.Globalization;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using Lanyard.Security;

namespace Lanyard.Configuration.Validation;

/// <summary>
/// <c>session_store_type</c> and the Redis options, with oauth2-proxy's names, URL form and precedence:
/// <c>redis_username</c> / <c>redis_password</c> override a URL's credentials; sentinel and cluster modes take
/// their own URL lists and ignore <c>redis_connection_url</c>.
/// </summary>
internal static class SessionStoreBinder
{
    public static SessionStoreOptions Bind(SettingReader read)
    {
        switch ((read.String("session_store_type") ?? "cookie").Trim().ToLowerInvariant())
        {
            case "cookie":
                return SessionStoreOptions.InCookie;
            case "redis":
                return BindRedis(read) ?? SessionStoreOptions.InCookie;
            case var other:
                read.Fail("session_store_type", $"'{other}' is not a session store; use cookie or redis");
                return SessionStoreOptions.InCookie;
        }
    }

    private static SessionStoreOptions.Redis? BindRedis(SettingReader read)
    {
        var useSentinel = read.Bool("redis_use_sentinel", false);
        var useCluster = read.Bool("redis_use_cluster", false);
        if (useSentinel && useCluster)
        {
            read.Fail("redis_use_cluster", "cannot be on together with redis_use_sentinel; a deployment is either Sentinel-managed or a cluster");
            return null;
        }

        var (servers, urls) = useSentinel ? BindSentinel(read) : useCluster ? BindCluster(read) : BindStandalone(read);
        if (servers is null || urls.Count == 0)
        {
            return null;
        }

        if (urls.Select(u => u.Tls).Distinct().Count() > 1)
        {
            read.Fail(urls[0].Option, "mixes redis:// and rediss:// URLs; use rediss:// for all of them or for none");
            return null;
        }

        // The data servers' credentials: the options first, else the URL's (a sentinel URL's are the sentinels').
        var dataUrl = servers is RedisServers.Sentinel ? null : urls[0];
        var user = read.String("redis_username") is { Length: > 0 } u ? u : dataUrl?.User;
        var password = read.Secret("redis_password") ?? (dataUrl?.Password is { } p ? new Secret(p) : null);
        if (servers is RedisServers.Cluster && urls.Any(url => url.Database != 0))
        {
            read.Fail("redis_cluster_connection_urls", "names a database; a Redis cluster has only database 0");
            return null;
        }

        var skipTlsVerify = read.Bool("redis_insecure_skip_tls_verify", false);
        var authorities = CaCertificates(read);
        return new SessionStoreOptions.Redis(
            servers,
            servers is RedisServers.Standalone ? urls[0].Database : 0, // oauth2-proxy: Sentinel and Cluster use database 0
            urls[0].Tls || skipTlsVerify || authorities is not null, // either TLS option turns TLS on, as in oauth2-proxy
            skipTlsVerify,
            user,
            password,
            authorities,
            IdleTimeout(read));
    }

    private static (RedisServers?, IReadOnlyList<RedisUrl>) BindStandalone(SettingReader read)
    {
        var text = read.RequiredString("redis_connection_url", "set it to redis://host:6379 (or rediss:// for TLS), or turn on redis_use_sentinel or redis_use_cluster");
        return text is not null && RedisUrl.TryParse(read, "redis_connection_url", text) is { } url
            ? (new RedisServers.Standalone(url.Endpoint), [url])
            : (null, []);
    }

    private static (RedisServers?, IReadOnlyList<RedisUrl>) BindSentinel(SettingReader read)
    {
        var master = read.RequiredString("redis_sentinel_master_name", "the name the sentinels monitor the master under (sentinel monitor <name> …)");
        var urls = UrlList(read, "redis_sentinel_connection_urls", "redis://sentinel-0:26379");
        if (master is null || urls is null)
        {
            return (null, []);
        }

        // Only redis_sentinel_password authenticates to the sentinels; credentials in their URLs are not used, as in oauth2-proxy.
        return (new RedisServers.Sentinel(master, [.. urls.Select(u => u.Endpoint)], read.Secret("redis_sentinel_password")), urls);
    }

    private static (RedisServers?, IReadOnlyList<RedisUrl>) BindCluster(SettingReader read)
    {
        var urls = UrlList(read, "redis_cluster_connection_urls", "redis://node-0:6379");
        return urls is null ? (null, []) : (new RedisServers.Cluster([.. urls.Select(u => u.Endpoint)]), urls);
    }

    private static List<RedisUrl>? UrlList(SettingReader read, string option, string example)
    {
        var texts = read.List(option);
        if (texts.Count == 0)
        {
            read.Fail(option, $"is required in this mode; list the servers' URLs, e.g. [\"{example}\"]");
            return null;
        }

        var urls = texts.Select(text => RedisUrl.TryParse(read, option, text)).ToList();
        return urls.Contains(null) ? null : [.. urls.OfType<RedisUrl>()];
    }

    /// <summary>Every certificate in the PEM file (a bundle during a CA rotation holds two), loaded now so a bad file fails at startup.</summary>
    private static X509Certificate2Collection? CaCertificates(SettingReader read)
    {
        if (read.String("redis_ca_path") is not { Length: > 0 } path)
        {
            return null;
        }

        var certificates = new X509Certificate2Collection();
        try
        {
            certificates.ImportFromPemFile(path);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or CryptographicException)
        {
            read.Fail("redis_ca_path", $"'{path}' could not be read as PEM certificates ({e.Message})");
            return null;
        }

        if (certificates.Count == 0)
        {
            read.Fail("redis_ca_path", $"'{path}' holds no PEM certificate; it should hold the CA that signed the Redis servers' certificates");
            return null;
        }

        return certificates;
    }

    private static TimeSpan IdleTimeout(SettingReader read) => TimeSpan.FromSeconds(read.Count("redis_connection_idle_timeout", 0, "seconds"));

    /// <summary>One <c>redis[s]://[user[:password]@]host[:port][/db]</c> URL, as go-redis's ParseURL reads it.</summary>
    private sealed record RedisUrl(string Option, string Endpoint, int Database, bool Tls, string? User, string? Password)
    {
        /// <summary>Without a port, 6379 (go-redis's default), for sentinels too.</summary>
        public static RedisUrl? TryParse(SettingReader read, string option, string text)
        {
            if (!Uri.TryCreate(text.Trim(), UriKind.Absolute, out var uri) || uri.Scheme is not ("redis" or "rediss") || uri.Host.Length == 0)
            {
                read.Fail(option, $"'{Redact(text)}' is not a redis:// or rediss:// URL");
                return null;
            }

            var database = 0;
            var path = uri.AbsolutePath.Trim('/');
            if (path.Length > 0 && !int.TryParse(path, NumberStyles.None, CultureInfo.InvariantCulture, out database))
            {
                read.Fail(option, $"'{path}' is not a database number");
                return null;
            }

            var userInfo = Uri.UnescapeDataString(uri.UserInfo);
            var colon = userInfo.IndexOf(':', StringComparison.Ordinal);
            var user = colon < 0 ? userInfo : userInfo[..colon];
            var password = colon < 0 ? null : userInfo[(colon + 1)..];
            var port = uri.IsDefaultPort || uri.Port < 0 ? 6379 : uri.Port;
            return new RedisUrl(option, $"{uri.Host}:{port}", database, uri.Scheme == "rediss", NullIfEmpty(user), NullIfEmpty(password));
        }

        private static string? NullIfEmpty(string? value) => string.IsNullOrEmpty(value) ? null : value;

        // A connection URL may carry a password; errors show it without one.
        private static string Redact(string url) =>
            url.Contains('@', StringComparison.Ordinal) ? url[..(url.IndexOf("://", StringComparison.Ordinal) + 3)] + "…@" + url[(url.LastIndexOf('@') + 1)..] : url;

        public override string ToString() => $"RedisUrl {{ Endpoint = {Endpoint} }}";
    }
}
