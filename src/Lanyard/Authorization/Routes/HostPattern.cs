namespace Lanyard.Authorization.Routes;

/// <summary>
/// A host a per-route rule names: exactly (<c>api.contoso.test</c>) or every subdomain of a suffix (<c>*.contoso.test</c>
/// matches <c>a.contoso.test</c> and <c>a.b.contoso.test</c>, not <c>contoso.test</c> itself), as Istio's hosts do.
/// Hosts compare without case; a trailing dot (the DNS root) does not count.
/// </summary>
internal readonly record struct HostPattern(string Host)
{
    private bool IsWildcard => Host.StartsWith("*.", StringComparison.Ordinal);

    public bool Matches(string host)
    {
        var name = host.EndsWith('.') ? host[..^1] : host;
        return IsWildcard
            ? name.Length > Host.Length - 1 && name.EndsWith(Host.AsSpan(1), StringComparison.OrdinalIgnoreCase)
            : string.Equals(name, Host, StringComparison.OrdinalIgnoreCase);
    }

    public override string ToString() => Host;
}
