using System.Collections.Frozen;
using Lanyard.Configuration;
using Microsoft.AspNetCore.StaticFiles;
using Microsoft.Extensions.FileProviders;

namespace Lanyard.Forwarding;

/// <summary>
/// The upstreams that are not servers: <c>static://CODE</c> answers with the code (and oauth2-proxy's
/// "Authenticated"), <c>file:///dir</c> serves files under its route. They run in the proxy pipeline after the
/// access stage, so they answer only requests that passed it, with the same headers stage before them. The matched
/// YARP route's id is the upstream's, so one lookup finds it; proxied upstreams are not in the table.
/// Files come through <see cref="PhysicalFileProvider"/>, which refuses paths that leave the directory.
/// </summary>
internal sealed class LocalResponders
{
    private static readonly FileExtensionContentTypeProvider ContentTypes = new();
    private readonly FrozenDictionary<string, Local> _byRoute;

    public LocalResponders(IEnumerable<UpstreamOptions> upstreams)
    {
        _byRoute = upstreams
            .Where(u => u.Destination is null)
            .ToFrozenDictionary(u => u.Id, u => new Local(u.PathPrefix, u.StaticCode, Files(u.Directory), u.Rewrite), StringComparer.Ordinal);
    }

    public Task InvokeAsync(HttpContext context, Func<Task> next)
    {
        if (!_byRoute.TryGetValue(context.GetReverseProxyFeature().Route.Config.RouteId, out var local))
        {
            return next();
        }

        if (local.StaticCode is { } code)
        {
            context.Response.StatusCode = code;
            context.Response.ContentType = "text/plain; charset=utf-8";
            return context.Response.WriteAsync("Authenticated");
        }

        return ServeFileAsync(context, local);
    }

    // file:///dev/null (the Helm chart's "no upstream") is no directory: no provider, every request a 404.
    private static PhysicalFileProvider? Files(string? directory) =>
        directory is not null && Directory.Exists(directory) ? new PhysicalFileProvider(directory) : null;

    private static Task ServeFileAsync(HttpContext context, Local local)
    {
        // As oauth2-proxy: without a rewrite the route is stripped (/docs/a.html is a.html in the directory); with
        // one, the rewritten path is the file's path in the directory.
        var path = context.Request.Path.Value ?? "/";
        var relative = local.Rewrite is { } rewrite ? rewrite.Apply(path).Path
            : path.Length >= local.Route.Length ? path[local.Route.Length..] : "";
        if (local.Files is { } files && (HttpMethods.IsGet(context.Request.Method) || HttpMethods.IsHead(context.Request.Method)))
        {
            var file = files.GetFileInfo(relative.TrimStart('/'));
            if (file.IsDirectory || relative.Length == 0 || relative.EndsWith('/'))
            {
                file = files.GetFileInfo(Path.Combine(relative.TrimStart('/'), "index.html"));
            }

            if (file is { Exists: true, IsDirectory: false, PhysicalPath: not null })
            {
                context.Response.ContentType = ContentTypes.TryGetContentType(file.Name, out var type) ? type : "application/octet-stream";
                context.Response.ContentLength = file.Length;
                return HttpMethods.IsHead(context.Request.Method) ? Task.CompletedTask : context.Response.SendFileAsync(file);
            }
        }

        return Endpoints.ErrorResponses.WriteAsync(context, StatusCodes.Status404NotFound, "Not found", "There is no such file.");
    }

    private sealed record Local(string Route, int? StaticCode, PhysicalFileProvider? Files, UpstreamRewrite? Rewrite);
}
