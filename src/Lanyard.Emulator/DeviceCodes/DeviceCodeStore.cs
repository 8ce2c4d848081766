using System.Collections.Concurrent;
using System.Security.Cryptography;
using Lanyard.Emulator.Protocol;

namespace Lanyard.Emulator.DeviceCodes;

/// <summary>
/// Device authorization requests (entra-protocol.md §3.2, kubernetes-authn.md §3.7): a long secret
/// <c>device_code</c> the client polls with, a short <c>user_code</c> a person types, 15 minutes to finish, and a
/// poll interval the emulator enforces with <c>slow_down</c>. Each request is approved or declined once and
/// redeemed once.
/// </summary>
internal sealed class DeviceCodeStore(TimeProvider time)
{
    public static readonly TimeSpan Lifetime = TimeSpan.FromMinutes(15);

    public const int IntervalSeconds = 5;

    // No vowels or look-alike digits, so codes never spell words and read aloud without confusion (as Entra's do).
    private const string UserCodeAlphabet = "BCDFGHJKLMNPQRSTVWXZ";

    private readonly ConcurrentDictionary<string, DeviceAuthorization> _byDeviceCode = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, DeviceAuthorization> _byUserCode = new(StringComparer.OrdinalIgnoreCase);

    public DeviceAuthorization Issue(string clientId, ResolvedTenant tenant, ScopeSet scopes)
    {
        var now = time.GetUtcNow();
        Purge(now);
        string userCode;
        DeviceAuthorization authorization;
        do
        {
            userCode = RandomNumberGenerator.GetString(UserCodeAlphabet, 9);
            authorization = new DeviceAuthorization("DAQABAAEAAAD" + OpaqueValue.Create(96), userCode, clientId, tenant, scopes, now + Lifetime);
        }
        while (!_byUserCode.TryAdd(userCode, authorization));

        _byDeviceCode[authorization.DeviceCode] = authorization;
        return authorization;
    }

    public DeviceAuthorization? FindByUserCode(string userCode) =>
        _byUserCode.TryGetValue(Normalise(userCode), out var found) && found.ExpiresAt > time.GetUtcNow() ? found : null;

    /// <summary>Pending codes, for the operator API and tests that must learn a code without reading a client's output.</summary>
    public IReadOnlyList<DeviceAuthorization> Pending()
    {
        var now = time.GetUtcNow();
        return [.. _byUserCode.Values.Where(a => a.State == DeviceAuthorizationState.Pending && a.ExpiresAt > now).OrderBy(a => a.ExpiresAt)];
    }

    /// <summary>Records the user's answer; false when the code is unknown, expired or already answered.</summary>
    public bool Answer(DeviceAuthorization authorization, EmulatorUser? approvedBy)
    {
        if (authorization.ExpiresAt <= time.GetUtcNow())
        {
            return false;
        }

        lock (authorization)
        {
            if (authorization.State != DeviceAuthorizationState.Pending)
            {
                return false;
            }

            authorization.User = approvedBy;
            authorization.State = approvedBy is null ? DeviceAuthorizationState.Declined : DeviceAuthorizationState.Approved;
            return true;
        }
    }

    /// <summary>One poll of the token endpoint: the state machine of RFC 8628 §3.5 with Entra's answers.</summary>
    public DevicePoll Poll(string deviceCode, string clientId)
    {
        if (!_byDeviceCode.TryGetValue(deviceCode, out var authorization))
        {
            return new DevicePoll.Refused(EntraErrors.BadVerificationCode());
        }

        if (!string.Equals(authorization.ClientId, clientId, StringComparison.OrdinalIgnoreCase))
        {
            return new DevicePoll.Refused(EntraErrors.DeviceCodeOfOtherClient());
        }

        var now = time.GetUtcNow();
        lock (authorization)
        {
            if (authorization.State == DeviceAuthorizationState.Redeemed)
            {
                return new DevicePoll.Refused(EntraErrors.BadVerificationCode());
            }

            if (authorization.ExpiresAt <= now)
            {
                return new DevicePoll.Refused(EntraErrors.DeviceCodeExpired());
            }

            // A poll sooner than the interval after the previous one is told to slow down; the early poll still counts
            // as the latest, so a client that ignores slow_down keeps hearing it (RFC 8628 §3.5).
            var previous = authorization.LastPolledAt;
            authorization.LastPolledAt = now;
            if (previous is { } last && now - last < TimeSpan.FromSeconds(IntervalSeconds))
            {
                return new DevicePoll.Refused(EntraErrors.SlowDown(IntervalSeconds));
            }

            switch (authorization.State)
            {
                case DeviceAuthorizationState.Declined:
                    return new DevicePoll.Refused(EntraErrors.AuthorizationDeclined());
                case DeviceAuthorizationState.Approved:
                    authorization.State = DeviceAuthorizationState.Redeemed;
                    return new DevicePoll.Approved(authorization, authorization.User!);
                default:
                    return new DevicePoll.Refused(EntraErrors.AuthorizationPending());
            }
        }
    }

    // Codes are shown in capitals but people type them however they like, with spaces or dashes.
    public static string Normalise(string userCode) =>
        new([.. userCode.Where(char.IsAsciiLetterOrDigit).Select(char.ToUpperInvariant)]);

    // Expired requests are kept for a while so a late poll hears expired_token rather than bad_verification_code.
    private void Purge(DateTimeOffset now)
    {
        foreach (var (code, authorization) in _byDeviceCode)
        {
            if (authorization.ExpiresAt + Lifetime < now)
            {
                _byDeviceCode.TryRemove(code, out _);
                _byUserCode.TryRemove(authorization.UserCode, out _);
            }
        }
    }
}

internal enum DeviceAuthorizationState
{
    Pending,
    Approved,
    Declined,
    Redeemed,
}

/// <summary>One device authorization request.</summary>
internal sealed class DeviceAuthorization(
    string deviceCode, string userCode, string clientId, ResolvedTenant tenant, ScopeSet scopes, DateTimeOffset expiresAt)
{
    public string DeviceCode { get; } = deviceCode;

    public string UserCode { get; } = userCode;

    public string ClientId { get; } = clientId;

    /// <summary>The tenant segment the client used: it decides which users may approve.</summary>
    public ResolvedTenant Tenant { get; } = tenant;

    public ScopeSet Scopes { get; } = scopes;

    public DateTimeOffset ExpiresAt { get; } = expiresAt;

    public DeviceAuthorizationState State { get; set; }

    public EmulatorUser? User { get; set; }

    public DateTimeOffset? LastPolledAt { get; set; }
}

/// <summary>What one poll of the token endpoint finds.</summary>
internal abstract record DevicePoll
{
    private DevicePoll()
    {
    }

    public sealed record Approved(DeviceAuthorization Authorization, EmulatorUser User) : DevicePoll;

    public sealed record Refused(EntraError Error) : DevicePoll;
}
