using Lanyard.Emulator.Tokens;

namespace Lanyard.Emulator;

/// <summary>
/// The emulator's token-signing keys, generated in memory at startup. The first published key signs; the others stay
/// in the JWKS document, as Entra always publishes several keys (entra-protocol.md §1.5). Registered as a singleton;
/// tests call <see cref="Rotate"/> to check that a relying party picks up a new key by <c>kid</c>.
/// </summary>
public sealed class SigningKeys : IDisposable
{
    private readonly TimeProvider _time;
    private readonly Lock _lock = new();
    private SigningKey[] _published;
    private SigningKey? _unpublished;

    public SigningKeys(TimeProvider timeProvider)
    {
        ArgumentNullException.ThrowIfNull(timeProvider);
        _time = timeProvider;

        // Two keys at least, so a relying party that takes "the first key" instead of matching kid gets caught.
        _published = [SigningKey.Create(timeProvider), SigningKey.Create(timeProvider)];
    }

    /// <summary>The <c>kid</c> of the key that signs new tokens.</summary>
    public string ActiveKeyId => Volatile.Read(ref _published)[0].KeyId;

    /// <summary>Every <c>kid</c> in the JWKS document, the active one first.</summary>
    public IReadOnlyList<string> PublishedKeyIds => [.. Volatile.Read(ref _published).Select(k => k.KeyId)];

    internal IReadOnlyList<SigningKey> Published => Volatile.Read(ref _published);

    internal SigningKey Active => Volatile.Read(ref _published)[0];

    /// <summary>A key that is never published, for <see cref="EmulatorFaults.SignTokensWithUnpublishedKey"/>.</summary>
    internal SigningKey Unpublished
    {
        get
        {
            lock (_lock)
            {
                return _unpublished ??= SigningKey.Create(_time);
            }
        }
    }

    /// <summary>The <c>kid</c> of the key that is never published (<see cref="EmulatorFaults.SignTokensWithUnpublishedKey"/>).</summary>
    public string UnpublishedKeyId => Unpublished.KeyId;

    /// <summary>
    /// Signs any header and payload, exactly as given, with the active key (or the never-published one): for tests
    /// that need tokens the emulator would never issue, such as forgeries and token-type confusions in an attack
    /// table. The emulator itself never calls this. The header is not checked: a caller may name <c>alg: none</c>
    /// or another key's <c>kid</c> on purpose; the signature is always RS256 by the chosen key.
    /// </summary>
    public string SignToken(string headerJson, string payloadJson, bool withUnpublishedKey = false)
    {
        ArgumentNullException.ThrowIfNull(headerJson);
        ArgumentNullException.ThrowIfNull(payloadJson);
        var signingInput = System.Buffers.Text.Base64Url.EncodeToString(System.Text.Encoding.UTF8.GetBytes(headerJson)) + "."
                           + System.Buffers.Text.Base64Url.EncodeToString(System.Text.Encoding.UTF8.GetBytes(payloadJson));
        var key = withUnpublishedKey ? Unpublished : Active;
        return signingInput + "." + System.Buffers.Text.Base64Url.EncodeToString(key.Sign(System.Text.Encoding.ASCII.GetBytes(signingInput)));
    }

    /// <summary>Adds a new key, makes it the signing key and keeps publishing the old ones.</summary>
    /// <returns>The new key's <c>kid</c>.</returns>
    public string Rotate()
    {
        var key = SigningKey.Create(_time);
        lock (_lock)
        {
            Volatile.Write(ref _published, [key, .. _published]);
        }

        return key.KeyId;
    }

    public void Dispose()
    {
        lock (_lock)
        {
            foreach (var key in _published)
            {
                key.Dispose();
            }

            _unpublished?.Dispose();
        }
    }
}
