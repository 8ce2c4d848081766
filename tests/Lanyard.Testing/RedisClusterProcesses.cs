using System.Globalization;

namespace Lanyard.Testing;

/// <summary>
/// A real Redis cluster of three masters (no replicas) on 127.0.0.1, made with <c>redis-cli --cluster create</c>
/// as an operator would, and ready when every node reports <c>cluster_state:ok</c>.
/// </summary>
public sealed class RedisClusterProcesses : IAsyncDisposable
{
    private RedisClusterProcesses(IReadOnlyList<RedisServerProcess> nodes) => Nodes = nodes;

    public IReadOnlyList<RedisServerProcess> Nodes { get; }

    public static async Task<RedisClusterProcesses> StartAsync(int nodeCount = 3)
    {
        var nodes = new List<RedisServerProcess>();
        try
        {
            for (var i = 0; i < nodeCount; i++)
            {
                nodes.Add(await RedisServerProcess.StartAsync(
                    durable: false,
                    "--cluster-enabled", "yes", "--cluster-config-file", "nodes.conf", "--cluster-node-timeout", "5000",
                    "--cluster-port", FreePort.Next().ToString(CultureInfo.InvariantCulture)));
            }

            await using (var create = TestProcess.Start("/usr/bin/redis-cli", ["--cluster", "create", .. nodes.Select(n => $"127.0.0.1:{n.Port}"), "--cluster-replicas", "0", "--cluster-yes"]))
            {
                await create.WaitForOutputAsync("[OK] All 16384 slots covered", TimeSpan.FromSeconds(30));
            }

            foreach (var node in nodes)
            {
                await Poll.UntilAsync(
                    async () => (await RedisCommand.SendAsync(node.Port, "CLUSTER", "INFO")).Contains("cluster_state:ok", StringComparison.Ordinal),
                    $"the cluster node on {node.Port} to report cluster_state:ok");
            }

            return new RedisClusterProcesses(nodes);
        }
        catch
        {
            foreach (var node in nodes)
            {
                await node.DisposeAsync();
            }

            throw;
        }
    }

    /// <summary>How many keys the whole cluster holds.</summary>
    public async Task<int> KeyCountAsync()
    {
        var total = 0;
        foreach (var node in Nodes)
        {
            total += int.Parse((await RedisCommand.SendAsync(node.Port, "DBSIZE")).Trim().TrimStart(':'), CultureInfo.InvariantCulture);
        }

        return total;
    }

    public async ValueTask DisposeAsync()
    {
        foreach (var node in Nodes)
        {
            await node.DisposeAsync();
        }
    }
}
