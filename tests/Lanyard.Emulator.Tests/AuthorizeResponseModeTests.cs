using System.Buffers.Text;
using System.Security.Cryptography;
using System.Text;
using Lanyard.Emulator.Tests.Harness;

namespace Lanyard.Emulator.Tests;

/// <summary>
/// Response types code, id_token and code id_token in the modes query, fragment and form_post, where Entra allows them
/// (entra-protocol.md §2), with Entra's defaults: query for a code alone, fragment as soon as an ID token comes back.
/// </summary>
public sealed class AuthorizeResponseModeTests
{
    [Theory]
    [InlineData("code", null, "query")]
    [InlineData("code", "query", "query")]
    [InlineData("code", "fragment", "fragment")]
    [InlineData("code", "form_post", "form_post")]
    [InlineData("id_token", null, "fragment")]
    [InlineData("id_token", "fragment", "fragment")]
    [InlineData("id_token", "form_post", "form_post")]
    [InlineData("code id_token", null, "fragment")]
    [InlineData("code id_token", "fragment", "fragment")]
    [InlineData("code id_token", "form_post", "form_post")]
    [InlineData("id_token code", null, "fragment")]
    public async Task AllowedCombination_DeliversInItsMode_WhatTheResponseTypeNames(string responseType, string? responseMode, string deliveredAs)
    {
        await using var emulator = await EmulatorHarness.StartAsync();
        var flow = new CodeFlow();

        using var response = await emulator.AuthorizeAsync(flow, DemoDirectory.AliceUserPrincipalName, p =>
        {
            p["response_type"] = responseType;
            if (responseMode is not null)
            {
                p["response_mode"] = responseMode;
            }
        });

        var answer = await AuthorizeAnswer.ReadAsync(response, flow.RedirectUri, deliveredAs);
        var returnsCode = responseType.Contains("code", StringComparison.Ordinal);
        var returnsIdToken = responseType.Contains("id_token", StringComparison.Ordinal);
        Assert.Equal(flow.State, answer["state"]);
        Assert.True(Guid.TryParse(answer["session_state"], out _));
        Assert.Equal(returnsCode, answer.ContainsKey("code"));
        Assert.Equal(returnsIdToken, answer.ContainsKey("id_token"));
        Assert.False(answer.ContainsKey("error"));

        if (returnsIdToken)
        {
            var idToken = Jwt.Parse(answer["id_token"]);
            var jwk = (await emulator.JwksAsync()).GetProperty("keys").EnumerateArray().Single(k => k.GetProperty("kid").GetString() == idToken.KeyId);
            Assert.True(idToken.VerifiesWith(jwk));
            Assert.Equal(DemoDirectory.DevClientId, idToken.Claim("aud"));
            Assert.Equal(flow.Nonce, idToken.Claim("nonce"));
            Assert.Equal(answer["session_state"], idToken.Claim("sid"));
            Assert.Equal(returnsCode, idToken.Has("c_hash"));
        }

        if (returnsCode)
        {
            using var redeemed = await emulator.RedeemAsync(flow, answer["code"]);
            var tokens = await EmulatorHarness.ReadSuccessAsync(redeemed);
            Assert.Equal(flow.Nonce, Jwt.Parse(tokens.GetProperty("id_token").GetString()!).Claim("nonce"));
        }
    }

    [Fact]
    public async Task HybridIdToken_CarriesTheCHashOfItsCode()
    {
        await using var emulator = await EmulatorHarness.StartAsync();
        var flow = new CodeFlow();

        using var response = await emulator.AuthorizeAsync(flow, DemoDirectory.AliceUserPrincipalName, p => p["response_type"] = "code id_token");

        var answer = AuthorizeAnswer.FromFragment(response, flow.RedirectUri);
        var idToken = Jwt.Parse(answer["id_token"]);

        // OpenID Connect Core §3.3.2.11: base64url of the left half of SHA-256 (the hash of RS256) of the code's ASCII.
        var expected = Base64Url.EncodeToString(SHA256.HashData(Encoding.ASCII.GetBytes(answer["code"])).AsSpan(0, 16));
        Assert.Equal(expected, idToken.Claim("c_hash"));
        Assert.Equal(flow.Nonce, idToken.Claim("nonce"));
        Assert.False(idToken.Has("at_hash"));
    }

