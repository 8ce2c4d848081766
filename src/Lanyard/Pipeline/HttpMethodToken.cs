using System.Buffers;

namespace Lanyard.Pipeline;

/// <summary>An HTTP method as RFC 9110 spells one (a token of letters, digits and a few marks), so a forwarded method cannot smuggle text into a rule or a log.</summary>
internal static class HttpMethodToken
{
    private static readonly SearchValues<char> TokenCharacters =
        SearchValues.Create("!#$%&'*+-.^_`|~0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz");

    public static bool IsValid(string method) => method.Length is > 0 and <= 32 && method.AsSpan().IndexOfAnyExcept(TokenCharacters) < 0;
}
