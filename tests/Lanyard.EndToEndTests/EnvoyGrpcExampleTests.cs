using System.Net;
using Envoy.Service.Auth.V3;
using Grpc.Core;
using Grpc.Net.Client;
using Lanyard.Emulator;
using Lanyard.Testing;

namespace Lanyard.EndToEndTests;

/// <summary>
/// <c>deploy/examples/envoy/lanyard.toml</c> run by <c>lanyard serve</c> (the emulator for Entra ID; addresses on
/// loopback), called as Envoy calls it with <c>envoy-grpc.yaml</c>: each route's check carries that route's
/// <c>context_extensions</c>, so the rule set the example names is the one that judges it.
/// </summary>
public sealed class EnvoyGrpcExampleTests
{
    private static CancellationToken Cancel => TestContext.Current.CancellationToken;

    [Fact]
    public async Task EachRoutesContextExtensions_SelectTheExamplesRuleSet()
    {
        var emulatorPort = FreePort.Next();
        var (httpPort, grpcPort) = (FreePort.Next(), FreePort.Next());
        await using var emulator = await EmulatorProcess.StartAsync(emulatorPort);
        var config = TemporaryDirectory.WriteFile("lanyard.toml", ExampleFile.Fill("envoy/lanyard.toml", new Dictionary<string, string>
        {
            ["tenant-id"] = DemoDirectory.ContosoTenantId,
            ["client-id"] = DemoDirectory.DevClientId,
            ["client-secret"] = DemoDirectory.DevClientSecret,
            ["cookie-secret"] = "kPZ7Qp3w0b8mY1sV5xT9rN2uA6eC4dF0",
            ["admins-group-object-id"] = DemoDirectory.AdminsGroupId,
        }));
        // Flags win over the file: the emulator instead of login.microsoftonline.com, loopback ports, plain http.
        await using var serve = TestProcess.Lanyard("serve", "--config", config,
            $"--oidc-issuer-url=http://127.0.0.1:{emulatorPort}/{DemoDirectory.ContosoTenantId}/v2.0", "--cookie-secure=false",
            $"--http-address=127.0.0.1:{httpPort}", $"--ext-authz-grpc-address=127.0.0.1:{grpcPort}");
        await serve.WaitUntilOkAsync($"http://127.0.0.1:{httpPort}/ready");
        var http = $"http://127.0.0.1:{httpPort}";
        var alice = await SessionCookieAsync(http, DemoDirectory.AliceUserPrincipalName);
        var bob = await SessionCookieAsync(http, DemoDirectory.BobUserPrincipalName);
        var adminSet = EnvoyGrpcExample.RouteRuleSets()["/admin"];
        using var channel = GrpcChannel.ForAddress($"http://127.0.0.1:{grpcPort}");

        var bobAtAdmin = await CheckAsync(channel, "/admin/users", adminSet, bob);
        var aliceAtAdmin = await CheckAsync(channel, "/admin/users", adminSet, alice);
        // The "/" route names no rule set: the default rules judge it, and they let any signed-in user in.
        var bobElsewhere = await CheckAsync(channel, "/reports", null, bob);

        Assert.Equal((int)StatusCode.PermissionDenied, bobAtAdmin.Status.Code);
        Assert.Contains("admins-only", bobAtAdmin.Status.Message, StringComparison.Ordinal);
        Assert.Equal(403, (int)bobAtAdmin.DeniedResponse.Status.Code);
        Assert.Equal((int)StatusCode.OK, aliceAtAdmin.Status.Code);
        Assert.Equal(DemoDirectory.AliceUserPrincipalName, Assert.Single(aliceAtAdmin.OkResponse.Headers, h => h.Header.Key.Equals("X-Auth-Request-Email", StringComparison.OrdinalIgnoreCase)).Header.Value);
        Assert.StartsWith("Bearer ", Assert.Single(aliceAtAdmin.OkResponse.Headers, h => h.Header.Key.Equals("Authorization", StringComparison.OrdinalIgnoreCase)).Header.Value, StringComparison.Ordinal);
        Assert.Equal((int)StatusCode.OK, bobElsewhere.Status.Code);
    }

    private static async Task<CheckResponse> CheckAsync(GrpcChannel channel, string path, string? ruleSet, string cookie)
    {
        var request = new AttributeContext.Types.HttpRequest { Method = "GET", Path = path, Host = "app.example.com", Scheme = "https", Protocol = "HTTP/1.1" };
        request.Headers.Add(":authority", "app.example.com");
        request.Headers.Add(":path", path);
        request.Headers.Add("cookie", cookie);
        request.Headers.Add("accept", "application/json");
        var check = new CheckRequest { Attributes = new AttributeContext { Request = new AttributeContext.Types.Request { Http = request } } };
        if (ruleSet is not null)
        {
            check.Attributes.ContextExtensions["rule_set"] = ruleSet;
        }

        return await channel.CreateCallInvoker().AsyncUnaryCall(ExtAuthzGrpcTests.Check, null, new CallOptions(cancellationToken: Cancel), check).ResponseAsync;
    }

    private static async Task<string> SessionCookieAsync(string http, string user)
    {
        var jar = new CookieContainer();
        using var browser = ScriptedClient.Create(jar);
        using var _ = await browser.GetAsync($"{http}/oauth2/start?login_hint={user}&rd=/oauth2/userinfo", Cancel);
        var cookies = jar.GetCookies(new Uri(http));
        Assert.NotEmpty(cookies);
        return string.Join("; ", cookies.Select(c => $"{c.Name}={c.Value}"));
    }
}
