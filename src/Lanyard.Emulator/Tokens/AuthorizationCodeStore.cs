using System.Collections.Concurrent;
using Lanyard.Emulator.Protocol;

namespace Lanyard.Emulator.Tokens;

/// <summary>Issued authorization codes: opaque, single use, valid ten minutes (entra-protocol.md §2).</summary>
internal sealed class AuthorizationCodeStore(TimeProvider time)
{
    public static readonly TimeSpan Lifetime = TimeSpan.FromMinutes(10);

    private readonly ConcurrentDictionary<string, Entry> _codes = new(StringComparer.Ordinal);

    public string Issue(SignIn signIn, string redirectUri, string? nonce, PkceChallenge? challenge)
    {
        var now = time.GetUtcNow();
        Purge(now);
        var code = OpaqueValue.Create(48);
        _codes[code] = new Entry(new AuthorizationCode(signIn, redirectUri, nonce, challenge, now + Lifetime));
        return code;
    }

    /// <summary>
    /// Marks the code used in the same atomic step that finds it, before any other check, so two concurrent
    /// redemptions can never both succeed; a code that then fails a check stays burnt, which is the safe side.
    /// </summary>
    public CodeRedemption Redeem(string code)
    {
        if (!_codes.TryGetValue(code, out var entry))
        {
            return new CodeRedemption.Unknown();
        }

        return Interlocked.Exchange(ref entry.Redeemed, 1) == 0
            ? new CodeRedemption.Redeemed(entry.Code)
            : new CodeRedemption.AlreadyRedeemed();
    }

    // Used codes are remembered for a while past expiry so that a replay is reported as a replay (AADSTS54005).
    private void Purge(DateTimeOffset now)
    {
        foreach (var (code, entry) in _codes)
        {
            if (entry.Code.ExpiresAt + Lifetime < now)
            {
                _codes.TryRemove(code, out _);
            }
        }
    }

    private sealed class Entry(AuthorizationCode code)
    {
        public int Redeemed;

        public AuthorizationCode Code { get; } = code;
    }
}
