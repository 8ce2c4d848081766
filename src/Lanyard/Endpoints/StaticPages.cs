using Lanyard.Configuration;

namespace Lanyard.Endpoints;

/// <summary>
/// <c>/robots.txt</c>, answered by Lanyard before any authentication as oauth2-proxy does (its text, or
/// <c>custom_templates_dir</c>/robots.txt), and <c>/oauth2/static/*</c>, where oauth2-proxy serves its pages' CSS and
/// fonts: Lanyard's pages carry their style inline, so it answers 404 there, and the path never reaches an upstream.
/// </summary>
internal static class StaticPages
{
    public static Task RobotsTxtAsync(HttpContext context, PageOptions pages)
    {
        context.Response.ContentType = "text/plain; charset=utf-8";
        return HttpMethods.IsHead(context.Request.Method) ? Task.CompletedTask : context.Response.WriteAsync(pages.Robots);
    }

    public static Task StaticFileAsync(HttpContext context) =>
        ErrorResponses.WriteAsync(context, StatusCodes.Status404NotFound, "Not found", "Lanyard serves no static files: its pages carry their style inline.");
}