    [Theory]
    [InlineData("id_token")]
    [InlineData("code id_token")]
    public async Task IdTokenInTheQuery_IsAadsts70007_AnsweredInTheQuery(string responseType)
    {
        await using var emulator = await EmulatorHarness.StartAsync();
        var flow = new CodeFlow();

        using var response = await emulator.AuthorizeAsync(flow, DemoDirectory.AliceUserPrincipalName, p =>
        {
            p["response_type"] = responseType;
            p["response_mode"] = "query";
        });

        var answer = AssertError(AuthorizeAnswer.FromQuery(response, flow.RedirectUri), flow, "invalid_request", 70007);
        Assert.False(answer.ContainsKey("id_token"));
    }

    [Theory]
    [InlineData("token")]
    [InlineData("id_token token")]
    public async Task ImplicitAccessToken_IsNotEnabled_Aadsts700051(string responseType)
    {
        await using var emulator = await EmulatorHarness.StartAsync();
        var flow = new CodeFlow();

        using var response = await emulator.AuthorizeAsync(flow, DemoDirectory.AliceUserPrincipalName, p => p["response_type"] = responseType);

        AssertError(AuthorizeAnswer.FromFragment(response, flow.RedirectUri), flow, "unsupported_response_type", 700051);
    }

    [Theory]
    [InlineData("id_token")]
    [InlineData("code id_token")]
    public async Task IdToken_ForAnAppWithoutIdTokenIssuance_IsAadsts700054(string responseType)
    {
        await using var emulator = await EmulatorHarness.StartAsync();
        var flow = new CodeFlow { ClientId = DemoDirectory.DemoApiClientId, ClientSecret = DemoDirectory.DemoApiClientSecret };

        using var response = await emulator.AuthorizeAsync(flow, DemoDirectory.AliceUserPrincipalName, p => p["response_type"] = responseType);

        AssertError(AuthorizeAnswer.FromFragment(response, flow.RedirectUri), flow, "unsupported_response_type", 700054);
    }

    [Fact]
    public async Task CodeAlone_ForAnAppWithoutIdTokenIssuance_StillWorks()
    {
        await using var emulator = await EmulatorHarness.StartAsync();
        var flow = new CodeFlow { ClientId = DemoDirectory.DemoApiClientId, ClientSecret = DemoDirectory.DemoApiClientSecret };

        using var response = await emulator.AuthorizeAsync(flow, DemoDirectory.AliceUserPrincipalName, p => p["response_mode"] = "form_post");

        var answer = await AuthorizeAnswer.ReadAsync(response, flow.RedirectUri, "form_post");
        using var redeemed = await emulator.RedeemAsync(flow, answer["code"]);
        await EmulatorHarness.ReadSuccessAsync(redeemed);
    }

    [Theory]
    [InlineData("id_token")]
    [InlineData("code id_token")]
    public async Task IdTokenWithoutNonce_IsAadsts90014(string responseType)
    {
        await using var emulator = await EmulatorHarness.StartAsync();
        var flow = new CodeFlow();

        using var response = await emulator.AuthorizeAsync(flow, DemoDirectory.AliceUserPrincipalName, p =>
        {
            p["response_type"] = responseType;
            p.Remove("nonce");
        });

        AssertError(AuthorizeAnswer.FromFragment(response, flow.RedirectUri), flow, "invalid_request", 90014);
    }

    [Theory]
    [InlineData("code", "query")]
    [InlineData("id_token", "fragment")]
    public async Task UnknownResponseMode_IsRefused_InTheResponseTypesDefaultMode(string responseType, string deliveredAs)
    {
        await using var emulator = await EmulatorHarness.StartAsync();
        var flow = new CodeFlow();

        using var response = await emulator.AuthorizeAsync(flow, DemoDirectory.AliceUserPrincipalName, p =>
        {
            p["response_type"] = responseType;
            p["response_mode"] = "web_message";
        });

        AssertError(await AuthorizeAnswer.ReadAsync(response, flow.RedirectUri, deliveredAs), flow, "invalid_request", 9002313);
    }

    [Theory]
    [InlineData("code code")]
    [InlineData("code foo")]
    [InlineData("none")]
    public async Task UnknownResponseType_IsUnsupported(string responseType)
    {
        await using var emulator = await EmulatorHarness.StartAsync();
        var flow = new CodeFlow();

        using var response = await emulator.AuthorizeAsync(flow, DemoDirectory.AliceUserPrincipalName, p => p["response_type"] = responseType);

        AssertError(AuthorizeAnswer.FromQuery(response, flow.RedirectUri), flow, "unsupported_response_type", 700054);
    }

