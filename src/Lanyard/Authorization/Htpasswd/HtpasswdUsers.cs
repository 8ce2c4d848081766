using System.Collections.Frozen;

namespace Lanyard.Authorization.Htpasswd;

/// <summary>
/// The users of an <c>htpasswd_file</c> (<c>htpasswd -B</c>: <c>user:$2y$...</c>), bcrypt only. oauth2-proxy also
/// takes <c>{SHA}</c> entries, one unsalted SHA-1 round that a GPU reverses in moments; Lanyard refuses them, and
/// every other scheme (<c>$apr1$</c>, crypt, plain text), naming the line, so no weak hash guards a door quietly.
/// Verifying costs a bcrypt round (tens of milliseconds by design); an unknown user costs the same, so timing
/// does not tell which names exist.
/// </summary>
internal sealed class HtpasswdUsers
{
    // A valid hash of a random password at cost 10: verified against when the user is unknown, and never matches.
    private const string DecoyHash = "$2a$10$N9qo8uLOickgx2ZMRZoMyeIjZAgcfl7p92ldGxad68LJZdL17lhWy";

    private readonly FrozenDictionary<string, string> _hashes;

    private HtpasswdUsers(FrozenDictionary<string, string> hashes) => _hashes = hashes;

    public int Count => _hashes.Count;

    /// <summary>The users in <paramref name="text"/>, or the problems (one per bad line), without any hash in them.</summary>
    public static (HtpasswdUsers? Users, IReadOnlyList<string> Problems) Parse(string text)
    {
        var hashes = new Dictionary<string, string>(StringComparer.Ordinal);
        var problems = new List<string>();
        var number = 0;
        foreach (var raw in text.Split('\n'))
        {
            number++;
            var line = raw.TrimEnd('\r');
            if (line.Trim().Length == 0 || line.TrimStart().StartsWith('#'))
            {
                continue;
            }

            var colon = line.IndexOf(':', StringComparison.Ordinal);
            if (colon <= 0)
            {
                problems.Add($"line {number} is not user:hash");
                continue;
            }

            var user = line[..colon];
            var hash = line[(colon + 1)..].Trim();
            if (!IsBcrypt(hash))
            {
                problems.Add(hash.StartsWith("{SHA}", StringComparison.Ordinal)
                    ? $"line {number} ({user}) is a {{SHA}} hash; Lanyard takes bcrypt only (htpasswd -B), as SHA-1 is too fast to guard a password"
                    : $"line {number} ({user}) is not a bcrypt hash; create it with htpasswd -B");
                continue;
            }

            if (!hashes.TryAdd(user, hash))
            {
                problems.Add($"line {number} names {user} a second time");
            }
        }

        if (problems.Count == 0 && hashes.Count == 0)
        {
            problems.Add("has no user:hash line");
        }

        return problems.Count > 0 ? (null, problems) : (new HtpasswdUsers(hashes.ToFrozenDictionary(StringComparer.Ordinal)), []);
    }

    /// <summary>
    /// A short digest of <paramref name="user"/>'s entry, or null when there is none: sessions bound to it end when
    /// the password changes. One-way, and of a salted hash, so it says nothing about the password.
    /// </summary>
    public string? Fingerprint(string user) =>
        _hashes.TryGetValue(user, out var hash)
            ? Microsoft.AspNetCore.WebUtilities.WebEncoders.Base64UrlEncode(System.Security.Cryptography.SHA256.HashData(System.Text.Encoding.UTF8.GetBytes(hash)), 0, 12)
            : null;

    /// <summary>Whether <paramref name="password"/> is <paramref name="user"/>'s. bcrypt compares in constant time.</summary>
    public bool Verify(string user, string password)
    {
        var known = _hashes.TryGetValue(user, out var hash);
        var matches = BCrypt.Net.BCrypt.Verify(password, known ? hash : DecoyHash);
        return known && matches;
    }

    // $2a$, $2b$, $2y$ (htpasswd writes 2y), two-digit cost, 53 characters of salt and hash.
    private static bool IsBcrypt(string hash) =>
        hash.Length == 60 && hash[0] == '$' && hash[1] == '2' && hash[2] is 'a' or 'b' or 'y' && hash[3] == '$' &&
        char.IsAsciiDigit(hash[4]) && char.IsAsciiDigit(hash[5]) && hash[6] == '$';
}
