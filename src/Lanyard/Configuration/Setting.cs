namespace Lanyard.Configuration;

/// <summary>
/// One value for one option, and where it came from (<c>lanyard.toml:12</c>, <c>--cookie-secret</c>,
/// <c>OAUTH2_PROXY_CLIENT_ID</c>), so every error can point at the line the user wrote.
/// <see cref="Value"/> is a string, a bool, a long, or a list of strings: whatever the source could express.
/// </summary>
internal sealed record Setting(string Key, object Value, string Origin)
{
    // Values may be secrets; the origin is enough to find them.
    public override string ToString() => $"{Key} from {Origin}";
}
