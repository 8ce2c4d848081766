using System.Net;
using System.Text.RegularExpressions;
using Lanyard.Emulator;
using Lanyard.Testing;
using Microsoft.AspNetCore.TestHost;
using GrpcCode = Grpc.Core.StatusCode;

namespace Lanyard.IntegrationTests;

/// <summary>
/// Issue 11's promise: one rule gives one answer, whoever asks. The same per-route rules judged for the same user and
/// request through the proxy, nginx's <c>/oauth2/auth</c>, Traefik's <c>/oauth2/forward-auth</c>, Envoy's prefix
/// form and the gRPC <c>Check</c> must agree: allowed, sign in first, or denied by the same named rule. Each
/// answer is read from that caller's own dialect (202/200/OK, 401/UNAUTHENTICATED, 403/PERMISSION_DENIED naming
/// the rule), so a caller that loses the rule name, or answers differently, fails here.
/// </summary>
public sealed partial class OneDecisionEveryCallerTests
{
    private static readonly Uri Gateway = new("https://gateway.proxy.test/");
    private const string AppHost = "proxy.test";

    private const string Rules = $"""
        [[authorization_rules]]
        name = "public-docs"
        paths = ["/docs"]
        action = "skip_auth"

        [[authorization_rules]]
        name = "no-debug"
        paths = ["/debug"]
        action = "deny"

        [[authorization_rules]]
        name = "read-only"
        paths = ["/archive"]
        methods = ["POST", "PUT", "DELETE"]
        action = "deny"

        [[authorization_rules]]
        name = "admins-only"
        paths = ["/admin"]
        action = "allow"
        require.any_groups = ["{DemoDirectory.AdminsGroupId}"]

        [[authorization_rules]]
        name = "everyone"
        paths = ["/"]
        action = "allow"

        [[authorization_rules]]
        name = "report-readers"
        rule_set = "reports"
        paths = ["/reports"]
        action = "allow"
        require.any_groups = ["{DemoDirectory.AdminsGroupId}"]
        """;

    /// <summary>Who asks, how, for what, and the one answer every caller must give.</summary>
    private static readonly (string? User, string Method, string Path, string Expected)[] Cases =
    [
        (DemoDirectory.AliceUserPrincipalName, "GET", "/admin/users", "allowed"),
        (DemoDirectory.BobUserPrincipalName, "GET", "/admin/users", "denied by admins-only"),
        (DemoDirectory.BobUserPrincipalName, "DELETE", "/admin/users/7", "denied by admins-only"),
        (DemoDirectory.BobUserPrincipalName, "GET", "/reports?year=2026", "allowed"),
        (null, "GET", "/reports", "sign in"),
        (null, "GET", "/debug/vars", "denied by no-debug"),
        (DemoDirectory.AliceUserPrincipalName, "GET", "/debug/vars", "denied by no-debug"),
        (DemoDirectory.AliceUserPrincipalName, "POST", "/archive/2025", "denied by read-only"),
        (DemoDirectory.BobUserPrincipalName, "GET", "/archive/2025", "allowed"),
        (null, "GET", "/docs/intro", "allowed"),
        (null, "HEAD", "/docs/intro", "allowed"),
    ];

    /// <summary>A rule set is chosen by the gateway for a route: nginx's and Traefik's auth URL, Envoy's context_extensions.</summary>
    private static readonly (string? User, string RuleSet, string Path, string Expected)[] RuleSetCases =
    [
        (DemoDirectory.AliceUserPrincipalName, "reports", "/reports/q3", "allowed"),
        (DemoDirectory.BobUserPrincipalName, "reports", "/reports/q3", "denied by report-readers"),
        (DemoDirectory.BobUserPrincipalName, "reports", "/admin", "denied by default-deny"),
        (DemoDirectory.AliceUserPrincipalName, "nope", "/reports/q3", "denied by rule-set"),
        (null, "nope", "/reports/q3", "denied by rule-set"),
    ];

    [Fact]
    public async Task TheSameRule_GivesTheSameAnswer_ThroughTheProxy_EveryForwardAuthDialect_AndGrpc()
    {
        await using var env = await StartAsync();
        var cookies = await SignInAsync(env);

        var answers = new List<string>();
        var expected = new List<string>();
        foreach (var (user, method, path, want) in Cases)
        {
            var cookie = user is null ? null : cookies[user];
            var label = $"{user ?? "anonymous"} {method} {path}";
            answers.Add($"{label} → proxy: {await ProxyAsync(env, cookie, method, path)}");
            answers.Add($"{label} → nginx: {await NginxAsync(env, cookie, method, path, ruleSet: null)}");
            answers.Add($"{label} → traefik: {await TraefikAsync(env, cookie, method, path, ruleSet: null)}");
            answers.Add($"{label} → envoy-http: {await EnvoyHttpAsync(env, cookie, method, path)}");
            answers.Add($"{label} → envoy-grpc: {await EnvoyGrpcAsync(env, cookie, method, path, ruleSet: null)}");
            expected.AddRange(new[] { "proxy", "nginx", "traefik", "envoy-http", "envoy-grpc" }.Select(caller => $"{label} → {caller}: {want}"));
        }

        Assert.Equal(expected, answers);
    }

