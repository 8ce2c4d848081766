using System.Runtime.CompilerServices;

namespace Lanyard.Sessions;

/// <summary>
/// A session cookie's value as it came: one slice of the Cookie header, or its parts (<c>name_0</c>, <c>name_1</c>, …)
/// in order. Nothing is copied until <see cref="ToStringOrNull"/>; <see cref="DecodedSessionCache"/> hashes the slices.
/// </summary>
internal readonly struct SessionCookieValue
{
    private readonly Parts _parts;

    public SessionCookieValue(ReadOnlyMemory<char> whole)
    {
        _parts[0] = whole;
        PartCount = 1;
        Length = whole.Length;
    }

    public SessionCookieValue(Parts parts, int count)
    {
        _parts = parts;
        PartCount = count;
        for (var i = 0; i < count; i++)
        {
            Length += parts[i]!.Value.Length;
        }
    }

    /// <summary>0 when the request carried no session cookie.</summary>
    public int PartCount { get; }

    /// <summary>The joined value's length in characters.</summary>
    public int Length { get; }

    public bool IsMissing => PartCount == 0;

    public ReadOnlySpan<char> Part(int index) => (uint)index < (uint)PartCount ? _parts[index]!.Value.Span : throw new ArgumentOutOfRangeException(nameof(index));

    /// <summary>The joined value, in one allocation (none when it is a whole header line's cookie); null when missing.</summary>
    public string? ToStringOrNull() => PartCount switch
    {
        0 => null,
        1 => _parts[0]!.Value.ToString(),
        _ => string.Create(Length, this, static (destination, value) =>
        {
            for (var i = 0; i < value.PartCount; i++)
            {
                var part = value.Part(i);
                part.CopyTo(destination);
                destination = destination[part.Length..];
            }
        }),
    };

    /// <summary>Room for each part a session can be split into (<see cref="ChunkedCookies.MaxChunks"/>), on the stack.</summary>
    [InlineArray(ChunkedCookies.MaxChunks)]
    internal struct Parts
    {
        private ReadOnlyMemory<char>? _part;
    }
}
