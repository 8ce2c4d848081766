using Microsoft.AspNetCore.Http;

namespace Lanyard.Emulator.Pages;

/// <summary>The target of <c>error_uri</c>: Entra's error lookup page, reduced to naming the code.</summary>
internal static class ErrorCodePage
{
    public static Task WriteAsync(HttpContext context, string? code)
    {
        var text = int.TryParse(code, out var number) && number > 0 ? $"AADSTS{number}" : "an unknown code";
        return HtmlPage.WriteAsync(
            context,
            StatusCodes.Status200OK,
            "Error code lookup",
            $"<h1>Error code lookup</h1><p>This emulator reported {HtmlPage.Encode(text)}. The error_description " +
            "of the response that linked here explains it; Microsoft's AADSTS reference describes the real service.</p>");
    }
}
