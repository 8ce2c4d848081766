using System.CommandLine;
using System.Security.Cryptography;
using Lanyard.Configuration;
using Lanyard.Demo;
using Lanyard.Emulator;
using Lanyard.Emulator.Hosting;
using Lanyard.Hosting;
using Lanyard.Providers.Entra;

namespace Lanyard.Cli;

/// <summary>
/// <c>lanyard dev</c>: the Entra ID emulator, the proxy (as an <c>entra-id</c> provider against the emulator) and a
/// demo app behind it, with nothing to configure. Every <c>serve</c> option still works on top of these defaults,
/// and <c>--emulator-url</c> points the proxy at an emulator that is already running instead of starting one.
/// </summary>
internal static class DevCommand
{
    public static Command Create()
    {
        var settings = new ProxySettings();
        var emulatorUrl = new Option<string>("--emulator-url") { Description = "Use this running emulator (e.g. http://127.0.0.1:4181) instead of starting one" };
        var emulatorHttpsAddress = new Option<string>("--emulator-https-address") { Description = "Also serve the emulator over https on this host:port, with its own certificate (see lanyard emulator trust-cert), for MSAL and Azure.Identity apps" };
        var command = new Command("dev", "Run the emulator, the proxy and a demo app on this machine: sign in at http://127.0.0.1:4180/.") { emulatorUrl, emulatorHttpsAddress };
        settings.AddTo(command);
        command.SetAction(async (parseResult, cancellationToken) =>
        {
            var output = parseResult.InvocationConfiguration.Output;
            var error = parseResult.InvocationConfiguration.Error;
            var hosts = new List<WebApplication>();
            try
            {
                var authority = parseResult.GetValue(emulatorUrl)?.TrimEnd('/');
                string? emulatorHttpsUrl = null;
                if (authority is null)
                {
                    // The proxy keeps talking to the emulator over http; https is for the developer's own apps.
                    List<string> urls = [$"http://{EmulatorCommand.DefaultAddress}"];
                    EmulatorTlsCertificate? certificate = null;
                    if (parseResult.GetValue(emulatorHttpsAddress) is { } httpsText)
                    {
                        if (!ListenAddress.TryParse(httpsText, out var httpsListen, out var problem))
                        {
                            await error.WriteLineAsync($"--emulator-https-address: {problem}");
                            return 1;
                        }

                        try
                        {
                            certificate = EmulatorTlsCertificate.LoadOrCreate(EmulatorTlsCertificate.DefaultDirectory(), TimeProvider.System);
                        }
                        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
                        {
                            await error.WriteLineAsync($"--emulator-https-address: cannot read or create the emulator's certificate: {e.Message}");
                            return 1;
                        }

                        urls.Add(EmulatorCommand.ListenUrl(httpsListen!, "https"));
                        emulatorHttpsUrl = httpsListen!.ToDisplayUrl("https");
                    }

                    var emulator = EntraEmulatorHost.Create(new EntraEmulatorOptions(), urls, certificate?.Certificate);
                    hosts.Add(emulator);
                    if (!await HostRunner.TryStartAsync(emulator, "emulator", string.Join(", ", urls), error, cancellationToken))
                    {
                        await error.WriteLineAsync("lanyard: if an emulator is already running there, pass --emulator-url http://" + EmulatorCommand.DefaultAddress);
                        return 1;
                    }

                    authority = "http://" + EmulatorCommand.DefaultAddress;
                }

                var demo = DemoUpstreamHost.Create(["http://127.0.0.1:0"]);
                hosts.Add(demo);
                if (!await HostRunner.TryStartAsync(demo, "demo app", "127.0.0.1", error, cancellationToken))
                {
                    return 1;
                }

                LanyardOptions options;
                try
                {
                    options = settings.Bind(parseResult, DevDefaults(authority, HostRunner.BoundAddress(demo)));
                }
                catch (ConfigurationException e)
                {
                    await error.WriteLineAsync(e.Message);
                    return 1;
                }

                var proxy = LanyardProxyHost.Create(options);
                hosts.Add(proxy);
                var proxyUrl = options.Server.DisplayUrl;
                if (!await HostRunner.TryStartAsync(proxy, "proxy", proxyUrl, error, cancellationToken))
                {
                    return 1;
                }

                await output.WriteLineAsync(Banner(proxyUrl, authority, emulatorHttpsUrl, HostRunner.BoundAddress(demo)));
                await HostRunner.WaitForShutdownAsync(cancellationToken, [.. hosts]);
                return 0;
            }
            finally
            {
                foreach (var host in hosts)
                {
                    await host.DisposeAsync();
                }
            }
        });
        return command;
    }

