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
        var buffer = new byte[64 * 1024];
        await Task.Delay(100);
        var read = await stream.ReadAsync(buffer);
        return Encoding.UTF8.GetString(buffer, 0, read);
    }
}
