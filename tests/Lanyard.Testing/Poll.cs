namespace Lanyard.Testing;

/// <summary>Waiting for something real processes do in their own time (a failover, a reconnect), bounded.</summary>
public static class Poll
{
    /// <summary>Asks every 100 ms until <paramref name="condition"/> holds; after <paramref name="timeout"/> (30 s) fails, naming <paramref name="what"/>.</summary>
    public static async Task UntilAsync(Func<Task<bool>> condition, string what, TimeSpan? timeout = null)
    {
        var attempts = (int)((timeout ?? TimeSpan.FromSeconds(30)) / TimeSpan.FromMilliseconds(100));
        for (var attempt = 0; attempt < attempts; attempt++)
        {
            if (await condition())
            {
                return;
            }

            await Task.Delay(100);
        }

        throw new TimeoutException($"Waited {timeout ?? TimeSpan.FromSeconds(30)} for {what}.");
    }
}
