using System.Net;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json.Nodes;
using Lanyard.Emulator;
using Lanyard.Testing;
using Microsoft.Extensions.DependencyInjection;

namespace Lanyard.IntegrationTests;

/// <summary>
/// The bearer-token attack table (Data/bearer-token-attacks.tsv, issue 9 finding 3 and the forgeries around it):
/// each row changes a valid token one way, and must get its status and its reason. Tokens are signed by the
/// emulator's own keys (or an attacker's), so only Lanyard's checks stand between a row and the upstream.
/// </summary>
public sealed class BearerAttackTests : IAsyncLifetime
{
    private const string Caller = "ca11e700-5d4e-4f3a-9b2c-1d0e9f8a7b6c";
    private const string OtherClient = "07e4c11e-0000-4aaa-8bbb-ccccdddd0001";

    private static readonly string[] Columns = ["id", "header", "claims", "signing", "status", "reason"];

    private LanyardTestEnvironment _env = null!;
    private SigningKeys _keys = null!;

    public static TheoryData<string, string, string, string, int, string> Cases()
    {
        var cases = new TheoryData<string, string, string, string, int, string>();
        foreach (var line in PayloadTables.Read("bearer-token-attacks.tsv"))
        {
            var c = line.Split('\t');
            Assert.True(c.Length == Columns.Length, $"row '{c[0]}' has {c.Length} columns, not {Columns.Length}");
            cases.Add(c[0], c[1], c[2], c[3], int.Parse(c[4], System.Globalization.CultureInfo.InvariantCulture), c[5]);
        }

        return cases;
    }

    public async ValueTask InitializeAsync()
    {
        _env = await LanyardTestEnvironment.StartAsync(s =>
        {
            s["skip_jwt_bearer_tokens"] = true;
            s["oidc_extra_audiences"] = new List<string> { $"api://{LanyardTestEnvironment.ClientId}" };
            s["bearer_token_allowed_clients"] = new List<string> { Caller, LanyardTestEnvironment.ClientId };
        });
        _keys = _env.Emulator.Services.GetRequiredService<SigningKeys>();
    }

    public ValueTask DisposeAsync() => _env.DisposeAsync();

    [Fact]
    public void Table_HasAtLeastFortyCases() => Assert.True(Cases().Count >= 40);

    [Theory]
    [MemberData(nameof(Cases))]
    public async Task BearerCase_GetsItsExpectedAnswer(string id, string headerChanges, string claimChanges, string signing, int status, string reason)
    {
        using var api = _env.ApiClient();
        using var request = new HttpRequestMessage(HttpMethod.Get, "/api/cases");
        request.Headers.Accept.ParseAdd("application/json");
        var (signer, scheme) = signing.Split(':') is [var s, var sc] ? (s, sc) : (signing, "Bearer");
        request.Headers.TryAddWithoutValidation("Authorization", signer == "raw" ? claimChanges : scheme + " " + Token(headerChanges, claimChanges, signer));

        using var response = await api.SendAsync(request, TestContext.Current.CancellationToken);
        var body = await response.Content.ReadAsStringAsync(TestContext.Current.CancellationToken);
        var challenge = response.Headers.WwwAuthenticate.ToString();

        Assert.True((int)response.StatusCode < 500, $"{id}: {(int)response.StatusCode} {body}");
        Assert.True(status == (int)response.StatusCode, $"{id}: expected {status}, got {(int)response.StatusCode}: {challenge} {body}");
        if (response.StatusCode == HttpStatusCode.OK)
        {
            Assert.Equal("alice-pairwise", EchoedRequest.Parse(body).Header("X-Forwarded-User"));
        }
        else if (reason != "-")
        {
            Assert.StartsWith("Bearer error=\"invalid_token\"", challenge, StringComparison.Ordinal);
            Assert.True(challenge.Contains(reason, StringComparison.Ordinal), $"{id}: expected '{reason}' in: {challenge}");
        }
    }

