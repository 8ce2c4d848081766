using System.Text.Json;
using Lanyard.Emulator.Endpoints;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

namespace Lanyard.Emulator.Graph;

/// <summary>
/// A Microsoft Graph stub at <c>/v1.0/…</c> on the emulator's own host, serving what a sign-in proxy needs to resolve
/// group overage (entra-protocol.md §5.3): <c>/me</c>, <c>/users/{id}</c>, their <c>transitiveMemberOf</c> (with and
/// without the group cast, paged) and <c>getMemberObjects</c>, behind <see cref="GraphRequestFront"/> (faults, then the
/// token check, then counting).
/// </summary>
internal sealed class GraphEndpoint(EmulatorDirectory directory, EmulatorFaults faults, GraphRequestFront front) : IEmulatorEndpoint
{
    private const string Version = "/v1.0";

    public string Pattern => Version + "/{**path}";

    public IReadOnlyList<string> Methods { get; } = [HttpMethods.Get, HttpMethods.Post];

    public Task HandleAsync(HttpContext context) => front.ServeAsync(context, ServeAsync);

    private async Task<GraphError?> ServeAsync(HttpContext context, GraphCaller caller)
    {
        var route = ParseGraphRoute.Parse(context.Request.Method, context.GetRouteValue("path") as string ?? "");
        switch (route)
        {
            case GraphRoute.User user:
                var (profile, profileError) = Subject(caller, user.UserId);
                return profileError ?? await WriteUserAsync(context, profile!);
            case GraphRoute.TransitiveMemberOf memberOf:
                var (member, memberError) = Subject(caller, memberOf.UserId);
                return memberError ?? await WriteMemberOfAsync(context, member!, memberOf.GroupsOnly);
            case GraphRoute.MemberObjects memberObjects:
                var (subject, subjectError) = Subject(caller, memberObjects.UserId);
                return subjectError ?? await WriteMemberObjectsAsync(context, subject!, memberObjects.GroupsOnly);
            case GraphRoute.Unsupported unsupported:
                return unsupported.Error;
            default:
                return GraphErrors.SegmentNotFound("");
        }
    }

    private (EmulatorUser? User, GraphError? Error) Subject(GraphCaller caller, string? userId)
    {
        EmulatorUser? user;
        if (userId is null)
        {
            if (caller.IsAppOnly)
            {
                return (null, GraphErrors.MeNeedsDelegatedToken());
            }

            user = caller.ObjectId is { } oid ? directory.FindUserByObjectId(oid) : null;
            userId = caller.ObjectId ?? "me";
        }
        else
        {
            // Graph takes an object id or a user principal name; users of other tenants do not exist from here.
            user = directory.FindUserByObjectId(userId)
                ?? directory.Users.FirstOrDefault(u => string.Equals(u.UserPrincipalName, userId, StringComparison.OrdinalIgnoreCase));
            if (user is not null && !string.Equals(user.TenantId, caller.TenantId, StringComparison.OrdinalIgnoreCase))
            {
                user = null;
            }
        }

        if (!caller.MayRead(user))
        {
            return (null, GraphErrors.InsufficientPrivileges());
        }

        return user is null ? (null, GraphErrors.ResourceNotFound(userId)) : (user, null);
    }

    private static async Task<GraphError?> WriteUserAsync(HttpContext context, EmulatorUser user)
    {
        var root = GraphRoot(context);
        await GraphResponseWriter.WriteAsync(context, StatusCodes.Status200OK, w =>
        {
            w.WriteStartObject();
            w.WriteString("@odata.context", $"{root}/$metadata#users/$entity");
            w.WriteStartArray("businessPhones");
            w.WriteEndArray();
            w.WriteString("displayName", user.DisplayName);
            w.WriteNull("givenName");
            w.WriteNull("jobTitle");
            if (user.Email is { } mail)
            {
                w.WriteString("mail", mail);
            }
            else
            {
                w.WriteNull("mail");
            }

            w.WriteNull("mobilePhone");
            w.WriteNull("officeLocation");
            w.WriteNull("preferredLanguage");
            w.WriteNull("surname");
            w.WriteString("userPrincipalName", user.UserPrincipalName);
            w.WriteString("id", user.ObjectId);
            w.WriteEndObject();
        });
        return null;
    }

