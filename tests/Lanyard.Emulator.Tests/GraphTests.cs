using System.Net;
using System.Text;
using System.Text.Json;
using Lanyard.Emulator.Tests.Harness;

namespace Lanyard.Emulator.Tests;

public sealed class GraphTests
{
    private const string GroupsOfMe = "/v1.0/me/transitiveMemberOf/microsoft.graph.group";

    [Fact]
    public async Task Me_ReturnsTheSignedInUser()
    {
        await using var emulator = await EmulatorHarness.StartAsync();
        var token = await emulator.GraphTokenAsync(DemoDirectory.AliceUserPrincipalName);

        using var response = await emulator.GraphAsync("/v1.0/me", token);

        var me = await EmulatorHarness.ReadSuccessAsync(response);
        Assert.StartsWith("application/json", response.Content.Headers.ContentType!.MediaType, StringComparison.Ordinal);
        Assert.Equal(DemoDirectory.AliceObjectId, me.GetProperty("id").GetString());
        Assert.Equal(DemoDirectory.AliceDisplayName, me.GetProperty("displayName").GetString());
        Assert.Equal(DemoDirectory.AliceUserPrincipalName, me.GetProperty("userPrincipalName").GetString());
        Assert.Equal(DemoDirectory.AliceUserPrincipalName, me.GetProperty("mail").GetString());
        Assert.Equal("http://localhost/v1.0/$metadata#users/$entity", me.GetProperty("@odata.context").GetString());
    }

    [Fact]
    public async Task GroupCast_PagesThroughAllOfErinsGroups_FollowingNextLinks()
    {
        await using var emulator = await EmulatorHarness.StartAsync();
        var token = await emulator.GraphTokenAsync(DemoDirectory.ErinUserPrincipalName);

        var pages = new List<JsonElement>();
        string? next = $"{GroupsOfMe}?$select=id";
        while (next is not null)
        {
            using var response = await emulator.GraphAsync(next, token);
            var page = await EmulatorHarness.ReadSuccessAsync(response);
            pages.Add(page);
            next = page.TryGetProperty("@odata.nextLink", out var link) ? link.GetString() : null;
            if (next is not null)
            {
                Assert.StartsWith($"http://localhost{GroupsOfMe}?$select=id&$skiptoken=", next, StringComparison.Ordinal);
            }
        }

        Assert.Equal([100, 100, 50], pages.Select(p => p.GetProperty("value").GetArrayLength()));
        var items = pages.SelectMany(p => p.GetProperty("value").EnumerateArray()).ToList();
        Assert.Equal(DemoDirectory.ErinGroupIds, items.Select(i => i.GetProperty("id").GetString()));
        Assert.All(items, i =>
        {
            Assert.Equal("#microsoft.graph.group", i.GetProperty("@odata.type").GetString());
            Assert.Equal(["@odata.type", "id"], i.EnumerateObject().Select(p => p.Name));
        });
        Assert.All(pages, p => Assert.Equal("http://localhost/v1.0/$metadata#groups(id)", p.GetProperty("@odata.context").GetString()));
    }

    [Fact]
    public async Task Top999_ReturnsEverythingInOnePage_WithoutANextLink()
    {
        await using var emulator = await EmulatorHarness.StartAsync();
        var token = await emulator.GraphTokenAsync(DemoDirectory.ErinUserPrincipalName);

        using var response = await emulator.GraphAsync($"{GroupsOfMe}?$select=id&$top=999", token);

        var page = await EmulatorHarness.ReadSuccessAsync(response);
        Assert.Equal(DemoDirectory.ErinGroupCount, page.GetProperty("value").GetArrayLength());
        Assert.False(page.TryGetProperty("@odata.nextLink", out _));
    }

    [Fact]
    public async Task WithoutTheCast_TheDirectoryRoleIsListedToo()
    {
        await using var emulator = await EmulatorHarness.StartAsync();
        var token = await emulator.GraphTokenAsync(DemoDirectory.ErinUserPrincipalName);

        using var response = await emulator.GraphAsync("/v1.0/me/transitiveMemberOf?$top=999", token);

        var page = await EmulatorHarness.ReadSuccessAsync(response);
        var items = page.GetProperty("value").EnumerateArray().ToList();
        Assert.Equal(DemoDirectory.ErinGroupCount + 1, items.Count);
        var role = Assert.Single(items, i => i.GetProperty("@odata.type").GetString() == "#microsoft.graph.directoryRole");
        Assert.Equal(DemoDirectory.GlobalReaderRoleId, role.GetProperty("id").GetString());
        Assert.Equal(DemoDirectory.GlobalReaderRoleTemplateId, role.GetProperty("roleTemplateId").GetString());
        Assert.Equal(DemoDirectory.ErinFirstGroupName, items[0].GetProperty("displayName").GetString());
        Assert.Equal("http://localhost/v1.0/$metadata#directoryObjects", page.GetProperty("@odata.context").GetString());
    }

