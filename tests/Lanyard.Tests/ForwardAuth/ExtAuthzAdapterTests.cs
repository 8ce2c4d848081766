using Envoy.Config.Core.V3;
using Envoy.Service.Auth.V3;
using Grpc.Core;
using Lanyard.ForwardAuth.ExtAuthz;
using Lanyard.Configuration;
using Lanyard.Headers;
using Lanyard.Pipeline;
using Lanyard.Sessions;
using Lanyard.Testing;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;

namespace Lanyard.Tests.ForwardAuth;

/// <summary>
/// The gRPC adapter with a stand-in for the forward-auth handler: what the handler is shown (the synthetic request)
/// and how each kind of answer, and a failure, becomes a <c>CheckResponse</c>.
/// </summary>
public sealed class ExtAuthzAdapterTests
{
    [Fact]
    public async Task TheHandlerSeesTheOriginalRequest_AndItsContextExtensions()
    {
        HttpContext? seen = null;
        await CheckAsync(context => { seen = context; return Task.CompletedTask; },
            Request("/orders/7?page=2#top", ("cookie", "_oauth2_proxy=abc"), ("authorization", "Bearer t")));

        Assert.NotNull(seen);
        Assert.Equal(("PUT", "https", "shop.test", "/orders/7", "?page=2"), (seen.Request.Method, seen.Request.Scheme, seen.Request.Host.Value, seen.Request.Path.Value, seen.Request.QueryString.Value));
        Assert.Equal("abc", seen.Request.Cookies["_oauth2_proxy"]);
        Assert.Equal("Bearer t", seen.Request.Headers.Authorization.ToString());
        Assert.False(seen.Request.Headers.ContainsKey(":path"));
        Assert.Equal("10.9.8.7", seen.Connection.RemoteIpAddress?.ToString());
        Assert.Equal(("/orders/7?page=2", "PUT"), (ForwardedUri.Of(seen), ForwardedUri.MethodOf(seen)));
        var extensions = Assert.IsAssignableFrom<IReadOnlyDictionary<string, string>>(seen.Items[ExtAuthzContext.ContextExtensions]);
        Assert.Equal("shop", extensions["rule_set"]);
    }

    [Fact]
    public async Task Allow_OverwritesEveryHeader_RemovesUnsetReservedOnes_AndSendsTheCookieToTheBrowser()
    {
        var answer = await CheckAsync(context =>
        {
            context.Response.StatusCode = 200;
            context.Response.Headers["X-Auth-Request-Email"] = "alice@contoso.test";
            context.Response.Headers["X-Auth-Request-Groups"] = "";
            context.Response.Headers.Append("Set-Cookie", "_oauth2_proxy=new; Path=/; HttpOnly");
            context.Response.Headers.CacheControl = "no-store";
            return Task.CompletedTask;
        }, Request("/", ("x-auth-request-email", "forged"), ("x_forwarded_user", "forged"), ("x-other", "kept")));

        Assert.Equal(0, answer.Status.Code);
        Assert.Equal(["X-Auth-Request-Email=alice@contoso.test", "X-Auth-Request-Groups="], answer.OkResponse.Headers.Select(h => $"{h.Header.Key}={h.Header.Value}"));
        Assert.All(answer.OkResponse.Headers, h => Assert.Equal(HeaderValueOption.Types.HeaderAppendAction.OverwriteIfExistsOrAdd, h.AppendAction));
        Assert.Equal([false, true], answer.OkResponse.Headers.Select(h => h.KeepEmptyValue));
        Assert.Equal(["x_forwarded_user"], answer.OkResponse.HeadersToRemove);
        Assert.Equal("_oauth2_proxy=new; Path=/; HttpOnly", Assert.Single(answer.OkResponse.ResponseHeadersToAdd).Header.Value);
    }

    [Theory]
    [InlineData(401, (int)StatusCode.Unauthenticated)]
    [InlineData(403, (int)StatusCode.PermissionDenied)]
    [InlineData(302, (int)StatusCode.PermissionDenied)]
    public async Task Deny_CarriesStatusHeadersAndBody(int status, int grpcCode)
    {
        var answer = await CheckAsync(async context =>
        {
            context.Response.StatusCode = status;
            context.Response.Headers.Location = "https://lanyard.test/oauth2/start";
            context.Response.Headers["X-Auth-Request-Email"] = "not for the browser";
            context.Response.ContentType = "text/plain";
            await context.Response.WriteAsync("denied by rule 'admins'");
        }, Request("/"));

        Assert.Equal(grpcCode, answer.Status.Code);
        Assert.Equal(status, (int)answer.DeniedResponse.Status.Code);
        Assert.Equal("denied by rule 'admins'", answer.DeniedResponse.Body);
        Assert.Equal(["Location", "Content-Type"], answer.DeniedResponse.Headers.Select(h => h.Header.Key));
    }

