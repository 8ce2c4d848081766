using System.Net;
using System.Text.RegularExpressions;
using Lanyard.Configuration;
using Lanyard.Emulator;
using Lanyard.Identity;
using Lanyard.Sessions;
using Lanyard.Testing;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;

namespace Lanyard.IntegrationTests;

/// <summary>
/// The cookie attack table (Data/cookie-attacks.tsv, issue 9 finding 8): case variants, duplicates, cookies tossed
/// from sibling domains, parts of two sessions mixed, old and foreign secrets, sessions bound elsewhere. Every case
/// gets its expected status, a 200 is the expected user, and the upstream never sees one of Lanyard's cookies.
/// </summary>
public sealed partial class CookieAttackTests : IAsyncLifetime
{
    private const string PreviousSecret = "fedcba9876543210fedcba9876543210";
    private const string ForeignSecret = "00112233445566778899aabbccddeeff";

    private LanyardTestEnvironment _env = null!;
    private Dictionary<string, string> _values = null!;

    public static TheoryData<string, string, int, string> Cases()
    {
        var cases = new TheoryData<string, string, int, string>();
        foreach (var line in PayloadTables.Read("cookie-attacks.tsv"))
        {
            var columns = line.Split('\t');
            cases.Add(columns[0], columns[1], int.Parse(columns[2], System.Globalization.CultureInfo.InvariantCulture), columns[3]);
        }

        return cases;
    }

    public async ValueTask InitializeAsync()
    {
        _env = await LanyardTestEnvironment.StartAsync(s => s["cookie_previous_secrets"] = new List<string> { PreviousSecret });
        var options = _env.Proxy.Services.GetRequiredService<SessionCookieOptions>();
        var now = TimeProvider.System.GetUtcNow();
        var binding = new SessionBinding("entra-id", LanyardTestEnvironment.ClientId,
            $"{LanyardTestEnvironment.EmulatorUrl.GetLeftPart(UriPartial.Authority)}/{DemoDirectory.ContosoTenantId}/v2.0", DemoDirectory.ContosoTenantId);
        SessionTicket Ticket(string user, string idToken = "id", DateTimeOffset? expires = null, SessionBinding? bound = null) =>
            new(new UserIdentity(user, user + "@contoso.test", null, [], []), now, expires ?? now.AddHours(1),
                new SessionTokens(idToken, "access", null, now.AddHours(1)), Binding: bound ?? binding);

        var alice = await MintAsync(options, Ticket("alice"));
        var bigA = await MintAsync(options, Ticket("big-a", idToken: RandomToken(4500)));
        var bigB = await MintAsync(options, Ticket("big-b", idToken: RandomToken(4500)));
        Assert.True(bigA.ContainsKey("_oauth2_proxy_1") && !bigA.ContainsKey("_oauth2_proxy_2"), "the big sessions must take exactly two parts");
        Assert.True(bigB.ContainsKey("_oauth2_proxy_1") && !bigB.ContainsKey("_oauth2_proxy_2"), "the big sessions must take exactly two parts");

        var aliceValue = alice["_oauth2_proxy"];
        _values = new Dictionary<string, string>
        {
            ["{alice}"] = aliceValue,
            ["{bob}"] = (await MintAsync(options, Ticket("bob")))["_oauth2_proxy"],
            ["{bigA_0}"] = bigA["_oauth2_proxy_0"],
            ["{bigA_1}"] = bigA["_oauth2_proxy_1"],
            ["{bigB_0}"] = bigB["_oauth2_proxy_0"],
            ["{bigB_1}"] = bigB["_oauth2_proxy_1"],
            ["{previous}"] = (await MintAsync(WithSecret(options, PreviousSecret), Ticket("alice")))["_oauth2_proxy"],
            ["{foreign}"] = (await MintAsync(WithSecret(options, ForeignSecret), Ticket("alice")))["_oauth2_proxy"],
            ["{expired}"] = (await MintAsync(options, Ticket("alice", expires: now.AddMinutes(-1)) with { CreatedAt = now.AddHours(-2) }))["_oauth2_proxy"],
            ["{unbound}"] = (await MintAsync(options, Ticket("alice") with { Binding = null }))["_oauth2_proxy"],
            ["{otherclient}"] = (await MintAsync(options, Ticket("alice", bound: binding with { ClientId = DemoDirectory.DevClientId })))["_oauth2_proxy"],
            ["{othertenant}"] = (await MintAsync(options, Ticket("alice", bound: binding with
            {
                TenantId = DemoDirectory.FabrikamTenantId,
                Issuer = $"{LanyardTestEnvironment.EmulatorUrl.GetLeftPart(UriPartial.Authority)}/{DemoDirectory.FabrikamTenantId}/v2.0",
            })))["_oauth2_proxy"],
            ["{alicecsrf}"] = CookieProtector.For(options, "csrf-cookie/v1").Protect(SessionPayload.Encode(Ticket("alice")), options.CsrfName),
            ["{alice:truncated}"] = aliceValue[..^10],
            ["{alice:flipped}"] = aliceValue[..20] + (aliceValue[20] == 'A' ? 'B' : 'A') + aliceValue[21..],
            // The padding base64 would have: '=' or '==' by the value's length (none when it is a multiple of 4).
            // Always "==" made the row depend on how long this run's ciphertext happened to be.
            ["{alice:padded}"] = aliceValue + new string('=', (4 - (aliceValue.Length % 4)) % 4),
            ["{alice:quoted}"] = "\"" + aliceValue + "\"",
            ["{alice:std64}"] = aliceValue.Replace('-', '+').Replace('_', '/') + "+/",
        };
    }

