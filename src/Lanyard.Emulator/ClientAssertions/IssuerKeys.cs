namespace Lanyard.Emulator.ClientAssertions;

/// <summary>The outcome of fetching an external issuer's keys.</summary>
internal abstract record IssuerKeys
{
    private IssuerKeys()
    {
    }

    public sealed record Found(IReadOnlyList<IssuerKey> Keys) : IssuerKeys;

    public sealed record Failed(string Reason) : IssuerKeys;
}
