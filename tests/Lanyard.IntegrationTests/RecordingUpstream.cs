using System.Collections.Concurrent;
using Lanyard.Testing;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;

namespace Lanyard.IntegrationTests;

/// <summary>An upstream on 127.0.0.1 that answers 200 "upstream" to anything and remembers each request's path and <c>traceparent</c>.</summary>
public sealed class RecordingUpstream : IAsyncDisposable
{
    private readonly WebApplication _app;
    private readonly ConcurrentQueue<(string Path, string? TraceParent)> _requests;

    private RecordingUpstream(WebApplication app, int port, ConcurrentQueue<(string, string?)> requests)
    {
        _app = app;
        Port = port;
        _requests = requests;
    }

    public int Port { get; }

    public string Url => $"http://127.0.0.1:{Port}/";

    public IReadOnlyList<(string Path, string? TraceParent)> Requests => [.. _requests];

    public static async Task<RecordingUpstream> StartAsync()
    {
        var port = FreePort.Next();
        var requests = new ConcurrentQueue<(string, string?)>();
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.SetMinimumLevel(LogLevel.Warning);
        builder.WebHost.ConfigureKestrel(kestrel => kestrel.Listen(System.Net.IPAddress.Loopback, port));
        var app = builder.Build();
        app.Run(context =>
        {
            requests.Enqueue((context.Request.Path.Value ?? "", context.Request.Headers["traceparent"].FirstOrDefault()));
            return context.Response.WriteAsync("upstream", context.RequestAborted);
        });
        await app.StartAsync();
        return new RecordingUpstream(app, port, requests);
    }

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
    }
}
