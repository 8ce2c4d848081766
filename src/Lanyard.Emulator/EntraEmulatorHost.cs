using System.Security.Cryptography.X509Certificates;
using Lanyard.Emulator.Hosting;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Lanyard.Emulator;

/// <summary>A ready-to-run emulator app, for <c>lanyard emulator</c>, <c>lanyard dev</c> and tests.</summary>
public static class EntraEmulatorHost
{
    /// <param name="options">Copied into the app's <see cref="EntraEmulatorOptions"/>.</param>
    /// <param name="urls">Kestrel URLs such as <c>http://127.0.0.1:4181</c>; ignored when <paramref name="customize"/> swaps the server.</param>
    /// <param name="customize">Runs after the emulator's services are added, so registrations made here (a
    /// FakeTimeProvider, <c>WebHost.UseTestServer()</c>, a directory) take precedence.</param>
    public static WebApplication Create(EntraEmulatorOptions options, IReadOnlyList<string> urls, Action<WebApplicationBuilder>? customize = null) =>
        Create(options, urls, httpsCertificate: null, customize);

    /// <param name="options">Copied into the app's <see cref="EntraEmulatorOptions"/>.</param>
    /// <param name="urls">Kestrel URLs; <c>https://</c> ones serve <paramref name="httpsCertificate"/>, and http and
    /// https URLs may be mixed: each request's issuer follows its own scheme.</param>
    /// <param name="httpsCertificate">The certificate (with its private key) of the https URLs, e.g.
    /// <see cref="EmulatorTlsCertificate.Certificate"/>; null when every URL is http.</param>
    /// <param name="customize">Runs after the emulator's services are added (see the other overload).</param>
    public static WebApplication Create(
        EntraEmulatorOptions options, IReadOnlyList<string> urls, X509Certificate2? httpsCertificate, Action<WebApplicationBuilder>? customize = null)
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

        if (httpsCertificate is not null)
        {
            // The slim builder leaves https out unless asked for.
            builder.WebHost.UseKestrelHttpsConfiguration();
            builder.WebHost.ConfigureKestrel(kestrel => kestrel.ConfigureHttpsDefaults(https => https.ServerCertificate = httpsCertificate));
        }

        builder.Services.AddEntraEmulator(o =>
        {
            o.Authority = options.Authority;
            o.IssuerHost = options.IssuerHost;
            o.DirectoryFile = options.DirectoryFile;
            o.GroupOverageLimit = options.GroupOverageLimit;
            o.AccessTokenLifetime = options.AccessTokenLifetime;
            o.IdTokenLifetime = options.IdTokenLifetime;
            o.RefreshTokenLifetime = options.RefreshTokenLifetime;
            o.ClockSkew = options.ClockSkew;
        });
        customize?.Invoke(builder);
        if (options.ClockSkew != TimeSpan.Zero)
        {
            SkewClock(builder.Services, options.ClockSkew);
        }

        var app = builder.Build();
        app.MapEntraEmulator();
        return app;
    }

    // After customize, so the skew applies on top of whichever clock won (the machine's, or a test's fake one).
    private static void SkewClock(IServiceCollection services, TimeSpan skew)
    {
        var chosen = services.Last(d => d.ServiceType == typeof(TimeProvider) && !d.IsKeyedService);
        services.AddSingleton<TimeProvider>(provider => new SkewedTimeProvider(Resolve(chosen, provider), skew));
    }

    private static TimeProvider Resolve(ServiceDescriptor descriptor, IServiceProvider provider) => descriptor switch
    {
        { ImplementationInstance: TimeProvider instance } => instance,
        { ImplementationFactory: { } factory } => (TimeProvider)factory(provider),
        { ImplementationType: { } type } => (TimeProvider)ActivatorUtilities.CreateInstance(provider, type),
        _ => TimeProvider.System,
    };
}
