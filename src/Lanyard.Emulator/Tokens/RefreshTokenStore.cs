using System.Collections.Concurrent;
using Lanyard.Emulator.Protocol;
using Microsoft.Extensions.Options;

namespace Lanyard.Emulator.Tokens;

/// <summary>
/// Issued refresh tokens: opaque, bound to user and client, 90 days from issue (entra-protocol.md §3.2) unless
/// <see cref="EntraEmulatorOptions.RefreshTokenLifetime"/> says otherwise. Every
/// redemption issues a new one; the old one stays valid, as in Entra, unless strict rotation is asked for.
/// </summary>
internal sealed class RefreshTokenStore(TimeProvider time, IOptions<EntraEmulatorOptions> options)
{

    private readonly ConcurrentDictionary<string, Entry> _tokens = new(StringComparer.Ordinal);

    public string Issue(SignIn signIn)
    {
        var now = time.GetUtcNow();
        foreach (var (token, entry) in _tokens)
        {
            if (entry.ExpiresAt < now)
            {
                _tokens.TryRemove(token, out _);
            }
        }

        var value = OpaqueValue.Create(64);
        _tokens[value] = new Entry(signIn, now + options.Value.RefreshTokenLifetime);
        return value;
    }

    public RefreshRedemption Redeem(string token, string clientId, bool singleUse)
    {
        if (!_tokens.TryGetValue(token, out var entry))
        {
            return new RefreshRedemption.Unknown();
        }

        // The client check comes first so another client cannot burn a token under strict rotation.
        if (!string.Equals(entry.SignIn.ClientId, clientId, StringComparison.OrdinalIgnoreCase))
        {
            return new RefreshRedemption.OtherClient();
        }

        if (entry.ExpiresAt <= time.GetUtcNow())
        {
            return new RefreshRedemption.Expired();
        }

        // Always mark it used, so that switching strict rotation on also catches tokens redeemed before.
        var usedBefore = Interlocked.Exchange(ref entry.Redeemed, 1) == 1;
        return usedBefore && singleUse ? new RefreshRedemption.AlreadyRedeemed() : new RefreshRedemption.Redeemed(entry.SignIn);
    }

    private sealed class Entry(SignIn signIn, DateTimeOffset expiresAt)
    {
        public int Redeemed;

        public SignIn SignIn { get; } = signIn;

        public DateTimeOffset ExpiresAt { get; } = expiresAt;
    }
}
