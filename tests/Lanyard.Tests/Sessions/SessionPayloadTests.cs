using Lanyard.Identity;
using Lanyard.Sessions;

namespace Lanyard.Tests.Sessions;

public sealed class SessionPayloadTests
{
    private static readonly SessionTicket Ticket = new(
        new UserIdentity("u", "alice@contoso.test", null, ["g1"], []),
        DateTimeOffset.UnixEpoch,
        DateTimeOffset.UnixEpoch.AddHours(1),
        new SessionTokens(string.Concat(Enumerable.Repeat("eyJhbGciOiJSUzI1NiJ9.", 100)), null, null, null));

    [Fact]
    public void CompressibleSession_IsStoredSmallerAndReadBack()
    {
        var payload = SessionPayload.Encode(Ticket);
        Assert.True(payload.Length < Ticket.Tokens.IdToken!.Length / 2);
        Assert.Equal(Ticket.Tokens.IdToken, SessionPayload.Decode(payload)?.Tokens.IdToken);
    }

    [Theory]
    [InlineData(new byte[0])]
    [InlineData(new byte[] { 9, 1, 2 })]
    [InlineData(new byte[] { 1, 0, 0, 0, 10, 1, 2, 3 })]
    [InlineData(new byte[] { 1, 0x7f, 0xff, 0xff, 0xff, 1, 2, 3 })]
    [InlineData(new byte[] { 0, (byte)'{', (byte)'x' })]
    public void MalformedPayload_IsNoSession(byte[] payload) => Assert.Null(SessionPayload.Decode(payload));
}
