using System.Net;
using System.Net.Http.Headers;
using System.Text.Json;
using Lanyard.Configuration;
using Lanyard.Observability;
using Microsoft.IdentityModel.JsonWebTokens;

namespace Lanyard.Providers.Entra;

/// <summary>
/// Group overage (entra-protocol.md §5.2–5.3): a user in more than 200 groups gets no <c>groups</c> claim, only an
/// indicator. The whole list comes from Microsoft Graph's <c>/me/transitiveMemberOf/microsoft.graph.group</c> with
/// the user's delegated token (needs <c>User.Read</c>), every page followed, throttling (429/503 + Retry-After)
/// waited out a bounded number of times. The webhook reads any user's with an app-only token instead. The indicator's own link (<c>graph.windows.net</c>) is never called.
/// </summary>
internal sealed class ResolveGroupOverage(ProviderOptions options, IHttpClientFactory httpClients, TimeProvider time, ILogger<ResolveGroupOverage> logger, LanyardMetrics? metrics = null)
{
    public const string HttpClientName = "lanyard-graph";
    private const int MaxPages = 200;
    private const int MaxRetriesPerPage = 3;
    private static readonly TimeSpan MaxRetryAfter = TimeSpan.FromSeconds(10);
    private static readonly string[] GraphScopesThatReadGroups = ["user.read", "groupmember.read.all", "group.read.all", "directory.read.all", ".default"];

    /// <summary>True when the token carries the overage indicator instead of the <c>groups</c> claim.</summary>
    public static bool HasOverage(JsonWebToken token)
    {
        if (token.TryGetPayloadValue<JsonElement>("_claim_names", out var names) && names.ValueKind == JsonValueKind.Object && names.TryGetProperty("groups", out _))
        {
            return true;
        }

        return token.TryGetPayloadValue<bool>("hasgroups", out var hasGroups) && hasGroups;
    }

    public async Task<GroupResolution> ResolveAsync(string? accessToken, CancellationToken cancellationToken)
    {
        if (options.EntraId.GraphUrl is not { } graph)
        {
            return Unresolved($"Microsoft Graph's address is not known for {options.IssuerUrl.Host}; set entra_id_graph_url");
        }

        if (!AsksForGraphGroups(options.Scopes))
        {
            return Unresolved("the sign-in does not ask for User.Read, which reading group memberships from Microsoft Graph needs; add it to scope");
        }

        if (string.IsNullOrEmpty(accessToken))
        {
            return Unresolved("the provider returned no access token for Microsoft Graph");
        }

        var field = options.EntraId.GraphGroupField;
        return await ReadAllAsync(graph, new Uri(graph, $"/v1.0/me/transitiveMemberOf/microsoft.graph.group?$select={Select(field)}&$top=999"), accessToken, field, forbiddenHint: null, cancellationToken);
    }

    /// <summary>
    /// The groups of user <paramref name="objectId"/> by object id, read with an app-only token
    /// (<c>GroupMember.Read.All</c> or broader) from <c>/users/{id}/transitiveMemberOf/microsoft.graph.group</c>:
    /// for callers that hold the user's access token for their own API, not a Graph token (the TokenReview webhook).
    /// </summary>
    public async Task<GroupResolution> ResolveForUserAsync(string objectId, string appToken, CancellationToken cancellationToken)
    {
        if (options.EntraId.GraphUrl is not { } graph)
        {
            return Unresolved($"Microsoft Graph's address is not known for {options.IssuerUrl.Host}; set entra_id_graph_url");
        }

        // Object ids only: whatever a token says, no path segment or query reaches Graph's URL from it.
        if (!Guid.TryParseExact(objectId, "D", out var id))
        {
            return Unresolved("the user's object id is not a GUID");
        }

        return await ReadAllAsync(graph, new Uri(graph, $"/v1.0/users/{id:D}/transitiveMemberOf/microsoft.graph.group?$select=id&$top=999"), appToken, "id",
            forbiddenHint: "grant the application the Microsoft Graph application permission GroupMember.Read.All, with an administrator's consent", cancellationToken);
    }

