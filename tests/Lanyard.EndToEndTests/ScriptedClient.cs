using System.Net;

namespace Lanyard.EndToEndTests;

/// <summary>What <c>curl -L -c jar -b jar</c> does: follow redirects, keep cookies. Real sockets on 127.0.0.1.</summary>
internal static class ScriptedClient
{
    public static HttpClient Create(string accept = "*/*") => Create(new CookieContainer(), accept);

    /// <summary>With the caller's cookie jar, for what else must carry the session (a WebSocket, a second client).</summary>
    public static HttpClient Create(CookieContainer cookies, string accept = "*/*")
    {
        var client = new HttpClient(new HttpClientHandler { CookieContainer = cookies, AllowAutoRedirect = true, MaxAutomaticRedirections = 10 })
        {
            Timeout = TimeSpan.FromSeconds(30),
        };
        client.DefaultRequestHeaders.Accept.ParseAdd(accept);
        return client;
    }
}
