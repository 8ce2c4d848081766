using System.Net;
using Lanyard.Emulator;
using Lanyard.Testing;
using Microsoft.Extensions.DependencyInjection;

namespace Lanyard.IntegrationTests;

/// <summary>A user in 250 groups: the token has an overage indicator, the proxy reads the groups from Graph.</summary>
public sealed class GroupOverageTests
{
    private const string ScopeWithGraph = "openid profile email offline_access User.Read";

    private static Action<Dictionary<string, object>> Settings(string scope = ScopeWithGraph, string? allowedGroup = null) => s =>
    {
        s["scope"] = scope;
        if (allowedGroup is not null)
        {
            s["allowed_groups"] = new List<string> { allowedGroup };
        }
    };

    [Fact]
    public async Task GraphGroupFieldDisplayName_ReadsGroupNamesFromGraph_EvenWithoutOverage()
    {
        await using var env = await LanyardTestEnvironment.StartAsync(s =>
        {
            Settings(allowedGroup: DemoDirectory.AdminsGroupName)(s);
            s["azure_graph_group_field"] = "displayName";
        });
        using var alice = env.Browser();

        await alice.SignInAsync(DemoDirectory.AliceUserPrincipalName);
        var auth = await alice.GetAsync("/oauth2/auth", followRedirects: false);

        // As oauth2-proxy's azure provider: the token's ids, and the names from Graph; allowed_groups can name the group.
        Assert.Equal(HttpStatusCode.Accepted, auth.StatusCode);
        Assert.Equal([DemoDirectory.AdminsGroupId, DemoDirectory.AdminsGroupName], auth.Header("X-Auth-Request-Groups")!.Split(',').Order());
    }

    [Fact]
    public async Task Erin_GetsAll250GroupsFromGraph()
    {
        await using var env = await LanyardTestEnvironment.StartAsync(Settings());
        using var erin = env.Browser();

        await erin.SignInAsync(DemoDirectory.ErinUserPrincipalName);
        var auth = await erin.GetAsync("/oauth2/auth", followRedirects: false);

        var groups = auth.Header("X-Auth-Request-Groups")!.Split(',');
        Assert.Equal(250, groups.Length);
        Assert.Equal(DemoDirectory.ErinGroupIds.Order(), groups.Order());
    }

    [Fact]
    public async Task TokensCarrying250Groups_FarBeyond4KB_StillWork()
    {
        // Raise the overage limit: erin's 250 group ids now travel inside her ID and access tokens, as they do
        // for tenants with a higher limit or users just under 200 with long tokens (oauth2-proxy #1071, #866).
        await using var env = await LanyardTestEnvironment.StartAsync(Settings(), emulatorOptions: new EntraEmulatorOptions { GroupOverageLimit = 1000 });
        using var erin = env.Browser();

        Assert.Equal(HttpStatusCode.OK, (await erin.SignInAsync(DemoDirectory.ErinUserPrincipalName)).StatusCode);
        var auth = await erin.GetAsync("/oauth2/auth", followRedirects: false);

        Assert.Equal(HttpStatusCode.Accepted, auth.StatusCode);
        Assert.Equal(250, auth.Header("X-Auth-Request-Groups")!.Split(',').Length);
        // Each token is over 12 KB; compressed, encrypted and (if need be) split, every cookie stays under 4 KB.
        Assert.All(erin.Cookies.GetAllCookies(), c => Assert.True(c.Name.Length + c.Value.Length < 4000));
        Assert.Equal(0L, env.Emulator.Services.GetRequiredService<EmulatorStatistics>().GraphRequests);
    }

    [Fact]
    public async Task GraphPages_AreFollowedToTheEnd()
    {
        await using var env = await LanyardTestEnvironment.StartAsync(Settings());
        env.EmulatorFaults.GraphMaxPageSize = 40;
        using var erin = env.Browser();

        await erin.SignInAsync(DemoDirectory.ErinUserPrincipalName);
        var groups = (await erin.GetAsync("/oauth2/auth", followRedirects: false)).Header("X-Auth-Request-Groups")!.Split(',');

        Assert.Equal(250, groups.Length);
        Assert.Equal(7L, env.Emulator.Services.GetRequiredService<EmulatorStatistics>().GraphRequests);
    }

