namespace Lanyard.Providers.Oidc;

/// <summary>What came of a token request: tokens, a refusal by the provider, or no usable answer at all.</summary>
internal abstract record TokenRequestResult
{
    private TokenRequestResult()
    {
    }

    public sealed record Issued(TokenEndpointResponse Tokens) : TokenRequestResult;

    /// <summary>The provider answered with an OAuth error (invalid_grant, invalid_client …).</summary>
    public sealed record Refused(string Error, string? Description) : TokenRequestResult;

    /// <summary>The provider could not be reached or its answer was not a token response.</summary>
    public sealed record Unavailable(string Reason) : TokenRequestResult;
}
