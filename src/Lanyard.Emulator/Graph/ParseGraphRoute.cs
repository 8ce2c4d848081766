using Microsoft.AspNetCore.Http;

namespace Lanyard.Emulator.Graph;

/// <summary>Reads the path after <c>/v1.0/</c>; anything the stub does not serve gets Graph's own "not found" shape.</summary>
internal static class ParseGraphRoute
{
    private const string GroupCast = "microsoft.graph.group";

    public static GraphRoute Parse(string method, string path)
    {
        var segments = path.Split('/', StringSplitOptions.RemoveEmptyEntries).Select(Uri.UnescapeDataString).ToArray();
        string? userId;
        string[] rest;
        switch (segments)
        {
            case ["me", ..]:
                userId = null;
                rest = segments[1..];
                break;
            case ["users", var id, ..]:
                userId = id;
                rest = segments[2..];
                break;
            case [var first, ..]:
                return Unsupported(GraphErrors.SegmentNotFound(first));
            default:
                return Unsupported(GraphErrors.SegmentNotFound(""));
        }

        var isGet = HttpMethods.IsGet(method);
        return rest switch
        {
            [] => isGet ? new GraphRoute.User(userId) : MethodNotAllowed(),
            ["transitiveMemberOf"] => isGet ? new GraphRoute.TransitiveMemberOf(userId, GroupsOnly: false) : MethodNotAllowed(),
            ["transitiveMemberOf", GroupCast] => isGet ? new GraphRoute.TransitiveMemberOf(userId, GroupsOnly: true) : MethodNotAllowed(),
            ["transitiveMemberOf", var cast] => Unsupported(GraphErrors.SegmentNotFound(cast)),
            ["getMemberObjects"] => HttpMethods.IsPost(method) ? new GraphRoute.MemberObjects(userId) : MethodNotAllowed(),
            ["getMemberGroups"] => HttpMethods.IsPost(method) ? new GraphRoute.MemberObjects(userId, GroupsOnly: true) : MethodNotAllowed(),
            [var unknown, ..] => Unsupported(GraphErrors.SegmentNotFound(unknown)),
        };
    }

    private static GraphRoute.Unsupported Unsupported(GraphError error) => new(error);

    private static GraphRoute.Unsupported MethodNotAllowed() => new(GraphErrors.MethodNotAllowed());
}
