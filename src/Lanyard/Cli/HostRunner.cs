using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;

namespace Lanyard.Cli;

/// <summary>Starts web hosts with a plain error instead of a stack trace, and stops them together.</summary>
internal static class HostRunner
{
    public static async Task<bool> TryStartAsync(WebApplication app, string role, string address, TextWriter error, CancellationToken cancellationToken)
    {
        try
        {
            await app.StartAsync(cancellationToken);
            return true;
        }
        catch (IOException e)
        {
            await error.WriteLineAsync($"lanyard: the {role} cannot listen on {address}: {e.Message}");
            return false;
        }
    }

    /// <summary>The first address Kestrel actually bound (useful when the port was 0).</summary>
    public static string BoundAddress(WebApplication app) =>
        app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()?.Addresses.FirstOrDefault()
        ?? throw new InvalidOperationException("The host has no address.");

    /// <summary>Runs until Ctrl+C / SIGTERM (or any host stops), then stops every host.</summary>
    public static async Task WaitForShutdownAsync(CancellationToken cancellationToken, params WebApplication[] apps)
    {
        var stopped = apps.Select(a => a.WaitForShutdownAsync(cancellationToken)).ToArray();
        try
        {
            await Task.WhenAny(stopped);
        }
        catch (OperationCanceledException)
        {
        }

        foreach (var app in apps)
        {
            await app.StopAsync(CancellationToken.None);
        }
    }
}
