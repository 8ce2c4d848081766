namespace Lanyard.Providers.Oidc;

/// <summary>
/// Loads the provider's metadata at startup, retrying with backoff until it succeeds, so <c>/ready</c> turns
/// green without waiting for the first sign-in and problems show in the log at once.
/// </summary>
internal sealed class ProviderMetadataWarmup(ProviderMetadata metadata, TimeProvider time) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var delay = TimeSpan.FromMilliseconds(250);
        try
        {
            while (await metadata.GetAsync(stoppingToken) is null)
            {
                await Task.Delay(delay, time, stoppingToken);
                delay = TimeSpan.FromTicks(Math.Min(delay.Ticks * 2, TimeSpan.FromSeconds(30).Ticks));
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            // Shutting down before the provider answered: nothing to report.
        }
    }
}