    [Fact]
    public async Task AllowedGroups_FindsAGroupPastTheOverageLimit()
    {
        await using var env = await LanyardTestEnvironment.StartAsync(Settings(allowedGroup: DemoDirectory.ErinGroupIds[^1]));
        using var erin = env.Browser();

        Assert.Equal(HttpStatusCode.OK, (await erin.SignInAsync(DemoDirectory.ErinUserPrincipalName)).StatusCode);
    }

    [Fact]
    public async Task WithoutUserRead_ErinHasNoGroups_AndAGroupRuleDeniesSayingWhy()
    {
        await using var env = await LanyardTestEnvironment.StartAsync(Settings(scope: "openid profile email", allowedGroup: DemoDirectory.ErinGroupIds[0]));
        using var erin = env.Browser();

        var result = await erin.SignInAsync(DemoDirectory.ErinUserPrincipalName);

        Assert.Equal(HttpStatusCode.Forbidden, result.StatusCode);
        Assert.Contains("User.Read", result.Body, StringComparison.Ordinal);
    }

    [Fact]
    public async Task WithoutUserRead_AndNoGroupRule_ErinSignsInWithNoGroups()
    {
        await using var env = await LanyardTestEnvironment.StartAsync(Settings(scope: "openid profile email"));
        using var erin = env.Browser();

        await erin.SignInAsync(DemoDirectory.ErinUserPrincipalName);
        var auth = await erin.GetAsync("/oauth2/auth", followRedirects: false);

        Assert.Equal(HttpStatusCode.Accepted, auth.StatusCode);
        Assert.Equal("", auth.Header("X-Auth-Request-Groups")); // present and empty: no groups (issue 9, finding 6)
    }

    [Fact]
    public async Task GraphDown_DeniesARouteThatNeedsGroups_NeverAllows()
    {
        await using var env = await LanyardTestEnvironment.StartAsync(Settings(allowedGroup: DemoDirectory.ErinGroupIds[0]));
        env.EmulatorFaults.GraphUnavailable = true;
        using var erin = env.Browser();

        var result = await erin.SignInAsync(DemoDirectory.ErinUserPrincipalName);

        Assert.Equal(HttpStatusCode.Forbidden, result.StatusCode);
        Assert.Contains("could not be read", result.Body, StringComparison.Ordinal);
        Assert.Contains("503", result.Body, StringComparison.Ordinal);
    }

    [Fact]
    public async Task GraphThrottling_IsWaitedOut()
    {
        await using var env = await LanyardTestEnvironment.StartAsync(Settings(allowedGroup: DemoDirectory.ErinGroupIds[0]));
        env.EmulatorFaults.GraphThrottleResponses = 2;
        using var erin = env.Browser();

        var result = await erin.SignInAsync(DemoDirectory.ErinUserPrincipalName);

        Assert.Equal(HttpStatusCode.OK, result.StatusCode);
        Assert.Equal(0, env.EmulatorFaults.GraphThrottleResponses);
    }

    [Fact]
    public async Task GroupsAreResolvedAgainOnRefresh()
    {
        // Real time: Graph's Retry-After is waited out on the proxy's clock, which a fake clock would never advance.
        await using var env = await LanyardTestEnvironment.StartAsync(s =>
        {
            Settings(allowedGroup: DemoDirectory.ErinGroupIds[0])(s);
            s["cookie_refresh"] = "1s";
        });
        using var erin = env.Browser();
        await erin.SignInAsync(DemoDirectory.ErinUserPrincipalName);

        await Task.Delay(TimeSpan.FromSeconds(1.2), TestContext.Current.CancellationToken);
        var afterRefresh = await erin.GetAsync("/oauth2/auth", followRedirects: false);
        Assert.Equal(HttpStatusCode.Accepted, afterRefresh.StatusCode);
        Assert.Equal(250, afterRefresh.Header("X-Auth-Request-Groups")!.Split(',').Length);
        Assert.True(env.Emulator.Services.GetRequiredService<EmulatorStatistics>().RefreshTokenRedemptions >= 1);

        env.EmulatorFaults.GraphUnavailable = true;
        await Task.Delay(TimeSpan.FromSeconds(1.2), TestContext.Current.CancellationToken);
        var denied = await erin.GetAsync("/oauth2/auth", followRedirects: false);
        Assert.Equal(HttpStatusCode.Forbidden, denied.StatusCode);
    }
}