    /// <summary>
    /// The proxy settings dev uses unless told otherwise. The cookie secret is fresh on each run (sessions end
    /// when dev stops); pass --cookie-secret to keep them, or to share them between two dev replicas.
    /// </summary>
    private static IEnumerable<Setting> DevDefaults(string emulatorAuthority, string demoUrl)
    {
        const string origin = "lanyard dev";
        yield return new Setting("provider", "entra-id", origin);
        // Multi-tenant through "common", as most Entra ID apps are: contoso's users and personal accounts may sign
        // in, fabrikam's (carol) are refused with a page that says why. User.Read lets the proxy read erin's 250
        // groups from the emulator's Microsoft Graph. No insecure_oidc_skip_issuer_verification: the {tenantid}
        // issuer template of common's discovery document is checked as Entra's own.
        yield return new Setting("oidc_issuer_url", $"{emulatorAuthority}/common/v2.0", origin);
        yield return new Setting("entra_id_allowed_tenants", (IReadOnlyList<string>)[DemoDirectory.ContosoTenantId, EntraTenants.PersonalAccounts], origin);
        yield return new Setting("entra_id_graph_url", emulatorAuthority + "/", origin);
        yield return new Setting("client_id", DemoDirectory.DevClientId, origin);
        yield return new Setting("client_secret", DemoDirectory.DevClientSecret, origin);
        yield return new Setting("scope", "openid profile email offline_access User.Read", origin);
        yield return new Setting("cookie_refresh", "30m", origin);
        yield return new Setting("cookie_secret", Convert.ToBase64String(RandomNumberGenerator.GetBytes(32)), origin);
        // Plain http on loopback: a Secure cookie would never come back.
        yield return new Setting("cookie_secure", false, origin);
        yield return new Setting("email_domains", (IReadOnlyList<string>)["*"], origin);
        // /oauth2/auth answers with the identity, so the demo shows what nginx's auth_request would pass on.
        yield return new Setting("set_xauthrequest", true, origin);
        // Opening the proxy goes straight to the emulator's user picker: one page fewer in the demo.
        yield return new Setting("skip_provider_button", true, origin);
        yield return new Setting("upstreams", (IReadOnlyList<string>)[demoUrl.TrimEnd('/') + "/"], origin);
    }

    private static string Banner(string proxyUrl, string emulatorUrl, string? emulatorHttpsUrl, string demoUrl) => $"""

        Lanyard dev is running.
          Open {proxyUrl}/ and pick a demo user: alice@contoso.test (group "admins", role Lanyard.Admin), bob@contoso.test
          (no groups), erin@contoso.test (250 groups, read from Microsoft Graph), dave@outlook.test (personal account);
          carol@fabrikam.test is refused: her tenant is not in entra_id_allowed_tenants.
          Proxy     {proxyUrl}   (provider entra-id, client {DemoDirectory.DevClientId})
          Emulator  {emulatorUrl}   (Entra ID and Microsoft Graph; tenant contoso.test = {DemoDirectory.ContosoTenantId}){HttpsLine(emulatorHttpsUrl)}
          Demo app  {demoUrl}   (behind the proxy)
          Sign in by script:
            curl -sL -c jar -b jar '{proxyUrl}/oauth2/start?login_hint=alice@contoso.test&rd=/'
        Press Ctrl+C to stop.
        """;

    private static string HttpsLine(string? emulatorHttpsUrl) =>
        emulatorHttpsUrl is null ? "" : $"{Environment.NewLine}  Emulator  {emulatorHttpsUrl}   (https; trust its certificate: lanyard emulator trust-cert)";
}
