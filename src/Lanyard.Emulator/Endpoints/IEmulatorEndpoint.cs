using Microsoft.AspNetCore.Http;

namespace Lanyard.Emulator.Endpoints;

/// <summary>One route of the emulator; <see cref="EntraEmulatorExtensions.MapEntraEmulator"/> maps every registered one.</summary>
internal interface IEmulatorEndpoint
{
    string Pattern { get; }

    IReadOnlyList<string> Methods { get; }

    Task HandleAsync(HttpContext context);
}
