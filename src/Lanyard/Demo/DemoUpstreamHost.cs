using Lanyard.Hosting;

namespace Lanyard.Demo;

/// <summary>
/// The app <c>lanyard dev</c> puts behind the proxy: it shows who it was told the user is. HTML for browsers,
/// JSON (every request header) for scripts and tests, which use it as an echo upstream.
/// </summary>
internal static class DemoUpstreamHost
{
    public static WebApplication Create(IReadOnlyList<string> urls, Action<WebApplicationBuilder>? customize = null)
    {
        var builder = WebApplication.CreateSlimBuilder(new WebApplicationOptions
        {
            ApplicationName = "lanyard-demo",
            EnvironmentName = Environments.Production,
            Args = [],
        });
        HostLogging.Configure(builder.Logging);
        builder.WebHost.UseUrls([.. urls]);
        builder.WebHost.ConfigureKestrel(kestrel => kestrel.AddServerHeader = false);
        customize?.Invoke(builder);

        var app = builder.Build();
        app.Map("/{**path}", (HttpContext context) => DemoPage.WriteAsync(context));
        return app;
    }
}
