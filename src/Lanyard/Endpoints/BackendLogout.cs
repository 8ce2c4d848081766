using Lanyard.Configuration;
using Lanyard.Observability;
using Lanyard.Providers.Oidc;
using Lanyard.Sessions;

namespace Lanyard.Endpoints;

/// <summary>
/// oauth2-proxy's <c>backend_logout_url</c>: at sign-out, before the session is cleared, a server-side GET to the
/// configured URL with <c>{id_token}</c> replaced by the session's ID token (so the provider can end its own
/// session). A failure is logged (status or reason, never the URL's query, which holds the token) and sign-out
/// goes on, as in oauth2-proxy. Through the provider's named client, with its timeout.
/// </summary>
internal sealed class BackendLogout(ProviderOptions options, IHttpClientFactory httpClients, ILogger<BackendLogout> logger)
{
    private const string IdTokenPlaceholder = "{id_token}";

    public async Task CallAsync(SessionTicket? ticket, CancellationToken cancellationToken)
    {
        if (options.BackendLogoutUrl is not { } template || ticket is null)
        {
            return;
        }

        var url = new Uri(template.Replace(IdTokenPlaceholder, Uri.EscapeDataString(ticket.Tokens.IdToken ?? ""), StringComparison.Ordinal));
        // What the log may show: host and path, with the placeholder for the token (which may stand in the path as
        // well as the query) and without any user:password of the URL.
        var configured = new Uri(template.Replace(IdTokenPlaceholder, "ID_TOKEN", StringComparison.Ordinal));
        var shown = $"{configured.Scheme}://{configured.Authority}{configured.AbsolutePath}";
        try
        {
            using var response = await httpClients.CreateClient(HttpClientNames.Provider).GetAsync(url, HttpCompletionOption.ResponseHeadersRead, cancellationToken);
            if ((int)response.StatusCode is not (200 or 204))
            {
                LogEvents.BackendLogoutRefused(logger, shown, (int)response.StatusCode);
            }
        }
        catch (HttpRequestException e)
        {
            LogEvents.BackendLogoutUnavailable(logger, shown, e.HttpRequestError.ToString());
        }
        catch (TaskCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            LogEvents.BackendLogoutUnavailable(logger, shown, "timed out");
        }
    }
}
