using Lanyard.Configuration;
using Lanyard.Observability;
using Lanyard.Pipeline;

namespace Lanyard.Hosting;

/// <summary>Builds the proxy as a web application. <c>serve</c>, <c>dev</c> and the tests all come through here.</summary>
internal static class LanyardProxyHost
{
    public static WebApplication Create(LanyardOptions options, Action<WebApplicationBuilder>? customize = null)
    {
        // A token signed with a key we have not seen makes IdentityModel refresh the key set (at most every five
        // minutes, the first time at once). Blocking mode makes that retry use the new keys; by default it would
        // refresh in the background and fail the very sign-in that showed the provider had rolled its keys.
        AppContext.SetSwitch("Switch.Microsoft.IdentityModel.UpdateConfigAsBlocking", true);

        var builder = WebApplication.CreateSlimBuilder(new WebApplicationOptions
        {
            ApplicationName = "lanyard",
            EnvironmentName = Environments.Production,
            Args = [],
        });
        HostLogging.Configure(builder.Logging, options.Logging);
        builder.WebHost.ConfigureKestrel(kestrel =>
        {
            kestrel.AddServerHeader = false;
            // Identity headers may carry non-ASCII names (X-Auth-Request-User: José); send them as UTF-8, not a 500.
            kestrel.ResponseHeaderEncodingSelector = _ => System.Text.Encoding.UTF8;
            KestrelListen.OnAll(kestrel, options.Server, TimeProvider.System);
        });
        builder.Services.AddLanyardProxy(options);
        builder.Services.AddLanyardTelemetry(options.Server, builder.Configuration);
        customize?.Invoke(builder);

        var app = builder.Build();
        app.UseLanyardPipeline();
        return app;
    }
}
