namespace Lanyard.Emulator.Tests.Harness;

/// <summary>The relying party's side of one authorization code flow; defaults are the dev app on contoso.test.</summary>
internal sealed record CodeFlow
{
    public string Tenant { get; init; } = DemoDirectory.ContosoDomain;

    public string ClientId { get; init; } = DemoDirectory.DevClientId;

    public string ClientSecret { get; init; } = DemoDirectory.DevClientSecret;

    public string RedirectUri { get; init; } = "http://127.0.0.1:4180/oauth2/callback";

    public string Scope { get; init; } = "openid profile email offline_access";

    public string State { get; init; } = "state-" + Guid.NewGuid().ToString("N");

    public string Nonce { get; init; } = "nonce-" + Guid.NewGuid().ToString("N");

    public string Verifier { get; init; } = Pkce.NewVerifier();

    public Dictionary<string, string> AuthorizeParameters(string? loginHint)
    {
        var parameters = new Dictionary<string, string>
        {
            ["client_id"] = ClientId,
            ["response_type"] = "code",
            ["redirect_uri"] = RedirectUri,
            ["scope"] = Scope,
            ["state"] = State,
            ["nonce"] = Nonce,
            ["code_challenge"] = Pkce.Challenge(Verifier),
            ["code_challenge_method"] = "S256",
        };
        if (loginHint is not null)
        {
            parameters["login_hint"] = loginHint;
        }

        return parameters;
    }

    public Dictionary<string, string> RedeemParameters(string code) => new()
    {
        ["grant_type"] = "authorization_code",
        ["client_id"] = ClientId,
        ["client_secret"] = ClientSecret,
        ["code"] = code,
        ["redirect_uri"] = RedirectUri,
        ["code_verifier"] = Verifier,
    };
}
