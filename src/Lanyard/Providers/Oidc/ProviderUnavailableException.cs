namespace Lanyard.Providers.Oidc;

/// <summary>
/// A bearer token could not be judged: the provider's metadata, or the signing key the token names, could not be
/// loaded. Not a refusal (the token may be good): callers answer 503 so the client retries, as the TokenReview
/// webhook does, never 401, which a client takes as final, and never a pass.
/// </summary>
internal sealed class ProviderUnavailableException(string message) : Exception(message);
