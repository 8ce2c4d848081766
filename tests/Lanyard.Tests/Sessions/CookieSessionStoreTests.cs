using Lanyard.Configuration;
using Lanyard.Identity;
using Lanyard.Sessions;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Time.Testing;

namespace Lanyard.Tests.Sessions;

public sealed class CookieSessionStoreTests
{
    private readonly FakeTimeProvider _time = new(new DateTimeOffset(2026, 11, 23, 12, 0, 0, TimeSpan.Zero));
    private readonly TestCookieJar _jar = new();

    private static SessionCookieOptions Options(TimeSpan? expire = null)
    {
        Assert.True(CookieSecret.TryParse("0123456789abcdef0123456789abcdef", out var secret, out _));
        return new SessionCookieOptions("_oauth2_proxy", secret!, "/", expire ?? TimeSpan.FromHours(168), TimeSpan.Zero, true, true, SameSiteMode.Lax, TimeSpan.FromMinutes(15));
    }

    private CookieSessionStore Store(SessionCookieOptions? options = null) => new(options ?? Options(), _time, NullLogger<CookieSessionStore>.Instance);

    private SessionTicket Ticket(string idToken = "header.payload.signature", TimeSpan? lifetime = null) => new(
        new UserIdentity("user-1", "alice@contoso.test", "alice@contoso.test", ["group-a", "group-b"], ["Admin"]),
        _time.GetUtcNow(),
        _time.GetUtcNow() + (lifetime ?? TimeSpan.FromHours(1)),
        new SessionTokens(idToken, "access", "refresh", _time.GetUtcNow().AddHours(1)));

    /// <summary>Token-like text that does not compress, as real signed tokens don't.</summary>
    private static string RandomToken(int length) =>
        System.Buffers.Text.Base64Url.EncodeToString(System.Security.Cryptography.RandomNumberGenerator.GetBytes(length * 3 / 4 + 1))[..length];

    private async Task<SessionTicket?> SaveAndLoadAsync(CookieSessionStore store, SessionTicket ticket)
    {
        var response = new DefaultHttpContext();
        await store.SaveAsync(response, ticket);
        _jar.Take(response);
        return await store.LoadAsync(_jar.NextRequest());
    }

    [Fact]
    public async Task SavedSession_LoadsBackUnchanged()
    {
        var ticket = Ticket();
        var loaded = await SaveAndLoadAsync(Store(), ticket);
        Assert.NotNull(loaded);
        Assert.Equal(ticket.Identity.User, loaded.Identity.User);
        Assert.Equal(ticket.Identity.Groups, loaded.Identity.Groups);
        Assert.Equal(ticket.Tokens.IdToken, loaded.Tokens.IdToken);
        Assert.Equal(ticket.ExpiresAt, loaded.ExpiresAt);
    }

    [Fact]
    public async Task OneKeepAliveConnection_RepeatedCookieIsTheSameSession_AnotherOrATamperedOneIsJudgedAfresh()
    {
        // The store remembers the cookie's hash per HTTP/1.1 connection while Kestrel hands out the same header string.
        var store = Store();
        var connection = new ConnectionItems();
        DefaultHttpContext OnConnection(string cookieHeader)
        {
            var context = new DefaultHttpContext();
            context.Request.Protocol = "HTTP/1.1";
            context.Features.Set<Microsoft.AspNetCore.Connections.Features.IConnectionItemsFeature>(connection);
            context.Request.Headers.Cookie = cookieHeader;
            return context;
        }

        async Task<string> CookieHeaderFor(SessionTicket ticket)
        {
            var response = new DefaultHttpContext();
            await store.SaveAsync(response, ticket);
            var jar = new TestCookieJar();
            jar.Take(response);
            return jar.NextRequest().Request.Headers.Cookie.ToString();
        }

        var alice = await CookieHeaderFor(Ticket());
        var bob = await CookieHeaderFor(Ticket() with { Identity = new UserIdentity("user-2", "bob@contoso.test", "bob@contoso.test", [], []) });

        Assert.Equal("user-1", (await store.LoadAsync(OnConnection(alice)))?.Identity.User);
        Assert.Equal("user-1", (await store.LoadAsync(OnConnection(alice)))?.Identity.User);
        Assert.NotEmpty(connection.Items);

        Assert.Equal("user-2", (await store.LoadAsync(OnConnection(bob)))?.Identity.User);
        var tampered = alice[..^2] + (alice[^2] == 'A' ? 'B' : 'A') + alice[^1];
        Assert.Null(await store.LoadAsync(OnConnection(tampered)));
        Assert.Equal("user-1", (await store.LoadAsync(OnConnection(new string(alice))))?.Identity.User);
    }

