using System.Net;
using Lanyard.Observability;

namespace Lanyard.Tests.Observability;

/// <summary>Request and auth lines as oauth2-proxy writes them, and nothing a client sends can forge a line or leak a credential.</summary>
public sealed class LogLineWriterTests
{
    private static readonly LogLineFacts Request = new()
    {
        Client = IPAddress.Parse("203.0.113.7"),
        Host = "app.contoso.test",
        Protocol = "HTTP/1.1",
        RequestId = "3f2a",
        Method = "GET",
        RequestTarget = "/reports?year=2026",
        UserAgent = "curl/8.5.0",
        Username = "alice@contoso.test",
        Upstream = "http://10.0.0.5:8080/",
        Timestamp = new DateTimeOffset(2026, 12, 7, 4, 5, 6, TimeSpan.Zero),
        StatusCode = 200,
        ResponseSize = 1234,
        Duration = TimeSpan.FromMilliseconds(12.3456),
    };

    [Fact]
    public void DefaultRequestFormat_IsOauth2ProxysLine()
    {
        Assert.Equal(
            "203.0.113.7 - 3f2a - alice@contoso.test [2026/12/07 04:05:06] app.contoso.test GET http://10.0.0.5:8080/ \"/reports?year=2026\" HTTP/1.1 \"curl/8.5.0\" 200 1234 0.012",
            LogLineWriter.Format(LogTemplate.DefaultRequest, Request));
    }

    [Fact]
    public void NoUserAndNoUpstream_AreDashes()
    {
        var line = LogLineWriter.Format(LogTemplate.DefaultRequest, Request with { Username = null, Upstream = null });

        Assert.StartsWith("203.0.113.7 - 3f2a - - [", line, StringComparison.Ordinal);
        Assert.Contains(" GET - \"/reports", line, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("/oauth2/callback?code=0.AXYA-secret&state=s", "\"/oauth2/callback?code=[redacted]&state=s\"")]
    [InlineData("/api?ACCESS_TOKEN=eyJ.x.y&id_token=eyJ&keep=1", "\"/api?ACCESS_TOKEN=[redacted]&id_token=[redacted]&keep=1\"")]
    [InlineData("/x?client_secret=s3&password=p", "\"/x?client_secret=[redacted]&password=[redacted]\"")]
    public void CredentialsInTheQuery_AreRedacted(string target, string written)
    {
        var line = LogLineWriter.Format(LogTemplate.DefaultRequest, Request with { RequestTarget = target });

        Assert.Contains(written, line, StringComparison.Ordinal);
    }

    [Fact]
    public void AClientsNewlinesAndQuotes_CannotStartAnotherLine()
    {
        var line = LogLineWriter.Format(LogTemplate.DefaultRequest, Request with
        {
            UserAgent = "x\" 200 0 0.001\n203.0.113.9 - forged",
            Username = "mallory\r\nadmin",
            RequestTarget = "/a\u0001b",
        });

        Assert.DoesNotContain('\n', line);
        Assert.DoesNotContain('\r', line);
        Assert.Contains("\"x\\\" 200 0 0.001\\n203.0.113.9 - forged\"", line, StringComparison.Ordinal);
        Assert.Contains("mallory\\r\\nadmin", line, StringComparison.Ordinal);
        Assert.Contains("\"/a\\x01b\"", line, StringComparison.Ordinal);
    }

    [Fact]
    public void DefaultAuthFormat_NamesTheStatusAndMessage()
    {
        var line = LogLineWriter.Format(LogTemplate.DefaultAuth, Request with { Status = "AuthSuccess", Message = "Signed in" });

        Assert.Equal("203.0.113.7 - 3f2a - alice@contoso.test [2026/12/07 04:05:06] [AuthSuccess] Signed in", line);
    }

    [Fact]
    public void ALongLine_OutgrowsTheStackBuffer_Intact()
    {
        var path = "/" + new string('p', 4000);

        var line = LogLineWriter.Format(LogTemplate.DefaultRequest, Request with { RequestTarget = path });

        Assert.Contains($"\"{path}\"", line, StringComparison.Ordinal);
        Assert.EndsWith(" 200 1234 0.012", line, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("{{.Client}} {{.Nope}}", "'{{.Nope}}' is not a field of this format")]
    [InlineData("{{.Client | printf \"%s\"}}", "is not supported: only {{.Field}} placeholders are")]
    [InlineData("{{- .Client}}", "is not supported")]
    [InlineData("{{.client}}", "'{{.client}}' is not a field")]
    [InlineData("{{.Message}}", "'{{.Message}}' is not a field")]
    public void ARequestFormat_WithWhatItCannotWrite_IsRefused(string format, string error)
    {
        Assert.Null(LogTemplate.Compile(format, LogTemplate.RequestFields, out var problem));
        Assert.Contains(error, problem, StringComparison.Ordinal);
    }

    [Fact]
    public void SpacesInsideBraces_AreGosToo()
    {
        var template = LogTemplate.Compile("{{ .RequestMethod }} {{.StatusCode}}", LogTemplate.RequestFields, out _);

        Assert.Equal("GET 200", LogLineWriter.Format(template!, Request));
    }
}