    private async Task<GraphError?> WriteMemberOfAsync(HttpContext context, EmulatorUser user, bool groupsOnly)
    {
        var (query, error) = MemberOfQuery.Parse(context.Request.Query);
        if (query is null)
        {
            return error;
        }

        var objects = MembershipsOf(user, includeRoles: !groupsOnly);
        if (query.Offset >= objects.Count && query.Offset > 0)
        {
            return GraphErrors.InvalidSkipToken();
        }

        // Graph may return fewer items than $top asked for; clients must follow @odata.nextLink either way.
        var pageSize = faults.GraphMaxPageSize is > 0 and var max ? Math.Min(query.Top, max) : query.Top;
        var page = objects.Skip(query.Offset).Take(pageSize).ToList();
        var next = query.Offset + page.Count;
        var root = GraphRoot(context);
        var entitySet = groupsOnly ? "groups" : "directoryObjects";
        var selected = context.Request.Query["$select"].ToString();
        await GraphResponseWriter.WriteAsync(context, StatusCodes.Status200OK, w =>
        {
            w.WriteStartObject();
            w.WriteString("@odata.context", selected.Length > 0 ? $"{root}/$metadata#{entitySet}({selected})" : $"{root}/$metadata#{entitySet}");
            if (next < objects.Count)
            {
                w.WriteString("@odata.nextLink", NextLink(context, root, next));
            }

            w.WriteStartArray("value");
            foreach (var item in page)
            {
                item.Write(w, query.Select);
            }

            w.WriteEndArray();
            w.WriteEndObject();
        });
        return null;
    }

    private async Task<GraphError?> WriteMemberObjectsAsync(HttpContext context, EmulatorUser user, bool groupsOnly)
    {
        bool securityEnabledOnly;
        try
        {
            using var body = await JsonDocument.ParseAsync(context.Request.Body, default, context.RequestAborted);
            if (!body.RootElement.TryGetProperty("securityEnabledOnly", out var flag) || flag.ValueKind is not (JsonValueKind.True or JsonValueKind.False))
            {
                return GraphErrors.InvalidBody("'securityEnabledOnly' (true or false) is required.");
            }

            securityEnabledOnly = flag.GetBoolean();
        }
        catch (JsonException)
        {
            return GraphErrors.InvalidBody("the body is not JSON.");
        }

        var root = GraphRoot(context);

        // Every group here is a security group; directory roles only come from getMemberObjects with
        // securityEnabledOnly false (§5.3); getMemberGroups lists groups alone.
        var ids = MembershipsOf(user, includeRoles: !groupsOnly && !securityEnabledOnly).Select(o => o.Id);
        await GraphResponseWriter.WriteAsync(context, StatusCodes.Status200OK, w =>
        {
            w.WriteStartObject();
            w.WriteString("@odata.context", $"{root}/$metadata#Collection(Edm.String)");
            w.WriteStartArray("value");
            foreach (var id in ids)
            {
                w.WriteStringValue(id);
            }

            w.WriteEndArray();
            w.WriteEndObject();
        });
        return null;
    }

    // Groups in directory order, then directory roles: a stable order, so paging never skips or repeats.
    private List<DirectoryObject> MembershipsOf(EmulatorUser user, bool includeRoles)
    {
        var groups = user.GroupIds.Select(directory.FindGroup).OfType<EmulatorGroup>().Select(DirectoryObject.From);
        var roles = includeRoles
            ? user.DirectoryRoleIds.Select(directory.FindDirectoryRole).OfType<EmulatorDirectoryRole>().Select(DirectoryObject.From)
            : [];
        return [.. groups.Concat(roles)];
    }

    // The link repeats the request on the authority the client used, with every option but the old $skiptoken.
    private static string NextLink(HttpContext context, string root, int offset)
    {
        var path = context.GetRouteValue("path") as string ?? "";
        var options = context.Request.Query
            .Where(q => q.Key != "$skiptoken")
            .Select(q => $"{Escape(q.Key)}={Uri.EscapeDataString(q.Value.ToString())}")
            .Append($"$skiptoken={MemberOfQuery.SkipToken(offset)}");
        return $"{root}/{string.Join('/', path.Split('/').Select(Uri.EscapeDataString))}?{string.Join('&', options)}";
    }

    // OData option names keep their '$', as Graph writes them.
    private static string Escape(string key) => key.StartsWith('$') ? "$" + Uri.EscapeDataString(key[1..]) : Uri.EscapeDataString(key);

    // Graph lives at the root of the emulator's host (or under the route group it is mapped in), not at the fixed
    // Authority: links must lead back to where this client reached Graph.
    private static string GraphRoot(HttpContext context)
    {
        var request = context.Request;
        var path = request.Path.Value ?? "";
        var end = path.IndexOf(Version + "/", StringComparison.Ordinal);
        var prefix = end < 0 ? "" : path[..end];
        return $"{request.Scheme}://{request.Host.Value}{request.PathBase.Value}{prefix}{Version}";
    }
}
