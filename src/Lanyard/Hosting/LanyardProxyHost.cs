using Lanyard.Configuration;
using Lanyard.Pipeline;

namespace Lanyard.Hosting;

/// <summary>Builds the proxy as a web application. <c>serve</c>, <c>dev</c> and the tests all come through here.</summary>
internal static class LanyardProxyHost
{
    public static WebApplication Create(LanyardOptions options, Action<WebApplicationBuilder>? customize = null)
    {
        var builder = WebApplication.CreateSlimBuilder(new WebApplicationOptions
        {
            ApplicationName = "lanyard",
            EnvironmentName = Environments.Production,
            Args = [],
        });
        HostLogging.Configure(builder.Logging);
        builder.WebHost.ConfigureKestrel(kestrel =>
        {
            kestrel.AddServerHeader = false;
            // Identity headers may carry non-ASCII names (X-Auth-Request-User: José); send them as UTF-8, not a 500.
            kestrel.ResponseHeaderEncodingSelector = _ => System.Text.Encoding.UTF8;
            KestrelListen.On(kestrel, options.Server.HttpAddress);
        });
        builder.Services.AddLanyardProxy(options);
        customize?.Invoke(builder);

        var app = builder.Build();
        app.UseLanyardPipeline();
        return app;
    }
}