    [Fact]
    public async Task ARuleSetChosenForTheRoute_GivesTheSameAnswer_OnTheAuthUrl_AndInContextExtensions()
    {
        await using var env = await StartAsync();
        var cookies = await SignInAsync(env);

        var answers = new List<string>();
        var expected = new List<string>();
        foreach (var (user, ruleSet, path, want) in RuleSetCases)
        {
            var cookie = user is null ? null : cookies[user];
            var label = $"{user ?? "anonymous"} [{ruleSet}] GET {path}";
            answers.Add($"{label} → nginx: {await NginxAsync(env, cookie, "GET", path, ruleSet)}");
            answers.Add($"{label} → traefik: {await TraefikAsync(env, cookie, "GET", path, ruleSet)}");
            answers.Add($"{label} → envoy-grpc: {await EnvoyGrpcAsync(env, cookie, "GET", path, ruleSet)}");
            expected.AddRange(new[] { "nginx", "traefik", "envoy-grpc" }.Select(caller => $"{label} → {caller}: {want}"));
        }

        Assert.Equal(expected, answers);
    }

    [Fact]
    public async Task TheClientsOwnQuery_NeverChoosesARuleSet_InEnvoysPrefixForm()
    {
        await using var env = await StartAsync();
        var cookies = await SignInAsync(env);

        // The default set allows Bob everywhere but /admin; the reports set would deny him /reports.
        Assert.Equal("allowed", await EnvoyHttpAsync(env, cookies[DemoDirectory.BobUserPrincipalName], "GET", "/reports/q3?rule_set=reports"));
        Assert.Equal("allowed", await EnvoyGrpcAsync(env, cookies[DemoDirectory.BobUserPrincipalName], "GET", "/reports/q3?rule_set=reports", ruleSet: null));
    }

    [Fact]
    public async Task Grpc_AllowsWithoutPassingCredentialsUpstream_AsTheProxyStripsThem()
    {
        await using var env = await StartAsync(s => s["skip_jwt_bearer_tokens"] = true);
        var cookies = await SignInAsync(env);
        var bob = cookies[DemoDirectory.BobUserPrincipalName];

        var withOther = await CheckAsync(env, EnvoyCheckRequest.For("GET", "/reports", AppHost, headers: [("accept", "application/json"), ("cookie", $"theme=dark; {bob}")]));
        var sessionOnly = await CheckAsync(env, EnvoyCheckRequest.For("GET", "/reports", AppHost, headers: [("accept", "application/json"), ("cookie", bob)]));
        var refusedBearer = await CheckAsync(env, EnvoyCheckRequest.For("GET", "/docs/intro", AppHost, headers: [("accept", "application/json"), ("authorization", "Bearer not.a.token")]));

        // Lanyard's session cookie stays between the browser and Lanyard; the app keeps its own cookies.
        Assert.Equal("theme=dark", Assert.Single(withOther.OkResponse.Headers, h => h.Header.Key == "cookie").Header.Value);
        Assert.Contains("cookie", sessionOnly.OkResponse.HeadersToRemove);
        Assert.DoesNotContain(sessionOnly.OkResponse.Headers, h => h.Header.Key == "cookie");
        // A bearer token Lanyard refused never reaches the upstream, even on a route that needs no sign-in.
        Assert.Equal(0, refusedBearer.Status.Code);
        Assert.Contains("authorization", refusedBearer.OkResponse.HeadersToRemove);
    }

    private static Task<Envoy.Service.Auth.V3.CheckResponse> CheckAsync(LanyardTestEnvironment env, Envoy.Service.Auth.V3.CheckRequest check) =>
        InProcessExtAuthz.CheckAsync(env.Proxy.Services, check, TestContext.Current.CancellationToken);

    private static async Task<LanyardTestEnvironment> StartAsync(Action<Dictionary<string, object>>? configure = null)
    {
        var env = await LanyardTestEnvironment.StartAsync(s =>
        {
            configure?.Invoke(s);
            s["reverse_proxy"] = true;
            s["trusted_proxy_ips"] = new List<string> { "10.0.0.0/8" };
            LanyardTestEnvironment.AddAuthorizationRules(s, Rules);
        });
        env.Network.Register(Gateway, env.Proxy.GetTestServer(), IPAddress.Parse("10.0.0.5"));
        return env;
    }

    /// <summary>The session cookie (name=value) of each user, signed in through the proxy as a browser does.</summary>
    private static async Task<Dictionary<string, string>> SignInAsync(LanyardTestEnvironment env)
    {
        var cookies = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var user in new[] { DemoDirectory.AliceUserPrincipalName, DemoDirectory.BobUserPrincipalName })
        {
            using var browser = env.Browser();
            await browser.SignInAsync(user);
            cookies[user] = "_oauth2_proxy=" + (browser.Cookie("_oauth2_proxy") ?? throw new InvalidOperationException($"{user} has no session"));
        }

