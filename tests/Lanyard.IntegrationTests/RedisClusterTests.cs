using System.Net;
using Lanyard.Emulator;
using Lanyard.Testing;

namespace Lanyard.IntegrationTests;

/// <summary>redis_use_cluster against a real three-node Redis cluster: sessions spread over the nodes' slots.</summary>
public sealed class RedisClusterTests
{
    [Fact]
    public async Task SessionsOfManyUsers_SpreadOverTheCluster_AndEachWorks_UntilSignedOut()
    {
        await using var cluster = await RedisClusterProcesses.StartAsync();
        await using var env = await LanyardTestEnvironment.StartAsync(s =>
        {
            s["session_store_type"] = "redis";
            s["redis_use_cluster"] = true;
            // One node is enough to find the others; list two as a deployment would.
            s["redis_cluster_connection_urls"] = new List<string> { $"redis://127.0.0.1:{cluster.Nodes[0].Port}", $"redis://127.0.0.1:{cluster.Nodes[1].Port}" };
        });

        var browsers = new List<BrowserClient>();
        for (var i = 0; i < 12; i++)
        {
            var browser = env.Browser();
            browsers.Add(browser);
            Assert.Equal(HttpStatusCode.OK, (await browser.SignInAsync(i % 2 == 0 ? DemoDirectory.AliceUserPrincipalName : DemoDirectory.BobUserPrincipalName)).StatusCode);
        }

        Assert.Equal(12, await cluster.KeyCountAsync());
        var nodesUsed = 0;
        foreach (var node in cluster.Nodes)
        {
            nodesUsed += (await RedisCommand.SendAsync(node.Port, "DBSIZE")).Trim() == ":0" ? 0 : 1;
        }

        Assert.True(nodesUsed >= 2, "twelve random keys land on more than one node's slots");
        foreach (var browser in browsers)
        {
            Assert.Equal(HttpStatusCode.Accepted, (await browser.GetAsync("/oauth2/auth", followRedirects: false)).StatusCode);
            await browser.GetAsync("/oauth2/sign_out", followRedirects: false);
            browser.Dispose();
        }

        Assert.Equal(0, await cluster.KeyCountAsync());
    }
}
