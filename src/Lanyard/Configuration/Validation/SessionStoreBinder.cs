using System.Globalization;
using Lanyard.Security;

namespace Lanyard.Configuration.Validation;

/// <summary><c>session_store_type</c> and the Redis options (oauth2-proxy's names and URL form).</summary>
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
        var text = read.RequiredString("redis_connection_url", "set it to redis://host:6379 (or rediss:// for TLS)");
        if (text is null)
        {
            return null;
        }

        if (!Uri.TryCreate(text, UriKind.Absolute, out var uri) || uri.Scheme is not ("redis" or "rediss") || uri.Host.Length == 0)
        {
            read.Fail("redis_connection_url", $"'{Redact(text)}' is not a redis:// or rediss:// URL");
            return null;
        }

        var database = 0;
        var path = uri.AbsolutePath.Trim('/');
        if (path.Length > 0 && !int.TryParse(path, NumberStyles.None, CultureInfo.InvariantCulture, out database))
        {
            read.Fail("redis_connection_url", $"'{path}' is not a database number");
            return null;
        }

        // user:password in the URL, overridden by redis_username / redis_password (oauth2-proxy's precedence).
        var userInfo = Uri.UnescapeDataString(uri.UserInfo);
        var colon = userInfo.IndexOf(':', StringComparison.Ordinal);
        var urlUser = colon < 0 ? (userInfo.Length > 0 ? userInfo : null) : userInfo[..colon];
        var urlPassword = colon < 0 ? null : userInfo[(colon + 1)..];
        var user = read.String("redis_username") is { Length: > 0 } u ? u : string.IsNullOrEmpty(urlUser) ? null : urlUser;
        var password = read.Secret("redis_password") ?? (string.IsNullOrEmpty(urlPassword) ? null : new Secret(urlPassword));
        var port = uri.IsDefaultPort || uri.Port < 0 ? 6379 : uri.Port;
        return new SessionStoreOptions.Redis($"{uri.Host}:{port}", database, uri.Scheme == "rediss", read.Bool("redis_insecure_skip_tls_verify", false), user, password);
    }

    // A connection URL may carry a password; errors show it without one.
    private static string Redact(string url) => url.Contains('@', StringComparison.Ordinal) ? url[..(url.IndexOf("://", StringComparison.Ordinal) + 3)] + "…@" + url[(url.LastIndexOf('@') + 1)..] : url;
}
