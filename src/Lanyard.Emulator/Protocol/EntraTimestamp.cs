using System.Globalization;

namespace Lanyard.Emulator.Protocol;

/// <summary>Entra's error timestamps: <c>yyyy-MM-dd HH:mm:ssZ</c>, a space and no <c>T</c> (entra-protocol.md §3.4).</summary>
internal static class EntraTimestamp
{
    public static string Format(DateTimeOffset instant) =>
        instant.UtcDateTime.ToString("yyyy-MM-dd HH:mm:ss'Z'", CultureInfo.InvariantCulture);
}