        return cookies;
    }

    private static async Task<string> ProxyAsync(LanyardTestEnvironment env, string? cookie, string method, string path)
    {
        using var api = env.ApiClient();
        using var request = Request(new HttpMethod(method), new Uri(LanyardTestEnvironment.ProxyUrl, path), cookie);
        using var response = await api.SendAsync(request);
        return await HttpAnswerAsync(response, allowed: HttpStatusCode.OK);
    }

    private static async Task<string> NginxAsync(LanyardTestEnvironment env, string? cookie, string method, string path, string? ruleSet)
    {
        using var api = new HttpClient(env.Network.CreateHandler());
        using var request = Request(HttpMethod.Get, new Uri(Gateway, "/oauth2/auth" + RuleSetQuery(ruleSet)), cookie);
        request.Headers.Add("X-Original-URI", path);
        request.Headers.Add("X-Original-Method", method);
        using var response = await api.SendAsync(request);
        return await HttpAnswerAsync(response, allowed: HttpStatusCode.Accepted);
    }

    private static async Task<string> TraefikAsync(LanyardTestEnvironment env, string? cookie, string method, string path, string? ruleSet)
    {
        using var api = new HttpClient(env.Network.CreateHandler());
        using var request = Request(HttpMethod.Get, new Uri(Gateway, "/oauth2/forward-auth" + RuleSetQuery(ruleSet)), cookie);
        request.Headers.Add("X-Forwarded-Method", method);
        request.Headers.Add("X-Forwarded-Proto", "https");
        request.Headers.Add("X-Forwarded-Host", AppHost);
        request.Headers.Add("X-Forwarded-Uri", path);
        using var response = await api.SendAsync(request);
        return await HttpAnswerAsync(response, allowed: HttpStatusCode.OK);
    }

    /// <summary>Envoy's HTTP ext_authz: the original method, the prefix plus the original path, no forwarded headers.</summary>
    private static async Task<string> EnvoyHttpAsync(LanyardTestEnvironment env, string? cookie, string method, string path)
    {
        using var api = new HttpClient(env.Network.CreateHandler());
        using var request = Request(new HttpMethod(method), new Uri(Gateway, "/oauth2/auth" + path), cookie);
        using var response = await api.SendAsync(request);
        return await HttpAnswerAsync(response, allowed: HttpStatusCode.OK);
    }

    private static async Task<string> EnvoyGrpcAsync(LanyardTestEnvironment env, string? cookie, string method, string path, string? ruleSet)
    {
        (string, string)[] headers = cookie is null ? [("accept", "application/json")] : [("accept", "application/json"), ("cookie", cookie)];
        var check = EnvoyCheckRequest.For(method, path, AppHost, ruleSet, headers: headers);
        var answer = await InProcessExtAuthz.CheckAsync(env.Proxy.Services, check, TestContext.Current.CancellationToken);
        return (GrpcCode)answer.Status.Code switch
        {
            GrpcCode.OK => "allowed",
            GrpcCode.Unauthenticated => "sign in",
            GrpcCode.PermissionDenied when QuotedRule().Match(answer.Status.Message) is { Success: true } named
                                           && RuleOf(answer.DeniedResponse.Body) == named.Groups[1].Value => $"denied by {named.Groups[1].Value}",
            var code => $"gRPC {code}: {answer.Status.Message}",
        };
    }

    private static HttpRequestMessage Request(HttpMethod method, Uri url, string? cookie)
    {
        var request = new HttpRequestMessage(method, url);
        request.Headers.Accept.ParseAdd("application/json");
        if (cookie is not null)
        {
            request.Headers.Add("Cookie", cookie);
        }

        return request;
    }

    private static string RuleSetQuery(string? ruleSet) => ruleSet is null ? "" : "?rule_set=" + Uri.EscapeDataString(ruleSet);

    private static async Task<string> HttpAnswerAsync(HttpResponseMessage response, HttpStatusCode allowed)
    {
        var body = await response.Content.ReadAsStringAsync();
        return response.StatusCode switch
        {
            var status when status == allowed => "allowed",
            HttpStatusCode.Unauthorized => "sign in",
            HttpStatusCode.Forbidden when RuleOf(body) is { } rule => $"denied by {rule}",
            var status => $"HTTP {(int)status}",
        };
    }

    /// <summary>The rule a deny body names, as every deny sentence ends: "… (rule: X)."</summary>
    private static string? RuleOf(string body) => NamedRule().Match(body) is { Success: true } match ? match.Groups[1].Value : null;

    [GeneratedRegex(@"\(rule: ([^)]+)\)")]
    private static partial Regex NamedRule();

    [GeneratedRegex("denied by rule '([^']+)'")]
    private static partial Regex QuotedRule();
}
