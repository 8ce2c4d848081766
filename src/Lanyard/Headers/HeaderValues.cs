namespace Lanyard.Headers;

/// <summary>
/// Claim values become header values. Control characters (CR, LF, NUL …) can never be sent and would fail the
/// request or, worse, split it; they are dropped. Non-ASCII text (a name such as "José", a group's display name)
/// is sent as UTF-8, which Lanyard's server and forwarder are configured for.
/// </summary>
internal static class HeaderValues
{
    public static string Safe(string value)
    {
        foreach (var c in value)
        {
            if (char.IsControl(c))
            {
                return string.Concat(value.Where(ch => !char.IsControl(ch)));
            }
        }

        return value;
    }

    public static string Join(IReadOnlyList<string> values) => Safe(string.Join(',', values));
}
