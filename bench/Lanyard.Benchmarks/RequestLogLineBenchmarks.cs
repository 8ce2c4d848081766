using System.Globalization;
using System.Net;
using BenchmarkDotNet.Attributes;
using Lanyard.Observability;

namespace Lanyard.Benchmarks;

/// <summary>
/// One request log line (request_logging, on by default) in oauth2-proxy's default format. The baseline is the
/// same line by plain string interpolation without escaping or redaction, so the difference is what making every
/// client-chosen value safe to log costs; the writer's only allocation should be the finished string.
/// </summary>
[MemoryDiagnoser]
public class RequestLogLineBenchmarks
{
    // An instance field: BenchmarkDotNet runs instance methods, and reading it keeps them so (CA1822).
    private readonly LogLineFacts _facts = new()
    {
        Client = IPAddress.Parse("203.0.113.7"),
        Host = "app.contoso.test",
        Protocol = "HTTP/1.1",
        RequestId = "6b8e4903-d355-43db-950d-3f4adeab9d4b",
        Method = "GET",
        RequestTarget = "/reports/2026/q4?region=emea&code=0.AXYA-not-logged&page=3",
        UserAgent = "Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0 Safari/537.36",
        Username = "alice@contoso.test",
        Upstream = "http://10.0.0.5:8080/",
        Timestamp = new DateTimeOffset(2026, 12, 7, 4, 5, 6, TimeSpan.Zero),
        StatusCode = 200,
        ResponseSize = 18234,
        Duration = TimeSpan.FromMilliseconds(12.3),
    };

    [Benchmark(Baseline = true)]
    public string InterpolatedUnescaped() => string.Create(CultureInfo.InvariantCulture,
        $"{_facts.Client} - {_facts.RequestId} - {_facts.Username} [{_facts.Timestamp:yyyy/MM/dd HH:mm:ss}] {_facts.Host} {_facts.Method} {_facts.Upstream} \"{_facts.RequestTarget}\" {_facts.Protocol} \"{_facts.UserAgent}\" {_facts.StatusCode} {_facts.ResponseSize} {_facts.Duration.TotalSeconds:0.000}");

    [Benchmark]
    public string LogLineWriterDefaultFormat() => LogLineWriter.Format(LogTemplate.DefaultRequest, _facts);
}
