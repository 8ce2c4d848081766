using System.Net.Sockets;
using System.Text;

namespace Lanyard.Testing;

/// <summary>One command to a real Redis on 127.0.0.1, and its raw reply.</summary>
public static class RedisCommand
{
    /// <summary>Speaks RESP to the real server: what an operator with redis-cli would see.</summary>
    public static async Task<string> SendAsync(int port, params string[] args)
    {
        using var client = new TcpClient();
        await client.ConnectAsync("127.0.0.1", port);
        await using var stream = client.GetStream();
        var command = new StringBuilder($"*{args.Length}\r\n");
        foreach (var arg in args)
        {
            command.Append(System.Globalization.CultureInfo.InvariantCulture, $"${Encoding.UTF8.GetByteCount(arg)}\r\n{arg}\r\n");
        }

        await stream.WriteAsync(Encoding.UTF8.GetBytes(command.ToString()));
        // The reply may come in several segments: read what arrives until the connection has been quiet a moment.
        using var reply = new MemoryStream();
        var buffer = new byte[64 * 1024];
        reply.Write(buffer, 0, await stream.ReadAsync(buffer));
        for (var quiet = 0; quiet < 3; quiet = stream.DataAvailable ? 0 : quiet + 1)
        {
            if (stream.DataAvailable)
            {
                reply.Write(buffer, 0, await stream.ReadAsync(buffer));
            }
            else
            {
                await Task.Delay(20);
            }
        }

        return Encoding.UTF8.GetString(reply.ToArray());
    }
}
