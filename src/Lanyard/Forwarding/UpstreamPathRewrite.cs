using Microsoft.Extensions.Primitives;
using Yarp.ReverseProxy.Transforms;
using Yarp.ReverseProxy.Transforms.Builder;

namespace Lanyard.Forwarding;

/// <summary>
/// <c>rewriteTarget</c>: the path the upstream sees. Query parameters in the target are added to the request's own,
/// as oauth2-proxy merges them.
/// </summary>
internal static class UpstreamPathRewrite
{
    public static void Apply(TransformBuilderContext builder)
    {
        if (builder.Services.GetRequiredService<UpstreamTable>().Find(builder.Route.RouteId)?.Rewrite is not { } rewrite)
        {
            return;
        }

        builder.AddRequestTransform(context =>
        {
            var (path, query) = rewrite.Apply(context.HttpContext.Request.Path.Value ?? "/");
            context.Path = new PathString(path.StartsWith('/') ? path : "/" + path);
            if (query is { Length: > 0 })
            {
                foreach (var (name, values) in Microsoft.AspNetCore.WebUtilities.QueryHelpers.ParseQuery(query))
                {
                    context.Query.Collection[name] = context.Query.Collection.TryGetValue(name, out var existing)
                        ? StringValues.Concat(existing, values)
                        : values;
                }
            }

            return ValueTask.CompletedTask;
        });
    }
}
