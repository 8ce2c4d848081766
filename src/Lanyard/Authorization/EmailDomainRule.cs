namespace Lanyard.Authorization;

/// <summary>
/// <c>email_domains</c>, as oauth2-proxy reads it: <c>*</c> allows anyone; <c>example.com</c> allows
/// <c>user@example.com</c>; <c>.example.com</c> or <c>*.example.com</c> also allow its subdomains. The address must
/// have exactly one <c>@</c> (oauth2-proxy GHSA-c5c4), and comparison ignores case.
/// </summary>
internal sealed class EmailDomainRule
{
    private readonly bool _allowAny;
    private readonly string[] _exact;
    private readonly string[] _suffixes;

    public EmailDomainRule(IReadOnlyList<string> domains)
    {
        _allowAny = domains.Contains("*");
        _exact = [.. domains.Where(d => d != "*" && !d.StartsWith('.') && !d.StartsWith("*.", StringComparison.Ordinal)).Select(d => d.ToLowerInvariant())];
        _suffixes = [.. domains.Where(d => d.StartsWith('.') || d.StartsWith("*.", StringComparison.Ordinal)).Select(d => d.TrimStart('*').ToLowerInvariant())];
    }

    public bool Allows(string? email)
    {
        if (_allowAny)
        {
            return true;
        }

        if (email is null)
        {
            return false;
        }

        var at = email.IndexOf('@', StringComparison.Ordinal);
        if (at <= 0 || at != email.LastIndexOf('@') || at == email.Length - 1)
        {
            return false;
        }

        var domain = email[(at + 1)..].ToLowerInvariant();
        return _exact.Contains(domain) || _suffixes.Any(suffix => domain.EndsWith(suffix, StringComparison.Ordinal) || "." + domain == suffix);
    }
}
