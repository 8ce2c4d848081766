using Envoy.Config.Core.V3;
using Envoy.Service.Auth.V3;
using Google.Protobuf;

namespace Lanyard.Tests.ForwardAuth;

/// <summary>
/// The trimmed ext_authz protos against bytes built by hand with the field numbers envoyproxy/data-plane-api
/// publishes: a renumbered or retyped field fails here, not in front of a real Envoy.
/// </summary>
public sealed class ExtAuthzWireFormatTests
{
    [Fact]
    public void CheckRequest_FromPublishedFieldNumbers_DecodesEveryFieldLanyardReads()
    {
        // HttpRequest: method = 2, headers = 3 (map entry: key 1, value 2), path = 4, host = 5, scheme = 6, id = 1.
        var http = Concat(
            Text(1, "req-1"), Text(2, "POST"), Message(3, Concat(Text(1, "cookie"), Text(2, "a=b"))), Text(4, "/p?q=1"),
            Text(5, "app.test"), Text(6, "https"), Text(10, "HTTP/2"));
        // SocketAddress: address = 2, port_value = 3 (varint); Address.socket_address = 1; Peer.address = 1.
        var socket = Concat(Text(2, "10.0.0.7"), Tag(3, 0), Varint(443));
        var source = Message(1, Message(1, socket));
        // AttributeContext: source = 1, request = 4 (Request.http = 2), context_extensions = 10; an unknown field 12 (tls_session) is skipped.
        var attributes = Concat(
            Message(1, source), Message(4, Message(2, http)), Message(10, Concat(Text(1, "rule_set"), Text(2, "api"))), Message(12, Text(1, "sni")));
        var bytes = Message(1, attributes); // CheckRequest.attributes = 1

        var request = CheckRequest.Parser.ParseFrom(bytes);

        var parsed = request.Attributes.Request.Http;
        Assert.Equal(("req-1", "POST", "/p?q=1", "app.test", "https", "HTTP/2"), (parsed.Id, parsed.Method, parsed.Path, parsed.Host, parsed.Scheme, parsed.Protocol));
        Assert.Equal("a=b", parsed.Headers["cookie"]);
        Assert.Equal("10.0.0.7", request.Attributes.Source.Address.SocketAddress.Address);
        Assert.Equal(443u, request.Attributes.Source.Address.SocketAddress.PortValue);
        Assert.Equal("api", request.Attributes.ContextExtensions["rule_set"]);
    }

    [Fact]
    public void CheckResponse_EncodesThePublishedFieldNumbers()
    {
        var response = new CheckResponse
        {
            Status = new Google.Rpc.Status { Code = 7 },
            DeniedResponse = new DeniedHttpResponse
            {
                Status = new Envoy.Type.V3.HttpStatus { Code = Envoy.Type.V3.StatusCode.Forbidden },
                Headers = { new HeaderValueOption { Header = new HeaderValue { Key = "k", Value = "" }, AppendAction = HeaderValueOption.Types.HeaderAppendAction.OverwriteIfExistsOrAdd, KeepEmptyValue = true } },
                Body = "no",
            },
        };

        // status = 1 (code = 1); denied_response = 2 { status = 1 { code = 1: 403 }, headers = 2 { header = 1 { key = 1 }, append_action = 3: 2, keep_empty_value = 4: 1 }, body = 3 }.
        var header = Concat(Message(1, Text(1, "k")), Tag(3, 0), Varint(2), Tag(4, 0), Varint(1));
        var denied = Concat(Message(1, Concat(Tag(1, 0), Varint(403))), Message(2, header), Text(3, "no"));
        var expected = Concat(Message(1, Concat(Tag(1, 0), Varint(7))), Message(2, denied));
        Assert.Equal(Convert.ToHexString(expected), Convert.ToHexString(response.ToByteArray()));

        // ok_response = 3 { headers_to_remove = 5 }, error_response = 5.
        Assert.Equal(Convert.ToHexString(Message(3, Text(5, "x"))), Convert.ToHexString(new CheckResponse { OkResponse = new OkHttpResponse { HeadersToRemove = { "x" } } }.ToByteArray()));
        Assert.Equal(Convert.ToHexString(Message(5, Text(3, "e"))), Convert.ToHexString(new CheckResponse { ErrorResponse = new DeniedHttpResponse { Body = "e" } }.ToByteArray()));
        Assert.Equal(Convert.ToHexString(Message(3, Message(6, Message(1, Text(1, "Set-Cookie"))))),
            Convert.ToHexString(new CheckResponse { OkResponse = new OkHttpResponse { ResponseHeadersToAdd = { new HeaderValueOption { Header = new HeaderValue { Key = "Set-Cookie" } } } } }.ToByteArray()));
    }

    private static byte[] Tag(int field, int wireType) => Varint((ulong)((field << 3) | wireType));

    private static byte[] Varint(ulong value)
    {
        var bytes = new List<byte>();
        do
        {
            var b = (byte)(value & 0x7F);
            value >>= 7;
            bytes.Add(value == 0 ? b : (byte)(b | 0x80));
        }
        while (value != 0);
        return [.. bytes];
    }

    private static byte[] Message(int field, byte[] body) => Concat(Tag(field, 2), Varint((ulong)body.Length), body);

    private static byte[] Text(int field, string value) => Message(field, System.Text.Encoding.UTF8.GetBytes(value));

    private static byte[] Concat(params byte[][] parts) => [.. parts.SelectMany(p => p)];
}
