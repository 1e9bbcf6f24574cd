using System.Net;
using System.Net.Sockets;
using System.Text;
using System.Text.RegularExpressions;
using System.Threading.Channels;

namespace LibreFang.Sidecar.Irc.Tests.EndToEnd;

/// <summary>
/// A second IRC user for the tests, written independently of the adapter's code: raw lines over TCP, a strict UTF-8
/// decode of what the server relays (a line cut inside a character fails the test), PING answered.
/// </summary>
internal sealed partial class IrcTestClient : IAsyncDisposable
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(20);
    private static readonly UTF8Encoding StrictUtf8 = new(false, true);
    private readonly TcpClient _tcp;
    private readonly NetworkStream _stream;
    private readonly Channel<byte[]> _lines = Channel.CreateUnbounded<byte[]>();
    private readonly Task _pump;

    private IrcTestClient(TcpClient tcp, string nick)
    {
        _tcp = tcp;
        _stream = tcp.GetStream();
        Nick = nick;
        _pump = Task.Run(PumpAsync);
    }

    public string Nick { get; }

    /// <summary>Connects, registers and joins the channels (waiting for the end of each NAMES list).</summary>
    public static async Task<IrcTestClient> ConnectAsync(int port, string nick, params string[] channels)
    {
        var tcp = new TcpClient();
        await tcp.ConnectAsync(IPAddress.Loopback, port);
        var client = new IrcTestClient(tcp, nick);
        await client.SendAsync($"NICK {nick}");
        await client.SendAsync($"USER {nick} 0 * :Test user {nick}");
        await client.WaitForAsync(line => line.Contains($" 001 {nick} ", StringComparison.Ordinal));
        foreach (var channel in channels)
        {
            await client.SendAsync($"JOIN {channel}");
            await client.WaitForAsync(line => line.Contains($" 366 {nick} {channel} ", StringComparison.Ordinal));
        }
        return client;
    }

    public Task SendAsync(string line) => _stream.WriteAsync(Encoding.UTF8.GetBytes(line + "\r\n")).AsTask();

    public Task PrivmsgAsync(string target, string text) => SendAsync($"PRIVMSG {target} :{text}");

    /// <summary>The next line matching <paramref name="match"/>; earlier lines are skipped.</summary>
    public async Task<string> WaitForAsync(Func<string, bool> match, TimeSpan? patience = null)
    {
        using var timeout = new CancellationTokenSource(patience ?? Patience);
        try
        {
            while (true)
            {
                var raw = await _lines.Reader.ReadAsync(timeout.Token);
                var line = StrictUtf8.GetString(raw);
                if (match(line))
                {
                    return line;
                }
            }
        }
        catch (OperationCanceledException)
        {
            throw new TimeoutException($"{Nick}: no matching line within {(patience ?? Patience).TotalSeconds} s");
        }
    }

    /// <summary>The next PRIVMSG from <paramref name="from"/>, with its raw byte length (CR LF included).</summary>
    public async Task<(string Target, string Text, int Bytes)> NextPrivmsgAsync(string from, TimeSpan? patience = null)
    {
        using var timeout = new CancellationTokenSource(patience ?? Patience);
        while (true)
        {
            byte[] raw;
            try
            {
                raw = await _lines.Reader.ReadAsync(timeout.Token);
            }
            catch (OperationCanceledException)
            {
                throw new TimeoutException($"{Nick}: no PRIVMSG from {from} within {(patience ?? Patience).TotalSeconds} s");
            }
            var match = Privmsg().Match(StrictUtf8.GetString(raw));
            if (match.Success && match.Groups["nick"].Value == from)
            {
                return (match.Groups["target"].Value, match.Groups["text"].Value, raw.Length + 2);
            }
        }
    }

    [GeneratedRegex("^:(?<nick>[^!\\s]+)!\\S+ PRIVMSG (?<target>\\S+) :(?<text>.*)$")]
    private static partial Regex Privmsg();

    private async Task PumpAsync()
    {
        var buffer = new byte[8192];
        var pending = new List<byte>();
        try
        {
            while (true)
            {
                var read = await _stream.ReadAsync(buffer);
                if (read == 0)
                {
                    break;
                }
                for (var i = 0; i < read; i++)
                {
                    if (buffer[i] != (byte)'\n')
                    {
                        pending.Add(buffer[i]);
                        continue;
                    }
                    var line = pending.ToArray();
                    pending.Clear();
                    if (line.Length > 0 && line[^1] == (byte)'\r')
                    {
                        line = line[..^1];
                    }
                    if (line.AsSpan().StartsWith("PING "u8))
                    {
                        await _stream.WriteAsync(Encoding.UTF8.GetBytes("PONG " + Encoding.UTF8.GetString(line, 5, line.Length - 5) + "\r\n"));
                        continue;
                    }
                    _lines.Writer.TryWrite(line);
                }
            }
        }
        catch (Exception ex) when (ex is IOException or ObjectDisposedException)
        {
        }
        _lines.Writer.TryComplete();
    }

    public async ValueTask DisposeAsync()
    {
        try
        {
            await SendAsync("QUIT :done");
        }
        catch (Exception ex) when (ex is IOException or ObjectDisposedException)
        {
        }
        _tcp.Dispose();
        await _pump.WaitAsync(TimeSpan.FromSeconds(5)).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
    }
}
