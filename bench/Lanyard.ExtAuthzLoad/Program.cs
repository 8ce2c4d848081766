// Measures envoy.service.auth.v3.Authorization/Check as Envoy calls it (HTTP/2, one channel, many concurrent
// calls) beside two floors on the same Lanyard in the same run: an unknown gRPC method on the same listener (HTTP/2
// and routing, no decision) and /ping over HTTP/1.1 (Kestrel and Lanyard's middleware), plus /oauth2/auth (nginx's
// check) for the HTTP view of the same decision. Scenarios interleave round by round; every answer is checked.
//
//   dotnet run -c Release --project bench/Lanyard.ExtAuthzLoad -- GRPC_URL HTTP_URL COOKIE LANYARD_PID [rounds] [seconds] [concurrency] [warmup seconds]
//   (bench/run.sh calls it once per round, warmup 0, to interleave its scenarios with the wrk ones)
using System.Diagnostics;
using System.Globalization;
using System.Net;
using Envoy.Service.Auth.V3;
using Google.Protobuf;
using Grpc.Core;
using Grpc.Net.Client;

if (args.Length < 4)
{
    Console.Error.WriteLine("usage: GRPC_URL HTTP_URL COOKIE LANYARD_PID [rounds=5] [seconds=5] [concurrency=32] [warmup=seconds]");
    return 2;
}

var (grpcUrl, httpUrl, cookie, pid) = (args[0], args[1].TrimEnd('/'), args[2], int.Parse(args[3], CultureInfo.InvariantCulture));
var rounds = args.Length > 4 ? int.Parse(args[4], CultureInfo.InvariantCulture) : 5;
var seconds = args.Length > 5 ? int.Parse(args[5], CultureInfo.InvariantCulture) : 5;
var concurrency = args.Length > 6 ? int.Parse(args[6], CultureInfo.InvariantCulture) : 32;
var warmup = args.Length > 7 ? int.Parse(args[7], CultureInfo.InvariantCulture) : seconds;
const int MaxRequestsPerRun = 2_000_000;

var check = new Method<CheckRequest, CheckResponse>(MethodType.Unary, "envoy.service.auth.v3.Authorization", "Check",
    Marshallers.Create(m => m.ToByteArray(), CheckRequest.Parser.ParseFrom), Marshallers.Create(m => m.ToByteArray(), CheckResponse.Parser.ParseFrom));
var unknown = new Method<CheckRequest, CheckResponse>(MethodType.Unary, "envoy.service.auth.v3.Authorization", "NoSuchMethod",
    check.RequestMarshaller, check.ResponseMarshaller);

using var channel = GrpcChannel.ForAddress(grpcUrl, new GrpcChannelOptions
{
    HttpHandler = new SocketsHttpHandler { EnableMultipleHttp2Connections = false },
});
var invoker = channel.CreateCallInvoker();
using var http = new HttpClient(new SocketsHttpHandler { MaxConnectionsPerServer = concurrency }) { DefaultRequestVersion = HttpVersion.Version11 };

var request = new CheckRequest
{
    Attributes = new AttributeContext
    {
        Request = new AttributeContext.Types.Request
        {
            Http = new AttributeContext.Types.HttpRequest
            {
                Method = "GET", Path = "/app/orders?page=2", Host = "app.contoso.test", Scheme = "https", Protocol = "HTTP/1.1",
                Headers = { [":authority"] = "app.contoso.test", [":path"] = "/app/orders?page=2", ["cookie"] = cookie, ["accept"] = "application/json", ["user-agent"] = "bench" },
            },
        },
    },
};