    private sealed class ConnectionItems : Microsoft.AspNetCore.Connections.Features.IConnectionItemsFeature
    {
        public IDictionary<object, object?> Items { get; set; } = new Dictionary<object, object?>();
    }

    [Fact]
    public async Task SessionCookie_IsHttpOnlySecureLaxWithMaxAge()
    {
        var context = new DefaultHttpContext();
        await Store().SaveAsync(context, Ticket(lifetime: TimeSpan.FromHours(2)));
        var cookie = Assert.Single(_jar.Take(context), c => c.Name.Value == "_oauth2_proxy");
        Assert.True(cookie.HttpOnly);
        Assert.True(cookie.Secure);
        Assert.Equal(Microsoft.Net.Http.Headers.SameSiteMode.Lax, cookie.SameSite);
        Assert.Equal(TimeSpan.FromHours(2), cookie.MaxAge);
    }

    [Fact]
    public async Task ExpiredSession_IsNoSession_EvenIfTheBrowserStillSendsIt()
    {
        var store = Store();
        Assert.NotNull(await SaveAndLoadAsync(store, Ticket(lifetime: TimeSpan.FromMinutes(30))));
        _time.Advance(TimeSpan.FromMinutes(31));
        Assert.Null(await store.LoadAsync(_jar.NextRequest()));
    }

    [Fact]
    public async Task CookieFromAnotherSecret_IsNoSession()
    {
        await SaveAndLoadAsync(Store(), Ticket());
        Assert.True(CookieSecret.TryParse("fedcba9876543210fedcba9876543210", out var other, out _));
        var otherStore = Store(Options() with { Secret = other! });
        Assert.Null(await otherStore.LoadAsync(_jar.NextRequest()));
    }

    [Fact]
    public async Task RotatedSecret_StillReadsCookiesOfThePreviousOne_AndWritesWithTheNewOne()
    {
        Assert.True(CookieSecret.TryParse("fedcba9876543210fedcba9876543210", out var newSecret, out _));
        var oldOptions = Options();
        var rotated = Options() with { Secret = newSecret!, PreviousSecretList = [oldOptions.Secret] };

        Assert.NotNull(await SaveAndLoadAsync(Store(oldOptions), Ticket()));
        Assert.NotNull(await Store(rotated).LoadAsync(_jar.NextRequest()));

        var written = new DefaultHttpContext();
        await Store(rotated).SaveAsync(written, Ticket());
        _jar.Take(written);
        Assert.Null(await Store(oldOptions).LoadAsync(_jar.NextRequest()));
        Assert.NotNull(await Store(Options() with { Secret = newSecret! }).LoadAsync(_jar.NextRequest()));
    }

    [Fact]
    public async Task BigSession_IsSplitOverCookies_AndPutBackTogether()
    {
        var idToken = RandomToken(6 * 1024);
        var context = new DefaultHttpContext();
        await Store().SaveAsync(context, Ticket(idToken));
        var cookies = _jar.Take(context);
        var written = cookies.Where(c => c.Value.Length > 0).Select(c => c.Name.Value).ToList();
        Assert.True(written.Count >= 2);
        Assert.Equal(Enumerable.Range(0, written.Count).Select(i => $"_oauth2_proxy_{i}"), written);
        Assert.All(cookies, c => Assert.True(c.ToString().Length <= ChunkedCookies.MaxCookieSize));
        Assert.Contains(cookies, c => c.Name.Value == "_oauth2_proxy" && c.Value.Length == 0);
        var loaded = await Store().LoadAsync(_jar.NextRequest());
        Assert.Equal(idToken, loaded?.Tokens.IdToken);
    }