    [Theory]
    [InlineData("1000")]
    [InlineData("0")]
    [InlineData("many")]
    public async Task InvalidTop_Is400(string top)
    {
        await using var emulator = await EmulatorHarness.StartAsync();
        var token = await emulator.GraphTokenAsync(DemoDirectory.ErinUserPrincipalName);

        using var response = await emulator.GraphAsync($"{GroupsOfMe}?$top={top}", token);

        var error = await GraphErrorShape.AssertAsync(response, HttpStatusCode.BadRequest, "Request_UnsupportedQuery");
        Assert.Contains($"'{top}'", error.GetProperty("message").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task AForgedSkipToken_Is400()
    {
        await using var emulator = await EmulatorHarness.StartAsync();
        var token = await emulator.GraphTokenAsync(DemoDirectory.ErinUserPrincipalName);

        using var response = await emulator.GraphAsync($"{GroupsOfMe}?$skiptoken=bm90LWEtdG9rZW4", token);

        await GraphErrorShape.AssertAsync(response, HttpStatusCode.BadRequest, "Directory_ExpiredPageToken");
    }

    [Fact]
    public async Task NextLink_IsOnTheAuthorityTheClientUsed_NotTheConfiguredOne()
    {
        await using var emulator = await EmulatorHarness.StartAsync(options: new EntraEmulatorOptions { Authority = "https://login.emulator.test" });
        var token = await emulator.GraphTokenAsync(DemoDirectory.ErinUserPrincipalName);
        using var request = new HttpRequestMessage(HttpMethod.Get, $"{GroupsOfMe}?$select=id");
        request.Headers.Authorization = new("Bearer", token);
        request.Headers.Host = "graph.emulator.test";

        using var response = await emulator.Client.SendAsync(request, TestContext.Current.CancellationToken);

        var page = await EmulatorHarness.ReadSuccessAsync(response);
        Assert.StartsWith($"http://graph.emulator.test{GroupsOfMe}?", page.GetProperty("@odata.nextLink").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task UsersById_WorksForOneselfWithUserRead_ButNotForOthers()
    {
        await using var emulator = await EmulatorHarness.StartAsync();
        var token = await emulator.GraphTokenAsync(DemoDirectory.ErinUserPrincipalName);

        using var own = await emulator.GraphAsync($"/v1.0/users/{DemoDirectory.ErinObjectId}/transitiveMemberOf/microsoft.graph.group?$select=id", token);
        using var byName = await emulator.GraphAsync($"/v1.0/users/{DemoDirectory.ErinUserPrincipalName}", token);
        using var other = await emulator.GraphAsync($"/v1.0/users/{DemoDirectory.AliceObjectId}/transitiveMemberOf", token);

        Assert.Equal(100, (await EmulatorHarness.ReadSuccessAsync(own)).GetProperty("value").GetArrayLength());
        Assert.Equal(DemoDirectory.ErinObjectId, (await EmulatorHarness.ReadSuccessAsync(byName)).GetProperty("id").GetString());
        await GraphErrorShape.AssertAsync(other, HttpStatusCode.Forbidden, "Authorization_RequestDenied");
    }

    [Fact]
    public async Task UsersById_WithDirectoryReadAll_ReadsOthersInTheTenant_AndNotOtherTenants()
    {
        await using var emulator = await EmulatorHarness.StartAsync();
        var token = await emulator.GraphTokenAsync(DemoDirectory.BobUserPrincipalName, "openid Directory.Read.All");

        using var alice = await emulator.GraphAsync($"/v1.0/users/{DemoDirectory.AliceObjectId}/transitiveMemberOf/microsoft.graph.group", token);
        using var carol = await emulator.GraphAsync($"/v1.0/users/{DemoDirectory.CarolObjectId}/transitiveMemberOf", token);
        using var nobody = await emulator.GraphAsync($"/v1.0/users/{Guid.NewGuid()}", token);

        var value = (await EmulatorHarness.ReadSuccessAsync(alice)).GetProperty("value");
        Assert.Equal(DemoDirectory.AdminsGroupId, value[0].GetProperty("id").GetString());
        Assert.Equal(DemoDirectory.AdminsGroupName, value[0].GetProperty("displayName").GetString());
        await GraphErrorShape.AssertAsync(carol, HttpStatusCode.NotFound, "Request_ResourceNotFound");
        await GraphErrorShape.AssertAsync(nobody, HttpStatusCode.NotFound, "Request_ResourceNotFound");
    }

    [Fact]
    public async Task GetMemberObjects_ListsIds_AndRolesOnlyWhenNotSecurityOnly()
    {
        await using var emulator = await EmulatorHarness.StartAsync();
        var token = await emulator.GraphTokenAsync(DemoDirectory.ErinUserPrincipalName);

        using var security = await emulator.GraphAsync("/v1.0/me/getMemberObjects", token, HttpMethod.Post, Body("""{"securityEnabledOnly": true}"""));
        using var all = await emulator.GraphAsync("/v1.0/me/getMemberObjects", token, HttpMethod.Post, Body("""{"securityEnabledOnly": false}"""));

        var ids = (await EmulatorHarness.ReadSuccessAsync(security)).GetProperty("value").EnumerateArray().Select(e => e.GetString()!).ToList();
        Assert.Equal(DemoDirectory.ErinGroupIds, ids);
        Assert.Contains(DemoDirectory.GlobalReaderRoleId, (await EmulatorHarness.ReadSuccessAsync(all)).GetProperty("value").EnumerateArray().Select(e => e.GetString()));
    }

    [Fact]
    public async Task AnUnknownSegment_IsGraphsBadRequest()
    {
        await using var emulator = await EmulatorHarness.StartAsync();
        var token = await emulator.GraphTokenAsync(DemoDirectory.AliceUserPrincipalName);

        using var response = await emulator.GraphAsync("/v1.0/me/photo", token);

        await GraphErrorShape.AssertAsync(response, HttpStatusCode.BadRequest, "BadRequest");
    }

    [Fact]
    public async Task SuccessfulRequests_AreCounted()
    {
        await using var emulator = await EmulatorHarness.StartAsync();
        var token = await emulator.GraphTokenAsync(DemoDirectory.AliceUserPrincipalName);

        using var ok = await emulator.GraphAsync("/v1.0/me", token);
        using var refused = await emulator.GraphAsync("/v1.0/me", accessToken: null);

        Assert.Equal(1, emulator.Statistics.GraphRequests);
    }

    private static StringContent Body(string json) => new(json, Encoding.UTF8, "application/json");
}
