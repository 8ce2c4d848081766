using Lanyard.Emulator.Pages;
using Microsoft.AspNetCore.Http;

namespace Lanyard.Emulator.Endpoints;

/// <summary><c>GET /error?code=…</c>: where every <c>error_uri</c> points.</summary>
internal sealed class ErrorCodeEndpoint : IEmulatorEndpoint
{
    public string Pattern => "/error";

    public IReadOnlyList<string> Methods { get; } = [HttpMethods.Get];

    public Task HandleAsync(HttpContext context) => ErrorCodePage.WriteAsync(context, context.Request.Query["code"].ToString());
}
