using Lanyard.Configuration;

namespace Lanyard.Tests.Configuration;

/// <summary>approval_prompt, acr_values, response_mode, PKCE method, nonce, audience claims, signing algs and bearer fallback, as bound.</summary>
public sealed class SignInRequestBinderTests
{
    private static ProviderOptions Provider(string extra = "") => TomlBinding.Bind(TomlBinding.MinimalOidc + "\n" + extra).Provider;

    [Fact]
    public void Defaults_AreOauth2ProxysWhereSafe_AndSaferWhereNot()
    {
        var provider = Provider();

        // oauth2-proxy: approval_prompt=force without prompt; bearer fallback on. Lanyard: nonce on (oauth2-proxy: off).
        Assert.Equal(new SignInRequestOptions("force", null, null, SendNonce: true, CodeChallengeMethod: null), provider.SignInRequest);
        Assert.True(provider.BearerLoginFallback);
        Assert.Equal(["aud"], provider.TokenValidation.AudienceClaims);
        Assert.Equal(TokenValidationOptions.AsymmetricAlgorithms, provider.TokenValidation.SigningAlgorithms);
    }

    [Fact]
    public void Prompt_LeavesNoApprovalPrompt()
    {
        Assert.Null(Provider("prompt = \"consent\"\napproval_prompt = \"force\"").SignInRequest.ApprovalPrompt);
    }

    [Fact]
    public void DeprecatedPkceName_IsRead_AndAgreeingWithTheNewOne_IsFine()
    {
        Assert.Equal("S256", Provider("force_code_challenge_method = \"S256\"").SignInRequest.CodeChallengeMethod);
        Assert.Equal("S256", Provider("code_challenge_method = \"S256\"\nforce_code_challenge_method = \"S256\"").SignInRequest.CodeChallengeMethod);
    }

    [Fact]
    public void SkipNonce_StopsTheNonce()
    {
        Assert.False(Provider("insecure_oidc_skip_nonce = true").SignInRequest.SendNonce);
    }

    [Fact]
    public void AudienceClaimsAndAlgorithms_KeepTheirOrder_WithoutDuplicates()
    {
        var validation = Provider("oidc_audience_claims = [\"azp\", \"aud\", \"azp\"]\noidc_enabled_signing_algs = [\"ES256\", \"RS256\", \"ES256\"]").TokenValidation;

        Assert.Equal(["azp", "aud"], validation.AudienceClaims);
        Assert.Equal(["ES256", "RS256"], validation.SigningAlgorithms);
        Assert.False(validation.StandardAudience);
    }

    [Fact]
    public void AcrValues_AreTrimmed_AndEmptyMeansNone()
    {
        Assert.Equal("urn:a urn:b", Provider("acr_values = \" urn:a urn:b \"").SignInRequest.AcrValues);
        Assert.Null(Provider("acr_values = \"\"").SignInRequest.AcrValues);
    }

    [Fact]
    public void LoginFallbackOff_IsBound()
    {
        Assert.False(Provider("skip_jwt_bearer_tokens = true\nbearer_token_login_fallback = false").BearerLoginFallback);
    }

    [Theory]
    [InlineData("code_challenge_method = \"S256\"\nforce_code_challenge_method = \"plain\"", "force_code_challenge_method", "'plain' is refused")]
    [InlineData("oidc_enabled_signing_algs = [\"none\"]", "oidc_enabled_signing_algs", "'none' is not a JWT signing algorithm")]
    [InlineData("oidc_audience_claims = []", "oidc_audience_claims", "must name at least one claim")]
    [InlineData("acr_values = \"urn:\u00e9\"", "acr_values", "printable ASCII")]
    public void BadValues_AreRefused_NamingTheOption(string toml, string option, string message)
    {
        var error = TomlBinding.SingleError(() => TomlBinding.Bind(TomlBinding.MinimalOidc + "\n" + toml));

        Assert.Equal(option, error.Option);
        Assert.Contains(message, error.Message, StringComparison.Ordinal);
    }
}