    private static string Select(string field) => field == "id" ? "id" : "id," + field;

    /// <summary>Every page from <paramref name="first"/> on, with <paramref name="token"/>, which never leaves <paramref name="graph"/>'s host.</summary>
    private async Task<GroupResolution> ReadAllAsync(Uri graph, Uri first, string token, string field, string? forbiddenHint, CancellationToken cancellationToken)
    {
        // One span for the whole read (every page, every retry); the HTTP calls are its children.
        using var activity = LanyardTracing.StartCall("graph transitiveMemberOf");
        var groups = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        Uri? next = first;
        var client = httpClients.CreateClient(HttpClientName);
        for (var page = 0; next is not null; page++)
        {
            if (page == MaxPages)
            {
                return Unresolved($"Microsoft Graph returned more than {MaxPages} pages of groups");
            }

            using var response = await GetWithRetriesAsync(client, next, token, cancellationToken);
            if (response is null)
            {
                LanyardTracing.Failed(activity, "unreachable");
                return Unresolved("Microsoft Graph could not be reached");
            }

            if (!response.IsSuccessStatusCode)
            {
                LanyardTracing.Failed(activity, $"answered {(int)response.StatusCode}");
                var reason = $"Microsoft Graph answered {(int)response.StatusCode} {await ErrorCodeAsync(response, cancellationToken)}".TrimEnd();
                return response.StatusCode switch
                {
                    HttpStatusCode.TooManyRequests => Unresolved(reason + ", still throttling after retries", RetryAfter(response.Headers.RetryAfter)),
                    HttpStatusCode.Forbidden when forbiddenHint is not null => Unresolved($"{reason}: {forbiddenHint}"),
                    _ => Unresolved(reason),
                };
            }

            if (await ReadPageAsync(response, field, groups, cancellationToken) is not { } read)
            {
                return Unresolved("Microsoft Graph's answer is not a list of groups");
            }

            next = null;
            if (read.NextLink is { } nextLink)
            {
                // The token goes only to the Graph host it was meant for, whatever a response says.
                if (!Uri.TryCreate(nextLink, UriKind.Absolute, out next) || !string.Equals(next.GetLeftPart(UriPartial.Authority), graph.GetLeftPart(UriPartial.Authority), StringComparison.OrdinalIgnoreCase))
                {
                    return Unresolved("Microsoft Graph's next page is on another host");
                }
            }
        }

        activity?.SetTag("lanyard.graph.groups", groups.Count);
        LogEvents.GroupOverageResolved(logger, groups.Count);
        return new GroupResolution.Resolved([.. groups]);
    }

    /// <summary>
    /// Adds the page's groups by <paramref name="field"/> (<c>azure_graph_group_field</c>, id by default); a group
    /// without that property (or not as a string) is left out rather than named by something else. Null when the
    /// body is not a Graph collection (an HTML error page, say).
    /// </summary>
    private static async Task<(string? NextLink, int Count)?> ReadPageAsync(HttpResponseMessage response, string field, HashSet<string> groups, CancellationToken cancellationToken)
    {
        try
        {
            using var document = await JsonDocument.ParseAsync(await response.Content.ReadAsStreamAsync(cancellationToken), cancellationToken: cancellationToken);
            var root = document.RootElement;
            if (root.ValueKind != JsonValueKind.Object || !root.TryGetProperty("value", out var values) || values.ValueKind != JsonValueKind.Array)
            {
                return null;
            }

            var count = 0;
            foreach (var item in values.EnumerateArray())
            {
                // Without the group cast Graph also lists directory roles and administrative units; only groups count.
                if (item.ValueKind != JsonValueKind.Object)
                {
                    continue;
                }

                var type = item.TryGetProperty("@odata.type", out var t) && t.ValueKind == JsonValueKind.String ? t.GetString() : null;
                if (type is null or "#microsoft.graph.group" && item.TryGetProperty(field, out var id) && id.ValueKind == JsonValueKind.String && id.GetString() is { Length: > 0 } groupId)
                {
                    groups.Add(groupId);
                    count++;
                }
            }

            var next = root.TryGetProperty("@odata.nextLink", out var link) && link.ValueKind == JsonValueKind.String ? link.GetString() : null;
            return (next, count);
        }
        catch (JsonException)
        {
            return null;
        }
    }

