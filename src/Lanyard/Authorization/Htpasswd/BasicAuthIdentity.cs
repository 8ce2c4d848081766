using System.Text;
using Lanyard.Configuration;
using Lanyard.Identity;
using Lanyard.Observability;

namespace Lanyard.Authorization.Htpasswd;

/// <summary>
/// oauth2-proxy's basic-auth session loader: with <c>htpasswd_file</c>, <c>Authorization: Basic</c> credentials of
/// one of its users are an identity for this request (nothing stored), with <c>htpasswd_user_groups</c> as groups
/// and, with <c>prefer_email_to_user</c>, the user name as email. Wrong credentials are no identity, and an auth
/// line says so without the password. The password itself never goes upstream (<c>UpstreamIdentityHeaders</c>).
/// </summary>
internal sealed class BasicAuthIdentity(LanyardOptions options, ILoggerFactory loggers)
{
    private readonly ILogger _audit = loggers.CreateLogger(LogCategories.Audit);

    public bool Enabled => options.Htpasswd is not null;

    /// <summary>The identity the request's Basic credentials prove, or null (none sent, malformed, or wrong).</summary>
    public UserIdentity? Resolve(HttpRequest request)
    {
        if (options.Htpasswd is not { } htpasswd || Credentials(request.Headers.Authorization.ToString()) is not var (user, password))
        {
            return null;
        }

        if (!htpasswd.Users.Verify(user, password))
        {
            LogEvents.PasswordRefused(_audit, user);
            return null;
        }

        LogEvents.PasswordAccepted(_audit, user);
        return htpasswd.IdentityOf(user);
    }

    /// <summary>RFC 7617: <c>Basic base64(user:password)</c>; the user name has no colon, the password may.</summary>
    private static (string User, string Password)? Credentials(string header)
    {
        if (!header.StartsWith("Basic ", StringComparison.OrdinalIgnoreCase))
        {
            return null;
        }

        Span<byte> decoded = stackalloc byte[Math.Min(1024, header.Length)];
        if (!Convert.TryFromBase64String(header[6..].Trim(), decoded, out var length))
        {
            return null;
        }

        string text;
        try
        {
            text = new UTF8Encoding(false, throwOnInvalidBytes: true).GetString(decoded[..length]);
        }
        catch (DecoderFallbackException)
        {
            return null;
        }

        var colon = text.IndexOf(':', StringComparison.Ordinal);
        return colon <= 0 ? null : (text[..colon], text[(colon + 1)..]);
    }
}
