using BenchmarkDotNet.Attributes;
using Lanyard.Authorization;
using Lanyard.Configuration;
using Lanyard.Headers;
using Lanyard.Sessions;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging.Abstractions;

namespace Lanyard.Benchmarks;

/// <summary>
/// The per-request hot path for a signed-in browser: session cookie → ticket (decrypt, decompress, parse) →
/// access decision → identity headers. The baseline builds the same request and does nothing else, so the
/// difference is what Lanyard adds. No I/O on this path.
/// </summary>
[MemoryDiagnoser]
public class RequestIdentityBenchmarks
{
    private CookieSessionStore _store = null!;
    private AccessEvaluator _access = null!;
    private UpstreamIdentityHeaders _headers = null!;
    private string _cookieHeader = "";

    [GlobalSetup]
    public void Setup()
    {
        if (!CookieSecret.TryParse("0123456789abcdef0123456789abcdef", out var secret, out _))
        {
            throw new InvalidOperationException("bad secret");
        }

        var cookie = new SessionCookieOptions("_oauth2_proxy", secret!, "/", TimeSpan.FromHours(168), TimeSpan.Zero, true, true, SameSiteMode.Lax, TimeSpan.FromMinutes(15));
        _store = new CookieSessionStore(cookie, TimeProvider.System, NullLogger<CookieSessionStore>.Instance);
        var access = new AccessOptions(["contoso.test"], ["ad315000-5c2a-4b7e-8f1d-334455667788"], []);
        _access = new AccessEvaluator(access, new AuthenticatedEmailList(access, TimeProvider.System, NullLogger<AuthenticatedEmailList>.Instance));
        _headers = new UpstreamIdentityHeaders(cookie, new IdentityHeaderTable(HeaderOptions.Default));

        var ticket = BenchmarkSessions.Ticket();
        var response = new DefaultHttpContext();
        _store.SaveAsync(response, ticket).AsTask().GetAwaiter().GetResult();
        _cookieHeader = "theme=dark; " + BenchmarkSessions.CookiePairsOf(response);
        if (_store.LoadAsync(Request()).AsTask().GetAwaiter().GetResult() is null)
        {
            throw new InvalidOperationException("The benchmark's session cookie does not load; the benchmark would measure nothing.");
        }
    }

    [Benchmark(Baseline = true)]
    public HttpContext BuildRequestOnly() => Request();

    [Benchmark]
    public async Task<HttpContext> CookieToIdentityToDecisionToHeaders()
    {
        var context = Request();
        var ticket = await _store.LoadAsync(context);
        if (ticket is not null && _access.Decide(ticket.Identity) is AccessDecision.Allow)
        {
            _headers.Apply(context.Request.Headers, ticket);
        }

        return context;
    }

    private DefaultHttpContext Request()
    {
        var context = new DefaultHttpContext();
        context.Request.Headers.Cookie = _cookieHeader;
        context.Request.Headers["X-Forwarded-User"] = "mallory";
        return context;
    }
}
