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
        while (!stoppingToken.IsCancellationRequested && await metadata.GetAsync(stoppingToken) is null)
        {
            try
            {
                await Task.Delay(delay, time, stoppingToken);
            }
            catch (OperationCanceledException)
            {
                return;
            }

            delay = TimeSpan.FromTicks(Math.Min(delay.Ticks * 2, TimeSpan.FromSeconds(30).Ticks));
        }
    }
}