    [Fact]
    public async Task TamperingWithAnyPartOfASplitSession_IsNoSession()
    {
        var context = new DefaultHttpContext();
        await Store().SaveAsync(context, Ticket(RandomToken(6 * 1024)));
        _jar.Take(context);
        foreach (var name in _jar.Cookies.Keys.ToList())
        {
            var original = _jar.Cookies[name];
            _jar.Cookies[name] = original[..10] + (original[10] == 'A' ? 'B' : 'A') + original[11..];
            Assert.Null(await Store().LoadAsync(_jar.NextRequest()));
            _jar.Cookies[name] = original;
        }

        Assert.NotNull(await Store().LoadAsync(_jar.NextRequest()));
    }

    [Fact]
    public async Task MissingPartOfASplitSession_IsNoSession()
    {
        var context = new DefaultHttpContext();
        await Store().SaveAsync(context, Ticket(RandomToken(6 * 1024)));
        _jar.Take(context);
        _jar.Cookies.Remove("_oauth2_proxy_1");
        Assert.Null(await Store().LoadAsync(_jar.NextRequest()));
    }

    [Fact]
    public async Task SessionTooBigForCookies_FailsWithAnErrorThatNamesRedis()
    {
        var error = await Assert.ThrowsAsync<SessionTooLargeException>(() => Store().SaveAsync(new DefaultHttpContext(), Ticket(RandomToken(40 * 1024))).AsTask());
        Assert.Contains("redis", error.Message, StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public async Task SmallerSessionAfterABigOne_ExpiresTheLeftoverParts()
    {
        var store = Store();
        var big = new DefaultHttpContext();
        await store.SaveAsync(big, Ticket(RandomToken(6 * 1024)));
        _jar.Take(big);

        var small = _jar.NextRequest();
        await store.SaveAsync(small, Ticket());
        _jar.Take(small);
        Assert.Equal(["_oauth2_proxy"], _jar.Cookies.Keys);
        Assert.NotNull(await store.LoadAsync(_jar.NextRequest()));
    }

    [Fact]
    public async Task Clear_ExpiresEveryPossiblePart_EvenOnesTheRequestDidNotCarry()
    {
        var clear = new DefaultHttpContext();
        await Store().ClearAsync(clear);
        var expired = _jar.Take(clear).Select(c => c.Name.Value).ToHashSet();
        Assert.Superset(new HashSet<string?> { "_oauth2_proxy", "_oauth2_proxy_0", "_oauth2_proxy_1", "_oauth2_proxy_2", "_oauth2_proxy_3" }, expired);
    }

    [Fact]
    public async Task LoweringCookieExpire_ShortensExistingSessions()
    {
        var store = Store(Options(TimeSpan.FromHours(168)));
        Assert.NotNull(await SaveAndLoadAsync(store, Ticket(lifetime: TimeSpan.FromHours(168))));
        _time.Advance(TimeSpan.FromHours(2));
        Assert.Null(await Store(Options(TimeSpan.FromHours(1))).LoadAsync(_jar.NextRequest()));
    }

    [Fact]
    public async Task Clear_ExpiresEveryPart()
    {
        var store = Store();
        var context = new DefaultHttpContext();
        await store.SaveAsync(context, Ticket(RandomToken(6 * 1024)));
        _jar.Take(context);
        var clear = _jar.NextRequest();
        await store.ClearAsync(clear);
        _jar.Take(clear);
        Assert.Empty(_jar.Cookies);
    }
}