    public ValueTask DisposeAsync() => _env.DisposeAsync();

    [Fact]
    public void Table_HasAtLeastThirtyCases() => Assert.True(Cases().Count >= 30);

    [Theory]
    [MemberData(nameof(Cases))]
    public async Task CookieCase_GetsItsExpectedAnswer(string id, string cookieHeader, int status, string expected)
    {
        using var api = _env.ApiClient();
        using var request = new HttpRequestMessage(HttpMethod.Get, "/api/cases");
        request.Headers.Accept.ParseAdd("application/json");
        foreach (var line in cookieHeader.Split(" || "))
        {
            request.Headers.TryAddWithoutValidation("Cookie", Expand(line));
        }

        using var response = await api.SendAsync(request, TestContext.Current.CancellationToken);
        var body = await response.Content.ReadAsStringAsync(TestContext.Current.CancellationToken);

        Assert.True((int)response.StatusCode < 500, $"{id}: {(int)response.StatusCode} {body}");
        Assert.True(status == (int)response.StatusCode, $"{id}: expected {status}, got {(int)response.StatusCode}: {body}");
        if (response.StatusCode == HttpStatusCode.OK)
        {
            var echo = EchoedRequest.Parse(body);
            Assert.Equal(expected, echo.Header("X-Forwarded-User"));
            var leaked = (echo.Header("Cookie") ?? "").Split(';', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries)
                .Select(pair => pair.Split('=')[0]).Where(name => LanyardCookieName().IsMatch(name)).ToList();
            Assert.True(leaked.Count == 0, $"{id}: the upstream received {string.Join(", ", leaked)}");
        }
        else if (expected != "-")
        {
            Assert.Contains(expected, body, StringComparison.Ordinal);
        }
    }

    private string Expand(string line)
    {
        foreach (var (placeholder, value) in _values)
        {
            line = line.Replace(placeholder, value, StringComparison.Ordinal);
        }

        Assert.DoesNotContain("{", line, StringComparison.Ordinal);
        return line;
    }

    /// <summary>The cookies the store writes for <paramref name="ticket"/>, by name.</summary>
    private static async Task<Dictionary<string, string>> MintAsync(SessionCookieOptions options, SessionTicket ticket)
    {
        var context = new DefaultHttpContext();
        context.Request.Host = new HostString(LanyardTestEnvironment.ProxyUrl.Host);
        await new CookieSessionStore(options, TimeProvider.System, NullLogger<CookieSessionStore>.Instance).SaveAsync(context, ticket);
        return context.Response.Headers.SetCookie
            .Select(header => header!.Split(';')[0].Split('=', 2))
            .Where(pair => pair[1].Length > 0)
            .ToDictionary(pair => pair[0], pair => pair[1]);
    }

    private static SessionCookieOptions WithSecret(SessionCookieOptions options, string secret) =>
        options with { Secret = CookieSecret.TryParse(secret, out var parsed, out _) ? parsed! : throw new InvalidOperationException(), PreviousSecretList = [] };

    private static string RandomToken(int length) =>
        System.Buffers.Text.Base64Url.EncodeToString(System.Security.Cryptography.RandomNumberGenerator.GetBytes(length))[..length];

    [GeneratedRegex(@"^_oauth2_proxy(_\d+|_csrf|_.{8}_csrf)?$", RegexOptions.IgnoreCase)]
    private static partial Regex LanyardCookieName();
}
