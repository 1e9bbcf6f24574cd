using System.Collections.Concurrent;
using System.Net;
using System.Net.Sockets;
using System.Text;
using System.Text.Json;

namespace LibreFang.Sidecar.Host.Tests;

/// <summary>
/// tests/LibreFang.Sidecar.LoginAdapter as a process over real pipes, against a fake line-based platform: a rejected
/// password is one <c>error</c> event however often it is retried, it is reported again after a successful login
/// cleared it, and a server that is not there is reported "unreachable after N failed attempts" once. A <c>send</c>
/// while there is no connection waits for it, then becomes an <c>error</c> event naming the last failure.
/// </summary>
public sealed class OperatorProblemTests
{
    private const string Ack = """{"method":"ready_ack"}""";
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(20);

    private static string AdapterPath => Path.Combine(AppContext.BaseDirectory, "LibreFang.Sidecar.LoginAdapter.dll");

    private static AdapterProcess StartAdapter(int port, string password) =>
        AdapterProcess.Start("dotnet", [AdapterPath], new Dictionary<string, string?>
        {
            ["LOGIN_PORT"] = port.ToString(System.Globalization.CultureInfo.InvariantCulture),
            ["LOGIN_PASSWORD"] = password,
            ["LOGIN_RETRY_MS"] = "100",
            ["LOGIN_UNREACHABLE_AFTER"] = "3",
            ["LOGIN_SEND_WAIT_MS"] = "1500",
        });

    [Fact]
    public async Task A_wrong_password_is_reported_once_then_again_after_it_cleared_and_came_back()
    {
        await using var server = new FakePlatform("right");
        await using var adapter = StartAdapter(server.Port, "wrong");
        await adapter.WriteLineAsync(Ack);

        var first = await NextErrorAsync(adapter);
        Assert.Equal("login: the server refused LOGIN_PASSWORD: bad password", first);

        // Retried every 100 ms: wait for several more refusals, then a send, whose own error is the next event, so no
        // second report of the same password came in between.
        await server.WaitForAsync(() => server.Refused >= 5);
        await adapter.WriteLineAsync(AdapterProcess.Send("are you there"));
        var notSent = await NextErrorAsync(adapter);
        Assert.StartsWith("not connected to the login server on port", notSent, StringComparison.Ordinal);
        Assert.Contains("(last error: login refused)", notSent, StringComparison.Ordinal);
        Assert.Contains("the message to c1 was not sent", notSent, StringComparison.Ordinal);

        // The operator fixes it on the platform's side: the next attempt logs in, which clears the problem.
        server.AcceptedPassword = "wrong";
        await server.WaitForAsync(() => server.Accepted >= 1);
        server.Say("hello from the platform");
        var message = await adapter.NextEventAsync("message", Patience);
        Assert.Equal("hello from the platform", message.GetProperty("params").GetProperty("text").GetString());
        Assert.StartsWith("login-", message.GetProperty("params").GetProperty("message_id").GetString(), StringComparison.Ordinal);

        // The password changes again and the connection drops: the same problem is new again, so it is reported.
        server.AcceptedPassword = "rotated";
        server.DropConnections();
        Assert.Equal("login: the server refused LOGIN_PASSWORD: bad password", await NextErrorAsync(adapter));
    }

    [Fact]
    public async Task A_server_that_is_not_there_is_reported_unreachable_after_N_failed_attempts_once()
    {
        var port = FreePort();
        await using var adapter = StartAdapter(port, "any");
        await adapter.WriteLineAsync(Ack);

        var unreachable = await NextErrorAsync(adapter);
        Assert.StartsWith($"login: the login server on port {port} unreachable after 3 failed attempts (last error: ", unreachable, StringComparison.Ordinal);
        Assert.EndsWith("); still retrying", unreachable, StringComparison.Ordinal);

        // Ten more attempts go by quietly: the next event is the send's, not another report.
        await Task.Delay(TimeSpan.FromSeconds(1));
        await adapter.WriteLineAsync(AdapterProcess.Send("anyone?"));
        Assert.StartsWith("not connected to the login server", await NextErrorAsync(adapter), StringComparison.Ordinal);
    }

    private static async Task<string> NextErrorAsync(AdapterProcess adapter)
    {
        var error = await adapter.NextEventAsync("error", Patience);
        return error.GetProperty("params").GetProperty("message").GetString()!;
    }

    private static int FreePort()
    {
        var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        var port = ((IPEndPoint)listener.LocalEndpoint).Port;
        listener.Stop();
        return port;
    }

    /// <summary>The platform: <c>LOGIN password</c> answered <c>OK</c> or <c>DENIED bad password</c>; then lines both ways.</summary>
    private sealed class FakePlatform : IAsyncDisposable
    {
        private readonly TcpListener _listener = new(IPAddress.Loopback, 0);
        private readonly CancellationTokenSource _stop = new();
        private readonly ConcurrentDictionary<TcpClient, StreamWriter> _sessions = new();
        private readonly Task _accepting;
        private int _refused;
        private int _accepted;

        public FakePlatform(string acceptedPassword)
        {
            AcceptedPassword = acceptedPassword;
            _listener.Start();
            _accepting = AcceptAsync();
        }

        public int Port => ((IPEndPoint)_listener.LocalEndpoint).Port;

        public volatile string AcceptedPassword;

        public int Refused => Volatile.Read(ref _refused);

        public int Accepted => Volatile.Read(ref _accepted);

        public void Say(string line)
        {
            foreach (var writer in _sessions.Values)
            {
                writer.WriteLine(line);
                writer.Flush();
            }
        }

        public void DropConnections()
        {
            foreach (var client in _sessions.Keys)
            {
                client.Dispose();
            }
            _sessions.Clear();
        }

        public async Task WaitForAsync(Func<bool> condition)
        {
            var deadline = DateTime.UtcNow + Patience;
            while (!condition())
            {
                Assert.True(DateTime.UtcNow < deadline, "the fake platform did not see what the test waited for");
                await Task.Delay(20);
            }
        }

        private async Task AcceptAsync()
        {
            while (!_stop.IsCancellationRequested)
            {
                TcpClient client;
                try
                {
                    client = await _listener.AcceptTcpClientAsync(_stop.Token);
                }
                catch (Exception ex) when (ex is OperationCanceledException or ObjectDisposedException or SocketException)
                {
                    return;
                }
                _ = ServeAsync(client);
            }
        }

        private async Task ServeAsync(TcpClient client)
        {
            try
            {
                var stream = client.GetStream();
                var reader = new StreamReader(stream, Encoding.UTF8);
                var writer = new StreamWriter(stream, new UTF8Encoding(false)) { NewLine = "\n" };
                var login = await reader.ReadLineAsync(_stop.Token);
                if (login != "LOGIN " + AcceptedPassword)
                {
                    Interlocked.Increment(ref _refused);
                    await writer.WriteLineAsync("DENIED bad password");
                    await writer.FlushAsync();
                    client.Dispose();
                    return;
                }
                await writer.WriteLineAsync("OK");
                await writer.FlushAsync();
                _sessions[client] = writer;
                Interlocked.Increment(ref _accepted);
                while (await reader.ReadLineAsync(_stop.Token) is not null)
                {
                }
            }
            catch (Exception ex) when (ex is IOException or ObjectDisposedException or OperationCanceledException or SocketException)
            {
            }
            finally
            {
                _sessions.TryRemove(client, out _);
                client.Dispose();
            }
        }

        public async ValueTask DisposeAsync()
        {
            _stop.Cancel();
            _listener.Stop();
            DropConnections();
            await _accepting;
            _stop.Dispose();
        }
    }
}
