using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.Logging;

namespace Lanyard.Emulator;

/// <summary>A ready-to-run emulator app, for <c>lanyard emulator</c>, <c>lanyard dev</c> and tests.</summary>
public static class EntraEmulatorHost
{
    /// <param name="options">Copied into the app's <see cref="EntraEmulatorOptions"/>.</param>
    /// <param name="urls">Kestrel URLs such as <c>http://127.0.0.1:4181</c>; ignored when <paramref name="customize"/> swaps the server.</param>
    /// <param name="customize">Runs after the emulator's services are added, so registrations made here (a
    /// FakeTimeProvider, <c>WebHost.UseTestServer()</c>, a directory) take precedence.</param>
    public static WebApplication Create(EntraEmulatorOptions options, IReadOnlyList<string> urls, Action<WebApplicationBuilder>? customize = null)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(urls);

        // No command-line args: the emulator's settings come from options, not from whatever the host process got.
        var builder = WebApplication.CreateSlimBuilder(new WebApplicationOptions { Args = [] });
        builder.Logging.ClearProviders();
        builder.Logging.AddSimpleConsole(console =>
        {
            console.SingleLine = true;
            console.TimestampFormat = "HH:mm:ss ";
        });
        // Its own events (sign-ins, tokens issued, refusals) are the emulator's log; per-request framework lines are noise.
        builder.Logging.AddFilter("Microsoft.AspNetCore", LogLevel.Warning);
        builder.Logging.AddFilter("Microsoft.Hosting.Lifetime", LogLevel.Warning);
        if (urls.Count > 0)
        {
            builder.WebHost.UseUrls([.. urls]);
        }

        builder.Services.AddEntraEmulator(o =>
        {
            o.Authority = options.Authority;
            o.DirectoryFile = options.DirectoryFile;
            o.GroupOverageLimit = options.GroupOverageLimit;
        });
        customize?.Invoke(builder);

        var app = builder.Build();
        app.MapEntraEmulator();
        return app;
    }
}
