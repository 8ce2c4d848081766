using System.Buffers.Text;
using System.Globalization;
using System.Text;
using Microsoft.AspNetCore.Http;

namespace Lanyard.Emulator.Graph;

/// <summary>
/// The OData query options of a <c>transitiveMemberOf</c> request: <c>$top</c> (default 100, 1–999), <c>$select</c>
/// and <c>$skiptoken</c>, the opaque cursor of <c>@odata.nextLink</c> (§5.3).
/// </summary>
internal sealed record MemberOfQuery(int Top, IReadOnlySet<string>? Select, int Offset)
{
    public const int DefaultTop = 100;
    public const int MaximumTop = 999;

    private const string SkipTokenPrefix = "lanyard-page:";

    /// <returns>The query, or the Graph error for a bad <c>$top</c> or <c>$skiptoken</c>.</returns>
    public static (MemberOfQuery? Query, GraphError? Error) Parse(IQueryCollection query)
    {
        var top = DefaultTop;
        if (query.TryGetValue("$top", out var topValue))
        {
            var text = topValue.ToString();
            if (!int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out top) || top is < 1 or > MaximumTop)
            {
                return (null, GraphErrors.InvalidPageSize(text));
            }
        }

        IReadOnlySet<string>? select = null;
        if (query.TryGetValue("$select", out var selectValue))
        {
            select = selectValue.ToString().Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
                .ToHashSet(StringComparer.OrdinalIgnoreCase);
        }

        var offset = 0;
        if (query.TryGetValue("$skiptoken", out var skipToken) && !TryReadSkipToken(skipToken.ToString(), out offset))
        {
            return (null, GraphErrors.InvalidSkipToken());
        }

        return (new MemberOfQuery(top, select, offset), null);
    }

    public static string SkipToken(int offset) =>
        Base64Url.EncodeToString(Encoding.ASCII.GetBytes(SkipTokenPrefix + offset.ToString(CultureInfo.InvariantCulture)));

    private static bool TryReadSkipToken(string token, out int offset)
    {
        offset = 0;
        if (!Base64Url.IsValid(token))
        {
            return false;
        }

        var text = Encoding.ASCII.GetString(Base64Url.DecodeFromChars(token));
        return text.StartsWith(SkipTokenPrefix, StringComparison.Ordinal)
            && int.TryParse(text.AsSpan(SkipTokenPrefix.Length), NumberStyles.None, CultureInfo.InvariantCulture, out offset)
            && offset > 0;
    }
}
