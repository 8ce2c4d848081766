using Microsoft.AspNetCore.WebUtilities;

namespace Lanyard.Testing;

public static class UriExtensions
{
    /// <summary>The same URL with one query parameter replaced.</summary>
    public static Uri WithQueryValue(this Uri uri, string name, string value)
    {
        var query = QueryHelpers.ParseQuery(uri.Query).ToDictionary(p => p.Key, p => (string?)p.Value.ToString());
        query[name] = value;
        return new Uri(QueryHelpers.AddQueryString(uri.GetLeftPart(UriPartial.Path), query));
    }
}
