using Microsoft.AspNetCore.Http;

namespace Lanyard.Emulator.Pages;

/// <summary>Shown by the logout endpoint when there is nowhere registered to send the browser back to.</summary>
internal static class SignedOutPage
{
    public static Task WriteAsync(HttpContext context) =>
        HtmlPage.WriteAsync(
            context,
            StatusCodes.Status200OK,
            "Signed out",
            "<h1>You signed out of your account</h1><p>It\u2019s a good idea to close all browser windows.</p>");
}
