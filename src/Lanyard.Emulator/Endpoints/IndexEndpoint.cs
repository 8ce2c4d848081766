using Lanyard.Emulator.Pages;
using Lanyard.Emulator.Protocol;
using Microsoft.AspNetCore.Http;

namespace Lanyard.Emulator.Endpoints;

/// <summary><c>GET /</c>: the emulator's home page.</summary>
internal sealed class IndexEndpoint(EmulatorDirectory directory, RequestAuthority authority) : IEmulatorEndpoint
{
    public string Pattern => "/";

    public IReadOnlyList<string> Methods { get; } = [HttpMethods.Get];

    public Task HandleAsync(HttpContext context) =>
        IndexPage.WriteAsync(context, directory, authority.Resolve(context, Pattern));
}
