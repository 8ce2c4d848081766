using System.Diagnostics;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json;

namespace Lanyard.Testing;

/// <summary>The emulator's device-code operator API (<c>/_emulator/devicecode</c>), as a person on the verification page.</summary>
public static class EmulatorDeviceCodes
{
    /// <summary>Waits for a pending code and approves it as <paramref name="user"/>; fails after 60 s without one.</summary>
    public static async Task ApproveNextAsync(HttpClient emulator, string user, CancellationToken cancellationToken)
    {
        var waited = Stopwatch.StartNew();
        while (waited.Elapsed < TimeSpan.FromSeconds(60))
        {
            using var document = JsonDocument.Parse(await emulator.GetStringAsync("/_emulator/devicecode", cancellationToken));
            if (document.RootElement.GetProperty("pending").EnumerateArray().FirstOrDefault() is { ValueKind: JsonValueKind.Object } pending)
            {
                using var approved = await emulator.PostAsJsonAsync("/_emulator/devicecode", new { userCode = pending.GetProperty("userCode").GetString(), user }, cancellationToken);
                if (approved.StatusCode != HttpStatusCode.OK)
                {
                    throw new InvalidOperationException($"the emulator refused to approve the code: {(int)approved.StatusCode}");
                }

                return;
            }

            await Task.Delay(100, cancellationToken);
        }

        throw new TimeoutException("no device code was requested within 60 s");
    }

    /// <summary>One of <c>/_emulator/stats</c>' counters.</summary>
    public static async Task<long> StatAsync(HttpClient emulator, string name, CancellationToken cancellationToken)
    {
        using var document = JsonDocument.Parse(await emulator.GetStringAsync("/_emulator/stats", cancellationToken));
        return document.RootElement.GetProperty(name).GetInt64();
    }
}
