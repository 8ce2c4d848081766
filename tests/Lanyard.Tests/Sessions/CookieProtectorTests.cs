using System.Buffers.Text;
using System.Text;
using Lanyard.Sessions;

namespace Lanyard.Tests.Sessions;

public sealed class CookieProtectorTests
{
    private static readonly byte[] SecretA = Encoding.ASCII.GetBytes("0123456789abcdef0123456789abcdef");
    private static readonly byte[] SecretB = Encoding.ASCII.GetBytes("fedcba9876543210fedcba9876543210");
    private readonly CookieProtector _protector = new(SecretA, "session-cookie/v1");

    [Fact]
    public void ProtectedValue_RoundTrips()
    {
        var value = _protector.Protect("hello"u8, "_oauth2_proxy");
        Assert.True(_protector.TryUnprotect(value, "_oauth2_proxy", out var plaintext));
        Assert.Equal("hello", Encoding.UTF8.GetString(plaintext));
    }

    [Fact]
    public void ProtectedValue_DoesNotContainThePlaintext()
    {
        var value = _protector.Protect("alice@contoso.test"u8, "_oauth2_proxy");
        Assert.DoesNotContain("alice", Encoding.UTF8.GetString(Base64Url.DecodeFromChars(value)), StringComparison.Ordinal);
    }

    [Fact]
    public void EveryFlippedByte_IsRejected()
    {
        var bytes = Base64Url.DecodeFromChars(_protector.Protect("a session worth stealing"u8, "_oauth2_proxy"));
        for (var i = 0; i < bytes.Length; i++)
        {
            var tampered = (byte[])bytes.Clone();
            tampered[i] ^= 0x01;
            Assert.False(_protector.TryUnprotect(Base64Url.EncodeToString(tampered), "_oauth2_proxy", out _), $"byte {i}");
        }
    }

    [Fact]
    public void TruncatedValue_IsRejected()
    {
        var value = _protector.Protect("a session worth stealing"u8, "_oauth2_proxy");
        for (var length = 0; length < value.Length; length += 3)
        {
            Assert.False(_protector.TryUnprotect(value[..length], "_oauth2_proxy", out _));
        }
    }

    [Fact]
    public void ValueMovedToAnotherCookieName_IsRejected()
    {
        var value = _protector.Protect("x"u8, "_oauth2_proxy");
        Assert.False(_protector.TryUnprotect(value, "_oauth2_proxy_csrf", out _));
    }

    [Fact]
    public void ValueFromAnotherSecretOrPurpose_IsRejected()
    {
        var value = _protector.Protect("x"u8, "_oauth2_proxy");
        Assert.False(new CookieProtector(SecretB, "session-cookie/v1").TryUnprotect(value, "_oauth2_proxy", out _));
        Assert.False(new CookieProtector(SecretA, "csrf-cookie/v1").TryUnprotect(value, "_oauth2_proxy", out _));
    }

    [Fact]
    public void SameSecretInAnotherReplica_ReadsTheValue()
    {
        var value = _protector.Protect("shared"u8, "_oauth2_proxy");
        Assert.True(new CookieProtector(SecretA, "session-cookie/v1").TryUnprotect(value, "_oauth2_proxy", out _));
    }

    [Theory]
    [InlineData("")]
    [InlineData("not base64 at all!")]
    [InlineData("AAAA")]
    public void Garbage_IsRejected(string value) => Assert.False(_protector.TryUnprotect(value, "_oauth2_proxy", out _));
}
