using System.Text;

namespace Lanyard.Configuration.Validation;

/// <summary>
/// <c>identity_token_header</c>, <c>identity_token_key_file</c>, <c>identity_token_issuer</c>,
/// <c>identity_token_audience</c> and <c>identity_token_lifetime</c>. Off unless the header is named; the others set
/// without it are refused, since nothing would carry their token.
/// </summary>
internal static class IdentityTokenBinder
{
    private const string Header = "identity_token_header";
    private const string KeyFile = "identity_token_key_file";
    private const string Issuer = "identity_token_issuer";
    private const string Audience = "identity_token_audience";
    private const string Lifetime = "identity_token_lifetime";

    /// <summary>Headers whose meaning the token would take over, or that Lanyard itself reads or rewrites.</summary>
    private static readonly string[] ForbiddenNames = ["authorization", "cookie", "set-cookie", "host", "content-length", "content-type", "transfer-encoding", "connection"];

    /// <param name="provider">The bound provider (null when it failed to bind): <c>client_id</c> and <c>redirect_url</c> give the defaults.</param>
    /// <param name="headers">The header table: the token's header must be a name of its own.</param>
    public static IdentityTokenOptions? Bind(SettingReader read, ProviderOptions? provider, HeaderOptions headers)
    {
        var name = read.String(Header)?.Trim() ?? "";
        if (name.Length == 0)
        {
            foreach (var option in new[] { KeyFile, Issuer, Audience, Lifetime })
            {
                if (read.Find(option) is { Origin: not "default" })
                {
                    read.Fail(option, $"is set but {Header} is not, so no identity token is sent; name the header too (e.g. X-Lanyard-Identity)");
                }
            }

            return null;
        }

        var nameOk = CheckName(read, name, headers);
        var key = BindKey(read);
        var issuer = BindIssuer(read, provider);
        var audience = read.String(Audience)?.Trim() is { Length: > 0 } configured ? configured : provider?.ClientId;
        if (audience is not null && audience.Any(char.IsControl))
        {
            read.Fail(Audience, "must not contain control characters");
        }

        var lifetime = BindLifetime(read);
        return nameOk && key is not null && issuer is not null && audience is not null
            ? new IdentityTokenOptions(name, key, issuer, audience, lifetime)
            : null;
    }

    private static bool CheckName(SettingReader read, string name, HeaderOptions headers)
    {
        if (!name.All(IsTokenChar))
        {
            read.Fail(Header, $"'{name}' is not a header name (letters, digits and !#$%&'*+-.^_`|~ only)");
            return false;
        }

        var normalized = Headers.IdentityHeaderNames.Normalize(name);
        if (ForbiddenNames.Contains(normalized) || Headers.IdentityHeaderNames.Reserved.Contains(normalized))
        {
            read.Fail(Header, $"'{name}' already has a meaning; give the token a header of its own, e.g. X-Lanyard-Identity");
            return false;
        }

        if (headers.Request.Concat(headers.Response).FirstOrDefault(h => Headers.IdentityHeaderNames.Normalize(h.Name) == normalized) is { } clash)
        {
            read.Fail(Header, $"'{name}' is also an injected header ({clash.Name}); give the token a header of its own, e.g. X-Lanyard-Identity");
            return false;
        }

        return true;
    }

    /// <summary>RFC 9110 §5.6.2 tchar.</summary>
    private static bool IsTokenChar(char c) => char.IsAsciiLetterOrDigit(c) || "!#$%&'*+-.^_`|~".Contains(c);

    private static IdentityTokenKey? BindKey(SettingReader read)
    {
        if (read.String(KeyFile)?.Trim() is not { Length: > 0 } path)
        {
            return IdentityTokenKey.Generate();
        }

        if (read.ReadFile(KeyFile, path) is not { } bytes)
        {
            return null;
        }

        var key = IdentityTokenKey.FromPem(Encoding.UTF8.GetString(bytes), path, out var error);
        if (key is null)
        {
            read.Fail(KeyFile, error!);
        }

        return key;
    }

    /// <summary>
    /// The <c>iss</c> a verifier is configured with (Istio's <c>jwtRules.issuer</c>). The origin of an absolute
    /// <c>redirect_url</c> is where users know Lanyard; without one there is nothing to derive it from.
    /// </summary>
    private static string? BindIssuer(SettingReader read, ProviderOptions? provider)
    {
        if (read.String(Issuer)?.Trim() is { Length: > 0 } issuer)
        {
            if (issuer.Any(char.IsControl))
            {
                read.Fail(Issuer, "must not contain control characters");
                return null;
            }

            return issuer;
        }

        if (provider?.RedirectUrl is { IsAbsoluteUri: true } redirect)
        {
            return redirect.GetLeftPart(UriPartial.Authority);
        }

        if (provider is not null)
        {
            read.Fail(Issuer, $"is needed with {Header} (set at {read.Find(Header)?.Origin}) when redirect_url is not an absolute URL: set it to the URL Lanyard is known by, e.g. https://auth.contoso.test");
        }

        return null;
    }

    private static TimeSpan BindLifetime(SettingReader read)
    {
        var lifetime = read.Duration(Lifetime, IdentityTokenOptions.DefaultLifetime);
        if (lifetime < IdentityTokenOptions.MinimumLifetime || lifetime > IdentityTokenOptions.MaximumLifetime)
        {
            read.Fail(Lifetime, $"'{read.String(Lifetime)}' is outside 30s to 1h: shorter tokens expire in transit under clock skew, longer ones outlive a revoked user's access");
            return IdentityTokenOptions.DefaultLifetime;
        }

        return lifetime;
    }
}
