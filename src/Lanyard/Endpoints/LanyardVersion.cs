using System.Reflection;

namespace Lanyard.Endpoints;

/// <summary>Lanyard's version (without the commit suffix the SDK appends), for page templates' <c>{{.Version}}</c>.</summary>
internal static class LanyardVersion
{
    public static string Current { get; } =
        (typeof(LanyardVersion).Assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion ?? "0.0.0").Split('+')[0];
}
