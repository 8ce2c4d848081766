using System.Net;
using System.Text.Json;

namespace Lanyard.Emulator.Tests.Harness;

/// <summary>Assertions for Microsoft Graph's error envelope (entra-protocol.md §5.3).</summary>
internal static class GraphErrorShape
{
    public static async Task<JsonElement> AssertAsync(HttpResponseMessage response, HttpStatusCode status, string code)
    {
        Assert.Equal(status, response.StatusCode);
        var body = await EmulatorHarness.ReadJsonAsync(response);
        var error = body.GetProperty("error");
        Assert.Equal(["error"], body.EnumerateObject().Select(p => p.Name));
        Assert.Equal(["code", "message", "innerError"], error.EnumerateObject().Select(p => p.Name));
        Assert.Equal(code, error.GetProperty("code").GetString());
        Assert.NotEmpty(error.GetProperty("message").GetString()!);
        var inner = error.GetProperty("innerError");
        Assert.Equal(["date", "request-id", "client-request-id"], inner.EnumerateObject().Select(p => p.Name));
        Assert.Matches(@"^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d$", inner.GetProperty("date").GetString());
        Assert.True(Guid.TryParse(inner.GetProperty("request-id").GetString(), out _));
        Assert.Equal(inner.GetProperty("request-id").GetString(), response.Headers.GetValues("request-id").Single());
        return error;
    }
}