    [Fact]
    public async Task AFailureWhileJudging_IsUnavailable_NeverOk()
    {
        var answer = await CheckAsync(_ => throw new SessionStoreUnavailableException("redis is down"), Request("/"));

        Assert.Equal((int)StatusCode.Unavailable, answer.Status.Code);
        Assert.Equal(503, (int)answer.ErrorResponse.Status.Code);
        Assert.DoesNotContain("redis", answer.ErrorResponse.Body, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("")]
    [InlineData("orders")]
    public async Task ARequestWithoutAPath_IsInvalidArgument(string path)
    {
        var error = await Assert.ThrowsAsync<RpcException>(() => CheckAsync(_ => throw new InvalidOperationException("not reached"), Request(path, pseudo: false)));

        Assert.Equal(StatusCode.InvalidArgument, error.StatusCode);
        Assert.Contains("path", error.Status.Detail, StringComparison.Ordinal);
    }

    [Fact]
    public async Task IdentityToken_OverwritesTheClientsCopy_AndWithoutIdentityIsRemovedRatherThanSentEmpty()
    {
        using var issuer = new IdentityTokenIssuer(new IdentityTokenOptions("X-Lanyard-Identity", IdentityTokenKey.Generate(), "https://auth.test", "mesh", TimeSpan.FromMinutes(5)), TimeProvider.System);
        var table = new IdentityHeaderTable(HeaderOptions.Default, issuer);
        var forged = Request("/", ("x-lanyard-identity", "forged"), ("x_lanyard_identity", "forged"));

        var signed = await CheckAsync(context => Answer(context, "eyJ.signed.token"), forged, table);
        var anonymous = await CheckAsync(context => Answer(context, ""), forged, table);

        Assert.Equal("eyJ.signed.token", Assert.Single(signed.OkResponse.Headers, h => h.Header.Key == "X-Lanyard-Identity").Header.Value);
        Assert.Equal(["x_lanyard_identity"], signed.OkResponse.HeadersToRemove);
        Assert.DoesNotContain(anonymous.OkResponse.Headers, h => h.Header.Key == "X-Lanyard-Identity");
        Assert.Equal(["X-Lanyard-Identity", "x-lanyard-identity", "x_lanyard_identity"], anonymous.OkResponse.HeadersToRemove);

        static Task Answer(HttpContext context, string token)
        {
            context.Response.StatusCode = 200;
            context.Response.Headers["X-Lanyard-Identity"] = token;
            return Task.CompletedTask;
        }
    }

    [Fact]
    public async Task AMethodThatIsNotAnHttpToken_IsInvalidArgument_NeverJudged()
    {
        var request = Request("/");
        request.Attributes.Request.Http.Method = "GET /admin HTTP/1.1\r\nX-Forged: 1";

        var error = await Assert.ThrowsAsync<RpcException>(() => CheckAsync(_ => throw new InvalidOperationException("not reached"), request));

        Assert.Equal(StatusCode.InvalidArgument, error.StatusCode);
        Assert.Contains("method", error.Status.Detail, StringComparison.Ordinal);
    }

    private static Task<CheckResponse> CheckAsync(Func<HttpContext, Task> handler, CheckRequest request, IdentityHeaderTable? table = null) =>
        InProcessExtAuthz.CheckAsync(handler, request, table, TestContext.Current.CancellationToken);

    private static CheckRequest Request(string path, params (string Name, string Value)[] headers) => Request(path, true, headers);

    private static CheckRequest Request(string path, bool pseudo, params (string Name, string Value)[] headers)
    {
        var http = new AttributeContext.Types.HttpRequest { Method = "PUT", Path = path, Host = "shop.test", Scheme = "https" };
        if (pseudo)
        {
            http.Headers.Add(":path", path);
        }

        foreach (var (name, value) in headers)
        {
            http.Headers.Add(name, value);
        }

        return new CheckRequest
        {
            Attributes = new AttributeContext
            {
                Source = new AttributeContext.Types.Peer { Address = new Address { SocketAddress = new Envoy.Config.Core.V3.SocketAddress { Address = "10.9.8.7", PortValue = 1 } } },
                Request = new AttributeContext.Types.Request { Http = http },
                ContextExtensions = { ["rule_set"] = "shop" },
            },
        };
    }
}
