using Lanyard.Headers;
using Microsoft.AspNetCore.Connections.Features;
using Microsoft.AspNetCore.Http;

namespace Lanyard.Tests.Headers;

public sealed class ConnectionHeaderMemoTests
{
    private readonly ConnectionItems _connection = new();

    [Fact]
    public void SameHeaderInstance_OnTheSameConnection_IsRemembered()
    {
        var memo = new ConnectionHeaderMemo<int>();
        var header = "session=abc";
        memo.Set(Request(), header, 42);

        Assert.True(memo.TryGet(Request(), header, out var value));
        Assert.Equal(42, value);
    }

    [Fact]
    public void EqualTextInAnotherString_IsNotAHit()
    {
        // Only the very instance counts: equal text could come from anywhere, the instance only from Kestrel's reuse.
        var memo = new ConnectionHeaderMemo<int>();
        memo.Set(Request(), new string("session=abc"), 42);

        Assert.False(memo.TryGet(Request(), new string("session=abc"), out _));
    }

    [Fact]
    public void AnotherHeader_OnTheSameConnection_IsNotAHit_AndReplacesTheEntry()
    {
        var memo = new ConnectionHeaderMemo<int>();
        var first = "session=abc";
        var second = "session=xyz";
        memo.Set(Request(), first, 1);
        Assert.False(memo.TryGet(Request(), second, out _));

        memo.Set(Request(), second, 2);
        Assert.False(memo.TryGet(Request(), first, out _));
        Assert.True(memo.TryGet(Request(), second, out var value));
        Assert.Equal(2, value);
    }

    [Fact]
    public void AnotherConnection_SeesNothing()
    {
        var memo = new ConnectionHeaderMemo<int>();
        var header = "session=abc";
        memo.Set(Request(), header, 42);

        Assert.False(memo.TryGet(Request(new ConnectionItems()), header, out _));
    }

    [Fact]
    public void TwoMemos_OnOneConnection_KeepTheirOwnValues()
    {
        var cookies = new ConnectionHeaderMemo<int>();
        var bearer = new ConnectionHeaderMemo<int>();
        var header = "same";
        cookies.Set(Request(), header, 1);
        bearer.Set(Request(), header, 2);

        Assert.True(cookies.TryGet(Request(), header, out var c));
        Assert.True(bearer.TryGet(Request(), header, out var b));
        Assert.Equal((1, 2), (c, b));
    }

    [Theory]
    [InlineData("HTTP/2")]
    [InlineData("HTTP/3")]
    public void MultiplexedConnections_AreNeverMemoised(string protocol)
    {
        // Their requests run concurrently over one connection items dictionary, which is not thread-safe.
        var memo = new ConnectionHeaderMemo<int>();
        var header = "session=abc";
        memo.Set(Request(protocol: protocol), header, 42);

        Assert.Empty(_connection.Items);
        Assert.False(memo.TryGet(Request(protocol: protocol), header, out _));
    }

    [Fact]
    public void WithoutConnectionItems_NothingIsRemembered()
    {
        var memo = new ConnectionHeaderMemo<int>();
        var context = new DefaultHttpContext();
        context.Request.Protocol = "HTTP/1.1";
        var header = "session=abc";
        memo.Set(context, header, 42);

        Assert.False(memo.TryGet(context, header, out _));
    }

    private DefaultHttpContext Request(ConnectionItems? connection = null, string protocol = "HTTP/1.1")
    {
        var context = new DefaultHttpContext();
        context.Request.Protocol = protocol;
        context.Features.Set<IConnectionItemsFeature>(connection ?? _connection);
        return context;
    }

    private sealed class ConnectionItems : IConnectionItemsFeature
    {
        public IDictionary<object, object?> Items { get; set; } = new Dictionary<object, object?>();
    }
}