    private string Token(string headerChanges, string claimChanges, string signer)
    {
        var now = DateTimeOffset.UtcNow.ToUnixTimeSeconds();
        var authority = LanyardTestEnvironment.EmulatorUrl.GetLeftPart(UriPartial.Authority);
        var header = new JsonObject { ["typ"] = "JWT", ["alg"] = "RS256", ["kid"] = _keys.ActiveKeyId };
        var claims = new JsonObject
        {
            ["aud"] = LanyardTestEnvironment.ClientId,
            ["iss"] = $"{authority}/{DemoDirectory.ContosoTenantId}/v2.0",
            ["iat"] = now,
            ["nbf"] = now,
            ["exp"] = now + 3600,
            ["aio"] = "AWQAm/8ZAAAA",
            ["azp"] = Caller,
            ["azpacr"] = "1",
            ["name"] = DemoDirectory.AliceDisplayName,
            ["oid"] = DemoDirectory.AliceObjectId,
            ["preferred_username"] = DemoDirectory.AliceUserPrincipalName,
            ["rh"] = "1.AXoA",
            ["scp"] = "access_as_user",
            ["sid"] = "0040e3f2-7a1b-4c3d-9e8f-a1b2c3d4e5f6",
            ["sub"] = "alice-pairwise",
            ["tid"] = DemoDirectory.ContosoTenantId,
            ["uti"] = "fqiBqXLPj0eQa82S-IYFAA",
            ["ver"] = "2.0",
        };
        Apply(header, headerChanges, now, authority);
        Apply(claims, claimChanges, now, authority);
        var headerJson = header.ToJsonString();
        var claimsJson = claims.ToJsonString();

        return signer switch
        {
            "active" => _keys.SignToken(headerJson, claimsJson),
            "unpublished" => _keys.SignToken(headerJson, claimsJson, withUnpublishedKey: true),
            "corrupt" => Corrupt(_keys.SignToken(headerJson, claimsJson)),
            "none" => $"{B64(headerJson)}.{B64(claimsJson)}.",
            "attacker" => SignWithAttackerKey(headerJson, claimsJson),
            "hs256" => $"{B64(headerJson)}.{B64(claimsJson)}.{System.Buffers.Text.Base64Url.EncodeToString(HMACSHA256.HashData(Encoding.UTF8.GetBytes(LanyardTestEnvironment.ClientSecret), Encoding.ASCII.GetBytes($"{B64(headerJson)}.{B64(claimsJson)}")))}",
            _ => throw new InvalidOperationException($"unknown signing '{signer}'"),
        };
    }

    private void Apply(JsonObject target, string changes, long now, string authority)
    {
        if (changes == "-")
        {
            return;
        }

        foreach (var change in changes.Split(';'))
        {
            if (change.StartsWith('-'))
            {
                Assert.True(target.Remove(change[1..]), $"'{change}' removes nothing");
                continue;
            }

            var equals = change.IndexOf('=', StringComparison.Ordinal);
            target[change[..equals]] = JsonNode.Parse(Expand(change[(equals + 1)..], now, authority));
        }
    }

    private string Expand(string value, long now, string authority)
    {
        var expanded = value
            .Replace("{client_id}", LanyardTestEnvironment.ClientId, StringComparison.Ordinal)
            .Replace("{caller}", Caller, StringComparison.Ordinal)
            .Replace("{other_client}", OtherClient, StringComparison.Ordinal)
            .Replace("{contoso}", DemoDirectory.ContosoTenantId, StringComparison.Ordinal)
            .Replace("{fabrikam}", DemoDirectory.FabrikamTenantId, StringComparison.Ordinal)
            .Replace("{authority}", authority, StringComparison.Ordinal)
            .Replace("{alice_oid}", DemoDirectory.AliceObjectId, StringComparison.Ordinal)
            .Replace("{kid}", _keys.ActiveKeyId, StringComparison.Ordinal)
            .Replace("{second_kid}", _keys.PublishedKeyIds[1], StringComparison.Ordinal)
            .Replace("{unpublished_kid}", _keys.UnpublishedKeyId, StringComparison.Ordinal);
        expanded = System.Text.RegularExpressions.Regex.Replace(expanded, @"\{now([+-]\d+)?\}", m =>
            (now + (m.Groups[1].Success ? long.Parse(m.Groups[1].Value, System.Globalization.CultureInfo.InvariantCulture) : 0)).ToString(System.Globalization.CultureInfo.InvariantCulture));
        Assert.DoesNotContain("{", expanded.TrimStart('{'), StringComparison.Ordinal);
        return expanded;
    }

    private static string SignWithAttackerKey(string headerJson, string claimsJson)
    {
        using var rsa = RSA.Create(2048);
        var input = $"{B64(headerJson)}.{B64(claimsJson)}";
        return input + "." + System.Buffers.Text.Base64Url.EncodeToString(rsa.SignData(Encoding.ASCII.GetBytes(input), HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1));
    }

    private static string Corrupt(string token)
    {
        var at = token.LastIndexOf('.') + 5;
        return token[..at] + (token[at] == 'A' ? 'B' : 'A') + token[(at + 1)..];
    }

    private static string B64(string json) => System.Buffers.Text.Base64Url.EncodeToString(Encoding.UTF8.GetBytes(json));
}
