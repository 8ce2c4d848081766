using Lanyard.Headers;

namespace Lanyard.Tests.Headers;

public sealed class HeaderValuesTests
{
    [Theory]
    [InlineData("alice@contoso.test", "alice@contoso.test")]
    [InlineData("José", "José")]
    [InlineData("mallory\r\nX-Forwarded-User: admin", "malloryX-Forwarded-User: admin")]
    [InlineData("a\0b\tc", "abc")]
    public void ControlCharacters_AreDropped_TextIsKept(string value, string sent) => Assert.Equal(sent, HeaderValues.Safe(value));
}
