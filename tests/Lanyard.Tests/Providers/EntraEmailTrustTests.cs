using Lanyard.Configuration;
using Lanyard.Providers.Entra;
using Lanyard.Security;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.IdentityModel.JsonWebTokens;

namespace Lanyard.Tests.Providers;

/// <summary>
/// Issue 9, finding 1: Entra ID does not verify <c>email</c>. An address reaches rules and headers only where Entra
/// vouches for it: <c>xms_edov</c>, or a member of a pinned tenant; otherwise the identity has no email and says why.
/// </summary>
public sealed class EntraEmailTrustTests
{
    private const string Contoso = "7c5a1d6e-3b2f-4e8a-9d1c-6f0b2a4e8c31";
    private const string Fabrikam = "f4b12c9d-6a3e-4f70-8b5c-2d9e1a7f3c60";

    private static EntraIdProviderEvents Events(string issuer, bool skip, string[]? allowedTenants = null, bool allowUnverified = false)
    {
        var options = new ProviderOptions(
            ProviderType.EntraId, "Microsoft Entra ID", new Uri(issuer), "client", new ClientCredentialOptions.ClientSecret(new Secret("s")),
            ["openid"], null, skip, new EntraIdOptions(allowedTenants ?? [], null), AllowUnverifiedEmail: allowUnverified);
        return new(options, new ResolveGroupOverage(options, null!, TimeProvider.System, NullLogger<ResolveGroupOverage>.Instance));
    }

    private static EntraIdProviderEvents MultiTenant(params string[] allowedTenants) => Events("https://login.microsoftonline.com/common/v2.0", skip: true, allowedTenants);

    private static JsonWebToken Token(object claims) =>
        new(new JsonWebTokenHandler().CreateToken(System.Text.Json.JsonSerializer.Serialize(claims)));

    private static string Iss(string tenant) => $"https://login.microsoftonline.com/{tenant}/v2.0";

    [Fact]
    public void MultiTenantWithoutPinning_DoesNotTrustEmail_AndSaysWhy()
    {
        var identity = MultiTenant().CreateIdentity(Token(new { sub = "m", iss = Iss(Fabrikam), tid = Fabrikam, email = "alice@contoso.test" }));

        Assert.Null(identity.Email);
        Assert.Contains("does not verify", identity.EmailProblem, StringComparison.Ordinal);
    }

    [Fact]
    public void MultiTenantWithoutPinning_DoesNotTrustAPreferredUsernameFallbackEither()
    {
        var identity = MultiTenant().CreateIdentity(Token(new { sub = "m", iss = Iss(Fabrikam), tid = Fabrikam, preferred_username = "alice@contoso.test" }));

        Assert.Null(identity.Email);
        Assert.NotNull(identity.EmailProblem);
        Assert.Equal("alice@contoso.test", identity.PreferredUsername); // still shown as a display name, never decided on
    }

    [Theory]
    [InlineData("common")]
    [InlineData("organizations")]
    public void MultiTenantEndpointWithoutTheSkipFlag_PinsNoTenantEither(string endpoint)
    {
        var events = Events($"https://login.microsoftonline.com/{endpoint}/v2.0", skip: false);

        var identity = events.CreateIdentity(Token(new { sub = "m", iss = Iss(Fabrikam), tid = Fabrikam, email = "alice@contoso.test" }));

        Assert.Null(identity.Email);
        Assert.Contains("does not verify", identity.EmailProblem, StringComparison.Ordinal);
    }

    [Fact]
    public void XmsEdovTrue_TrustsTheEmailClaim_InAnyTenant()
    {
        var identity = MultiTenant().CreateIdentity(Token(new { sub = "a", iss = Iss(Contoso), tid = Contoso, email = "alice@contoso.test", xms_edov = true }));

        Assert.Equal("alice@contoso.test", identity.Email);
        Assert.Null(identity.EmailProblem);
    }

    [Fact]
    public void XmsEdovFalse_WinsOverAPinnedTenant()
    {
        var identity = MultiTenant(Fabrikam).CreateIdentity(Token(new { sub = "m", iss = Iss(Fabrikam), tid = Fabrikam, email = "alice@contoso.test", xms_edov = false }));

        Assert.Null(identity.Email);
        Assert.Contains("xms_edov", identity.EmailProblem, StringComparison.Ordinal);
    }

    [Fact]
    public void XmsEdovDoesNotVouchForAUsernameFallback()
    {
        var identity = MultiTenant().CreateIdentity(Token(new { sub = "m", iss = Iss(Fabrikam), tid = Fabrikam, preferred_username = "alice@contoso.test", xms_edov = true }));

        Assert.Null(identity.Email);
    }

    [Fact]
    public void MemberOfAnAllowedTenant_IsTrusted()
    {
        var identity = MultiTenant(Contoso).CreateIdentity(Token(new { sub = "a", iss = Iss(Contoso), tid = Contoso, email = "alice@contoso.test" }));

        Assert.Equal("alice@contoso.test", identity.Email);
    }

    [Fact]
    public void MemberOfTheSingleTenant_IsTrusted()
    {
        var events = Events(Iss(Contoso), skip: false);

        Assert.Equal("alice@contoso.test", events.CreateIdentity(Token(new { sub = "a", iss = Iss(Contoso), tid = Contoso, email = "alice@contoso.test" })).Email);
    }

    [Theory]
    [InlineData("https://sts.windows.net/" + Fabrikam + "/")]
    [InlineData("live.com")]
    public void GuestInAPinnedTenant_NeedsXmsEdov(string idp)
    {
        var events = Events(Iss(Contoso), skip: false);
        var guest = new { sub = "g", iss = Iss(Contoso), tid = Contoso, email = "guest@elsewhere.test", idp };

        Assert.Null(events.CreateIdentity(Token(guest)).Email);
        Assert.Equal("guest@elsewhere.test", events.CreateIdentity(Token(new { guest.sub, guest.iss, guest.tid, guest.email, guest.idp, xms_edov = true })).Email);
    }

    [Fact]
    public void IdpNamingTheTenantItself_IsAMember()
    {
        var events = Events(Iss(Contoso), skip: false);

        Assert.Equal("a@contoso.test", events.CreateIdentity(Token(new { sub = "a", iss = Iss(Contoso), tid = Contoso, email = "a@contoso.test", idp = $"https://sts.windows.net/{Contoso}/" })).Email);
    }

    [Fact]
    public void AllowUnverifiedEmail_TrustsWhatEntraSays()
    {
        var events = Events("https://login.microsoftonline.com/common/v2.0", skip: true, allowUnverified: true);

        Assert.Equal("alice@contoso.test", events.CreateIdentity(Token(new { sub = "m", iss = Iss(Fabrikam), tid = Fabrikam, email = "alice@contoso.test", xms_edov = false })).Email);
    }

    [Fact]
    public void BearerTokens_FollowTheSameRule()
    {
        var token = Token(new { sub = "m", iss = $"https://sts.windows.net/{Fabrikam}/", tid = Fabrikam, ver = "1.0", upn = "alice@contoso.test", appid = "x", scp = "read" });

        Assert.Null(MultiTenant().CreateIdentityFromAccessToken(token, Lanyard.Providers.Oidc.BearerTokenType.User).Email);
        Assert.Equal("alice@contoso.test", MultiTenant(Fabrikam).CreateIdentityFromAccessToken(token, Lanyard.Providers.Oidc.BearerTokenType.User).Email);
    }
}
