namespace Lanyard.Kubectl;

/// <summary>
/// One get-token run under the cache entry's lock: a cached token until five minutes before it expires, then a
/// silent refresh, then (with <c>invalid_grant</c> or no refresh token) a fresh sign-in; the result is cached.
/// Managed identity is not cached (IMDS is local and caches itself), as in kubelogin.
/// </summary>
internal sealed class GetTokenRunner(GetTokenRequest request, HttpClient http, TimeProvider time, TextWriter error)
{
    public static readonly TimeSpan RenewBefore = TimeSpan.FromMinutes(5);

    /// <summary>Longer than a device code lives (15 minutes), so a waiting run outlasts the sign-in it waits for.</summary>
    public static readonly TimeSpan LockWait = TimeSpan.FromMinutes(16);

    public async Task<IssuedToken> RunAsync(CancellationToken cancellationToken)
    {
        var client = new EntraTokenClient(http, request.Authority, time);
        var signIn = new SignIn(request, client, http, time, error);
        if (request.Login == LoginMode.Msi)
        {
            return await signIn.RunAsync(cancellationToken);
        }

        try
        {
            return await CachedAsync(signIn, cancellationToken);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            // An unwritable cache directory is the user's to fix, said in one line, not a stack trace.
            throw new SignInFailedException($"the token cache in {request.CacheDirectory} cannot be used: {e.Message}");
        }
    }

    private async Task<IssuedToken> CachedAsync(SignIn signIn, CancellationToken cancellationToken)
    {
        var cache = new TokenCache(request.CacheDirectory);
        var key = request.CacheKey;
        using (await cache.LockAsync(key, LockWait, time, cancellationToken))
        {
            var cached = cache.Read(key);
            if (cached is not null && cached.ExpiresAt - RenewBefore > time.GetUtcNow())
            {
                return cached;
            }

            if (cached?.RefreshToken is { } refreshToken)
            {
                switch (await signIn.RefreshAsync(refreshToken, cancellationToken))
                {
                    case TokenAnswer.Issued issued:
                        var renewed = issued.Token with { RefreshToken = issued.Token.RefreshToken ?? refreshToken };
                        cache.Write(key, renewed);
                        return renewed;
                    case TokenAnswer.Refused refused:
                        // invalid_grant (password changed, revoked, expired: kubelogin#101) and any other refusal
                        // mean the same here: the stored sign-in is dead, so forget it and sign in again.
                        cache.Remove(key);
                        await error.WriteLineAsync($"The cached sign-in can no longer be refreshed ({refused.Description}); signing in again.");
                        break;
                }
            }

            var token = await signIn.RunAsync(cancellationToken);
            cache.Write(key, token);
            return token;
        }
    }
}