    private async Task<HttpResponseMessage?> GetWithRetriesAsync(HttpClient client, Uri url, string accessToken, CancellationToken cancellationToken)
    {
        for (var attempt = 0; ; attempt++)
        {
            using var request = new HttpRequestMessage(HttpMethod.Get, url);
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", accessToken);
            request.Headers.Accept.ParseAdd("application/json");
            HttpResponseMessage response;
            try
            {
                response = await client.SendAsync(request, cancellationToken);
            }
            catch (Exception e) when (e is HttpRequestException or IOException)
            {
                LogEvents.GraphUnavailable(logger, e.Message);
                metrics?.GraphRequest("unreachable");
                return null;
            }
            catch (TaskCanceledException) when (!cancellationToken.IsCancellationRequested)
            {
                LogEvents.GraphUnavailable(logger, "timed out");
                metrics?.GraphRequest("unreachable");
                return null;
            }

            // 429 is throttling, always worth waiting out; a 503 only when Graph says when to come back.
            var throttled = response.StatusCode is HttpStatusCode.TooManyRequests
                            || (response.StatusCode is HttpStatusCode.ServiceUnavailable && response.Headers.RetryAfter is not null);
            metrics?.GraphRequest(throttled ? "throttled" : response.IsSuccessStatusCode ? "ok" : "error");
            if (!throttled || attempt == MaxRetriesPerPage)
            {
                return response;
            }

            var wait = RetryAfter(response.Headers.RetryAfter);
            response.Dispose();
            LogEvents.GraphThrottled(logger, (int)wait.TotalMilliseconds, attempt + 1);
            await Task.Delay(wait, time, cancellationToken);
        }
    }

    // Graph says how long to wait (seconds, or a date); wait exactly that, within reason.
    private TimeSpan RetryAfter(RetryConditionHeaderValue? header)
    {
        var wait = header?.Delta ?? (header?.Date is { } date ? date - time.GetUtcNow() : TimeSpan.FromSeconds(1));
        return wait < TimeSpan.Zero ? TimeSpan.Zero : wait > MaxRetryAfter ? MaxRetryAfter : wait;
    }

    private static async Task<string> ErrorCodeAsync(HttpResponseMessage response, CancellationToken cancellationToken)
    {
        try
        {
            using var error = await JsonDocument.ParseAsync(await response.Content.ReadAsStreamAsync(cancellationToken), cancellationToken: cancellationToken);
            return error.RootElement is { ValueKind: JsonValueKind.Object } root
                   && root.TryGetProperty("error", out var e) && e.ValueKind == JsonValueKind.Object
                   && e.TryGetProperty("code", out var code) && code.ValueKind == JsonValueKind.String
                ? $"({code.GetString()})"
                : "";
        }
        catch (JsonException)
        {
            return "";
        }
    }

    private static bool AsksForGraphGroups(IReadOnlyList<string> scopes) =>
        scopes.Any(scope =>
        {
            var lastSlash = scope.LastIndexOf('/');
            var resource = lastSlash < 0 ? null : scope[..lastSlash];
            var name = scope[(lastSlash + 1)..].ToLowerInvariant();
            var forGraph = resource is null || resource.Contains("graph", StringComparison.OrdinalIgnoreCase) || resource == "00000003-0000-0000-c000-000000000000";
            return forGraph && GraphScopesThatReadGroups.Contains(name) && (name != ".default" || resource is not null);
        });

    private GroupResolution.Unresolved Unresolved(string reason, TimeSpan? retryAfter = null)
    {
        LogEvents.GroupOverageUnresolved(logger, reason);
        return new GroupResolution.Unresolved(reason, retryAfter);
    }
}