var scenarios = new (string Name, Func<Task> Call)[]
{
    ("grpc-floor (unknown method)", async () =>
    {
        try
        {
            await invoker.AsyncUnaryCall(unknown, null, default, request);
            throw new InvalidOperationException("an unknown method answered OK");
        }
        catch (RpcException e) when (e.StatusCode == StatusCode.Unimplemented)
        {
        }
    }),
    ("grpc Check (cookie session)", async () =>
    {
        var answer = await invoker.AsyncUnaryCall(check, null, default, request);
        if (answer.Status.Code != 0)
        {
            throw new InvalidOperationException($"Check answered {answer.Status.Code}: {answer.Status.Message}");
        }
    }),
    ("http /ping", async () =>
    {
        using var response = await http.GetAsync(httpUrl + "/ping");
        if (response.StatusCode != HttpStatusCode.OK)
        {
            throw new InvalidOperationException($"/ping answered {response.StatusCode}");
        }
    }),
    ("http /oauth2/auth (cookie session)", async () =>
    {
        using var message = new HttpRequestMessage(HttpMethod.Get, httpUrl + "/oauth2/auth");
        message.Headers.Add("Cookie", cookie);
        using var response = await http.SendAsync(message);
        if (response.StatusCode != HttpStatusCode.Accepted)
        {
            throw new InvalidOperationException($"/oauth2/auth answered {response.StatusCode}");
        }
    }),
};

if (warmup > 0)
{
    Console.WriteLine($"warming up {scenarios.Length} scenarios ({warmup}s each)…");
    foreach (var (_, call) in scenarios)
    {
        await RunAsync(call, TimeSpan.FromSeconds(warmup));
    }
}

var results = scenarios.ToDictionary(s => s.Name, _ => new List<Result>());
for (var round = 1; round <= rounds; round++)
{
    Console.WriteLine($"round {round}/{rounds}");
    foreach (var (name, call) in scenarios)
    {
        results[name].Add(await RunAsync(call, TimeSpan.FromSeconds(seconds)));
    }
}

Console.WriteLine();
Console.WriteLine("| scenario | requests/s | p50 ms | p99 ms | max ms | Lanyard CPU µs/request |");
Console.WriteLine("|---|---|---|---|---|---|");
foreach (var (name, list) in results)
{
    Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
        $"| {name} | {Median(list, r => r.PerSecond):F0} | {Median(list, r => r.P50):F2} | {Median(list, r => r.P99):F2} | {list.Max(r => r.Max):F2} | {Median(list, r => r.CpuMicrosPerRequest):F1} |"));
}

Console.WriteLine();
Console.WriteLine($"medians of {rounds} rounds of {seconds}s, {concurrency} concurrent calls, {Environment.ProcessorCount} cores; max is the worst of all rounds");
return 0;

async Task<Result> RunAsync(Func<Task> call, TimeSpan duration)
{
    var latencies = new List<double>[concurrency];
    var cpuBefore = CpuTime(pid);
    var clock = Stopwatch.StartNew();
    var count = 0;
    var workers = Enumerable.Range(0, concurrency).Select(async worker =>
    {
        var mine = latencies[worker] = new List<double>(4096);
        while (clock.Elapsed < duration && Interlocked.Increment(ref count) <= MaxRequestsPerRun)
        {
            var started = Stopwatch.GetTimestamp();
            await call();
            mine.Add(Stopwatch.GetElapsedTime(started).TotalMilliseconds);
        }
    }).ToArray();
    await Task.WhenAll(workers);
    var elapsed = clock.Elapsed;
    var cpu = CpuTime(pid) - cpuBefore;
    var all = latencies.SelectMany(l => l).Order().ToArray();
    return new Result(all.Length / elapsed.TotalSeconds, Percentile(all, 0.50), Percentile(all, 0.99), all[^1], cpu.TotalMicroseconds / all.Length);
}

static double Percentile(double[] sorted, double p) => sorted[Math.Min(sorted.Length - 1, (int)Math.Ceiling(p * sorted.Length) - 1)];

static double Median(List<Result> list, Func<Result, double> value)
{
    var sorted = list.Select(value).Order().ToArray();
    return sorted.Length % 2 == 1 ? sorted[sorted.Length / 2] : (sorted[(sorted.Length / 2) - 1] + sorted[sorted.Length / 2]) / 2;
}

// utime + stime of the Lanyard process, from /proc (clock ticks of 1/100 s on Linux).
static TimeSpan CpuTime(int pid)
{
    var stat = File.ReadAllText($"/proc/{pid}/stat");
    var fields = stat[(stat.LastIndexOf(')') + 2)..].Split(' ');
    var ticks = long.Parse(fields[11], CultureInfo.InvariantCulture) + long.Parse(fields[12], CultureInfo.InvariantCulture);
    return TimeSpan.FromSeconds(ticks / 100.0);
}

internal sealed record Result(double PerSecond, double P50, double P99, double Max, double CpuMicrosPerRequest);
