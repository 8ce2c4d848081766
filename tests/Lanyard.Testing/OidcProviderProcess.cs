namespace Lanyard.Testing;

/// <summary>
/// The npm package oidc-provider (a certified OpenID Provider nobody here wrote), run by Node on 127.0.0.1 from
/// tests/oidc-provider, installed by ./test.sh with <c>npm ci</c>. A missing Node or package is a test failure,
/// never a skip: the message says how to install it.
/// </summary>
public static class OidcProviderProcess
{
    public const string ClientId = "lanyard";
    public const string ClientSecret = "lanyard-oidc-provider-secret";

    public static async Task<TestProcess> StartAsync(int port, string redirectUri)
    {
        var directory = Path.Combine(RepositoryPaths.Root, "tests", "oidc-provider");
        if (!Directory.Exists(Path.Combine(directory, "node_modules", "oidc-provider")))
        {
            throw new InvalidOperationException($"oidc-provider is not installed in {directory}; run ./test.sh (it runs npm ci there) or: npm ci --prefix {directory}");
        }

        var process = TestProcess.Start("node", ["server.mjs", port.ToString(System.Globalization.CultureInfo.InvariantCulture), redirectUri], workingDirectory: directory);
        await process.WaitForOutputAsync($"ready http://127.0.0.1:{port}");
        return process;
    }
}
