using System.Net.Sockets;
using System.Text;
using LibreFang.Sidecar;

namespace LibreFang.Sidecar.LoginAdapter;

/// <summary>
/// Bridges a line-based platform: connect, send <c>LOGIN password</c>, read <c>OK</c> or <c>DENIED reason</c>, then
/// every line is an inbound message and every <c>send</c> becomes a <c>SAY channel text</c> line. A refused login is
/// the operator's problem (reported once, retried slowly); a refused connection is retried quietly until it has failed
/// <see cref="UnreachableAfter"/> times in a row.
/// </summary>
[SidecarAdapter("login", DisplayName = "Login test platform")]
public sealed partial class LoginAdapter
{
    private readonly SemaphoreSlim _writeGate = new(1, 1);
    private readonly MessageIds _ids = new("login");
    private ConnectionGate<StreamWriter>? _connection;

    [ConfigField("LOGIN_PORT", Required = true)]
    public int Port { get; init; }

    [ConfigField("LOGIN_PASSWORD", Type = FieldType.Secret, Required = true)]
    public string Password { get; init; } = "";

    [ConfigField("LOGIN_UNREACHABLE_AFTER", Advanced = true)]
    public int UnreachableAfter { get; init; } = 3;

    /// <summary>The retry delay in milliseconds (both kinds of failure; real adapters keep the long default for refused logins).</summary>
    [ConfigField("LOGIN_RETRY_MS", Advanced = true)]
    public int RetryMilliseconds { get; init; } = 100;

    [ConfigField("LOGIN_SEND_WAIT_MS", Advanced = true)]
    public int SendWaitMilliseconds { get; init; } = 2000;

    private ConnectionGate<StreamWriter> Connection =>
        LazyInitializer.EnsureInitialized(ref _connection, () => new ConnectionGate<StreamWriter>(TimeSpan.FromMilliseconds(SendWaitMilliseconds), $"the login server on port {Port}"));

    private void ValidateConfiguration(ConfigurationProblems problems)
    {
        if (Port is < 1 or > 65535)
        {
            problems.Add("LOGIN_PORT", "LOGIN_PORT must be between 1 and 65535");
        }
        if (RetryMilliseconds < 1)
        {
            problems.Add("LOGIN_RETRY_MS", "LOGIN_RETRY_MS must be at least 1");
        }
        if (UnreachableAfter < 1)
        {
            problems.Add("LOGIN_UNREACHABLE_AFTER", "LOGIN_UNREACHABLE_AFTER must be at least 1");
        }
    }

    [OnCommand]
    private async ValueTask OnSend(SendCommand send, CancellationToken cancellationToken)
    {
        var writer = await Connection.WaitAsync(send.ChannelId, cancellationToken);
        // The async mutex around the one connection's writes (LFS0301 does not flag it).
        await _writeGate.WaitAsync(cancellationToken);
        try
        {
            await writer.WriteLineAsync($"SAY {send.ChannelId} {send.Text}".AsMemory(), cancellationToken);
            await writer.FlushAsync(cancellationToken);
        }
        finally
        {
            _writeGate.Release();
        }
    }

    private async Task ProduceAsync(IEventEmitter events, CancellationToken cancellationToken)
    {
        var problems = new ProblemReporter(events, "login", SidecarLog.Shared) { UnreachableAfter = UnreachableAfter };
        var retry = new Backoff(TimeSpan.FromMilliseconds(RetryMilliseconds), TimeSpan.FromMilliseconds(RetryMilliseconds));
        try
        {
            await retry.RunWithReconnectAsync(ct => RunSessionAsync(events, problems, ct), problems, cancellationToken,
                target: $"the login server on port {Port}", operatorBackoff: retry);
        }
        finally
        {
            Connection.Close();
        }
    }

    private async Task RunSessionAsync(IEventEmitter events, ProblemReporter problems, CancellationToken cancellationToken)
    {
        using var client = new TcpClient();
        try
        {
            await client.ConnectAsync("127.0.0.1", Port, cancellationToken);
        }
        catch (SocketException ex)
        {
            Connection.LastFailure = ex.Message;
            throw;
        }
        var stream = client.GetStream();
        using var reader = new StreamReader(stream, Encoding.UTF8);
        await using var writer = new StreamWriter(stream, new UTF8Encoding(false)) { NewLine = "\n" };
        await writer.WriteLineAsync(("LOGIN " + Password).AsMemory(), cancellationToken);
        await writer.FlushAsync(cancellationToken);
        var answer = await reader.ReadLineAsync(cancellationToken) ?? throw new IOException("the server closed the connection during login");
        if (answer.StartsWith("DENIED", StringComparison.Ordinal))
        {
            Connection.LastFailure = "login refused";
            throw new OperatorProblemException("credentials", "the server refused LOGIN_PASSWORD: " + answer["DENIED".Length..].Trim());
        }
        problems.Connected();
        Connection.Publish(writer);
        try
        {
            while (await reader.ReadLineAsync(cancellationToken) is { } line)
            {
                await events.EmitAsync(new MessageBuilder("platform-user", "Platform User").Text(line).ChannelId("lobby").MessageId(_ids.Next()).Build(), cancellationToken);
            }
        }
        finally
        {
            Connection.Withdraw(writer);
        }
    }
}
