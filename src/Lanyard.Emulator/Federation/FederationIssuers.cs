using System.Collections.Concurrent;
using Lanyard.Emulator.Protocol;
using Lanyard.Emulator.Tokens;
using Microsoft.AspNetCore.Http;

namespace Lanyard.Emulator.Federation;

/// <summary>
/// The federated issuers the emulator hosts at <c>{authority}/federation/{name}</c>, standing in for a Kubernetes
/// cluster's service-account issuer (§7.3). Each name gets its own RSA key on first use, distinct from Entra's
/// signing keys, so a token from one can never pass as the other's. Registered as a singleton.
/// </summary>
internal sealed class FederationIssuers(TimeProvider time) : IDisposable
{
    public const string PathSegment = "federation";

    /// <summary>More hosted issuers than any dev setup or test suite needs.</summary>
    public const int MaximumIssuers = 64;

    private readonly ConcurrentDictionary<string, Lazy<SigningKey>> _keys = new(StringComparer.Ordinal);

    /// <summary>Lower-case letters, digits and dashes, as a Kubernetes or DNS name, so issuer URLs need no escaping.</summary>
    public static bool IsValidName(string? name) =>
        name is { Length: > 0 and <= 63 } && name.All(c => char.IsAsciiLetterLower(c) || char.IsAsciiDigit(c) || c == '-');

    public static Task WriteInvalidNameAsync(HttpContext context, string? name) =>
        OAuthStyleError.WriteAsync(context, StatusCodes.Status404NotFound, "not_found",
            $"'{name}' is not a valid issuer name (lower-case letters, digits and dashes, at most 63), or {MaximumIssuers} issuers exist already.");

    public static string IssuerFor(string authority, string name) => $"{authority}/{PathSegment}/{name}";

    /// <summary>The key of a hosted issuer, made on first use; null once <see cref="MaximumIssuers"/> exist, so a
    /// loop over made-up names cannot make the emulator generate RSA keys without end.</summary>
    public SigningKey? KeyFor(string name)
    {
        if (!_keys.ContainsKey(name) && _keys.Count >= MaximumIssuers)
        {
            return null;
        }

        return _keys.GetOrAdd(name, n => new Lazy<SigningKey>(() => SigningKey.Create(time, $"CN={n}.federation.lanyard-emulator"))).Value;
    }

    /// <summary>
    /// Whether an issuer URL is one this emulator hosts, and its key if it ever made one (an issuer that never minted
    /// a token has nothing to verify). Entra would fetch the key over HTTP; the emulator holds it already, and a call
    /// to itself would fail wherever its authority is a name only its clients resolve (a simulated network in tests,
    /// a container name in dev).
    /// </summary>
    public bool IsHosted(string? issuer, string authority, out SigningKey? key)
    {
        key = null;
        var prefix = $"{authority}/{PathSegment}/";
        if (issuer is null || !issuer.StartsWith(prefix, StringComparison.Ordinal) || !IsValidName(issuer[prefix.Length..]))
        {
            return false;
        }

        key = _keys.TryGetValue(issuer[prefix.Length..], out var made) ? made.Value : null;
        return true;
    }

    public void Dispose()
    {
        foreach (var key in _keys.Values.Where(k => k.IsValueCreated))
        {
            key.Value.Dispose();
        }
    }
}