    [Theory]
    [InlineData("code", "query")]
    [InlineData("code", "fragment")]
    [InlineData("code", "form_post")]
    [InlineData("id_token", "fragment")]
    [InlineData("code id_token", "form_post")]
    public async Task ErrorsAfterTheRedirectUriIsTrusted_UseTheRequestsResponseMode(string responseType, string responseMode)
    {
        await using var emulator = await EmulatorHarness.StartAsync();
        var flow = new CodeFlow();

        using var response = await emulator.AuthorizeAsync(flow, loginHint: null, p =>
        {
            p["response_type"] = responseType;
            p["response_mode"] = responseMode;
            p["prompt"] = "none";
        });

        var answer = AssertError(await AuthorizeAnswer.ReadAsync(response, flow.RedirectUri, responseMode), flow, "login_required", 50058);
        Assert.Equal($"{EmulatorHarness.Authority}/error?code=50058", answer["error_uri"]);
    }

    [Fact]
    public async Task FormPost_IsHtmlEncoded_AndSubmitsWithoutScriptToo()
    {
        await using var emulator = await EmulatorHarness.StartAsync();
        var flow = new CodeFlow { State = "\"><script>alert(1)</script>&x='y'" };

        using var response = await emulator.AuthorizeAsync(flow, DemoDirectory.AliceUserPrincipalName, p =>
        {
            p["response_type"] = "code id_token";
            p["response_mode"] = "form_post";
        });

        var form = await AuthorizeAnswer.FormPostAsync(response, flow.RedirectUri);
        var html = await EmulatorHarness.ReadTextAsync(response);
        Assert.Equal(["code", "id_token", "state", "session_state"], form.Hidden.Select(f => f.Key));
        Assert.Equal(flow.State, form.Hidden.Single(f => f.Key == "state").Value);
        Assert.DoesNotContain("<script>alert", html, StringComparison.Ordinal);

        // Without script the page still offers the one button that posts the form (Form Post Response Mode §2).
        Assert.Contains("<noscript>", html, StringComparison.Ordinal);
        Assert.Matches("<noscript>.*<input type=\"submit\"[^>]*>.*</noscript></form>", html);

        // The only script the page may run is the one that submits it, allowed by its hash.
        var script = System.Text.RegularExpressions.Regex.Match(html, "<script>(?<body>[^<]*)</script>").Groups["body"].Value;
        Assert.Equal("document.forms[0].submit();", script);
        var hash = Convert.ToBase64String(SHA256.HashData(Encoding.UTF8.GetBytes(script)));
        var csp = response.Headers.GetValues("Content-Security-Policy").Single();
        Assert.Contains($"script-src 'sha256-{hash}'", csp, StringComparison.Ordinal);
        Assert.Contains("default-src 'none'", csp, StringComparison.Ordinal);
        Assert.Equal("no-store", response.Headers.CacheControl!.ToString());
    }

    [Fact]
    public async Task FormPost_FromTheSignInPage_CarriesTheModeThrough()
    {
        await using var emulator = await EmulatorHarness.StartAsync();
        var flow = new CodeFlow();
        using var page = await emulator.AuthorizeAsync(flow, loginHint: null, p =>
        {
            p["response_type"] = "id_token";
            p["response_mode"] = "form_post";
        });
        var picker = Lanyard.Testing.HtmlForm.Parse(await EmulatorHarness.ReadTextAsync(page));

        using var response = await emulator.PostFormAsync(picker.Action, picker.SubmitWith(DemoDirectory.BobUserPrincipalName));

        var answer = await AuthorizeAnswer.ReadAsync(response, flow.RedirectUri, "form_post");
        Assert.Equal(DemoDirectory.BobObjectId, Jwt.Parse(answer["id_token"]).Claim("oid"));
    }

    private static Dictionary<string, string> AssertError(Dictionary<string, string> answer, CodeFlow flow, string error, int code)
    {
        Assert.Equal(error, answer["error"]);
        EntraErrorShape.AssertDescription(answer["error_description"], code);
        Assert.Equal(flow.State, answer["state"]);
        Assert.False(answer.ContainsKey("code"));
        return answer;
    }
}
