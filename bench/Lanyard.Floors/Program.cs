// The floors of bench/run.sh, one Kestrel app with two modes on 127.0.0.1:
//   auth  PORT           answers 202 to every request, reading nothing (nginx auth_request's "yes" without looking)
//   proxy PORT UPSTREAM  a bare YARP reverse proxy forwarding every request to UPSTREAM (http://127.0.0.1:N/)
// No logging, no middleware beyond what each mode needs: the cheapest .NET server of each kind.
using System.Globalization;
using System.Net;
using Yarp.ReverseProxy.Configuration;

if (args.Length < 2 || (args[0] != "auth" && args[0] != "proxy") || (args[0] == "proxy" && args.Length < 3))
{
    Console.Error.WriteLine("usage: auth PORT | proxy PORT UPSTREAM_URL");
    return 2;
}

var builder = WebApplication.CreateSlimBuilder();
builder.Logging.ClearProviders();
builder.WebHost.ConfigureKestrel(kestrel => kestrel.Listen(IPAddress.Loopback, int.Parse(args[1], CultureInfo.InvariantCulture)));
if (args[0] == "proxy")
{
    builder.Services.AddReverseProxy().LoadFromMemory(
        [new RouteConfig { RouteId = "all", ClusterId = "upstream", Match = new RouteMatch { Path = "{**rest}" } }],
        [new ClusterConfig { ClusterId = "upstream", Destinations = new Dictionary<string, DestinationConfig> { ["upstream"] = new() { Address = args[2] } } }]);
}

var app = builder.Build();
if (args[0] == "proxy")
{
    app.MapReverseProxy();
}
else
{
    app.Run(context =>
    {
        context.Response.StatusCode = StatusCodes.Status202Accepted;
        return Task.CompletedTask;
    });
}

Console.WriteLine($"floor {args[0]} on 127.0.0.1:{args[1]} (server GC: {System.Runtime.GCSettings.IsServerGC})");
await app.RunAsync();
return 0;
