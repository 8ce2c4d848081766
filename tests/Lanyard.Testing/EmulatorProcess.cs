using Lanyard.Emulator;

namespace Lanyard.Testing;

/// <summary><c>lanyard emulator</c> as its own process, and the proxy settings that sign in through it.</summary>
public static class EmulatorProcess
{
    /// <param name="directoryFile">A directory file (<c>--directory</c>) to use instead of the built-in demo directory.</param>
    public static async Task<TestProcess> StartAsync(int port, string? directoryFile = null)
    {
        var emulator = directoryFile is null
            ? TestProcess.Lanyard("emulator", "--http-address", $"127.0.0.1:{port}")
            : TestProcess.Lanyard("emulator", "--http-address", $"127.0.0.1:{port}", "--directory", directoryFile);
        await emulator.WaitUntilOkAsync($"http://127.0.0.1:{port}/");
        return emulator;
    }

    /// <summary>TOML for the emulator's dev client in Contoso, on plain http (so the cookie is not Secure).</summary>
    public static string ClientToml(int port) => $"""
        provider = "entra-id"
        oidc_issuer_url = "http://127.0.0.1:{port}/{DemoDirectory.ContosoTenantId}/v2.0"
        client_id = "{DemoDirectory.DevClientId}"
        client_secret = "{DemoDirectory.DevClientSecret}"
        cookie_secret = "kPZ7Qp3w0b8mY1sV5xT9rN2uA6eC4dF0"
        cookie_secure = false
        """;
}
