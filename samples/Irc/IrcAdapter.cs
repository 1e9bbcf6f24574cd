using LibreFang.Samples.Irc.Connection;
using LibreFang.Samples.Irc.Protocol;
using LibreFang.Sidecar;

namespace LibreFang.Samples.Irc;

/// <summary>
/// Bridges IRC channels and private messages to LibreFang. The producer keeps one connection up (reconnecting with the
/// SDK's backoff and rejoining the channels); each <c>send</c> becomes rate-limited PRIVMSG lines on it.
/// </summary>
[SidecarAdapter("irc", DisplayName = "IRC", Description = "Internet Relay Chat: channels and private messages")]
public sealed partial class IrcAdapter
{
    /// <summary>How long a send waits for a connection before it is reported as not sent.</summary>
    private static readonly TimeSpan SendWaitLimit = TimeSpan.FromSeconds(30);
    /// <summary>Consecutive failed connection attempts before the operator is told with an <c>error</c> event.</summary>
    private const int FailuresBeforeReport = 5;

    private readonly Lock _connectionGate = new();
    private readonly SidecarLog _log = SidecarLog.Shared;
    private TaskCompletionSource<IrcConnection> _connected = NewConnectionSignal();
    private SendRateLimiter? _limiter;
    private string? _lastReported;
    private string? _lastFailure;
    private int _failedAttempts;
    private long _messageCounter;
    private long _lastCtcpReply;

    [ConfigField("IRC_SERVER", Label = "Server host name", Placeholder = "irc.libera.chat")]
    public required string Server { get; init; }

    [ConfigField("IRC_PORT", Label = "Port", Placeholder = "6697 with TLS, 6667 without")]
    public int? Port { get; init; }

    [ConfigField("IRC_TLS", Label = "Use TLS", Placeholder = "true")]
    public bool Tls { get; init; } = true;

    [ConfigField("IRC_TLS_INSECURE", Label = "Accept any TLS certificate (self-signed test servers only)", Advanced = true)]
    public bool TlsInsecure { get; init; }

    [ConfigField("IRC_NICK", Label = "Nick", Placeholder = "librefang")]
    public required string Nick { get; init; }

    [ConfigField("IRC_CHANNELS", Label = "Channels to join", Placeholder = "#librefang,#ops")]
    public string[] Channels { get; init; } = [];

    [ConfigField("IRC_PASSWORD", Label = "Server password", Type = FieldType.Secret)]
    public string? ServerPassword { get; init; }

    [ConfigField("IRC_SASL_USERNAME", Label = "SASL account name", Advanced = true)]
    public string? SaslUser { get; init; }

    [ConfigField("IRC_SASL_PASSWORD", Label = "SASL password", Type = FieldType.Secret, Advanced = true)]
    public string? SaslPassword { get; init; }

    [ConfigField("IRC_USERNAME", Label = "User name (ident)", Placeholder = "the nick", Advanced = true)]
    public string? UserName { get; init; }

    [ConfigField("IRC_REALNAME", Label = "Real name", Placeholder = "LibreFang", Advanced = true)]
    public string RealName { get; init; } = "LibreFang";

    [ConfigField("IRC_REQUIRE_MENTION", Label = "In channels, only forward messages that mention the nick", Advanced = true)]
    public bool RequireMention { get; init; }

    [ConfigField("IRC_SEND_RATE", Label = "Outgoing lines per second after the burst", Placeholder = "1", Advanced = true)]
    public double SendRate { get; init; } = 1.0;

    [ConfigField("IRC_SEND_BURST", Label = "Outgoing lines sent at once before the rate applies", Placeholder = "5", Advanced = true)]
    public int SendBurst { get; init; } = 5;

    [OnCommand]
    private async ValueTask OnSend(SendCommand send, CancellationToken cancellationToken)
    {
        var text = IrcMapping.Render(send)
            ?? throw new NotSupportedException($"IRC cannot carry {send.Content!.GetType().Name.Replace("Content", "", StringComparison.Ordinal)} content; nothing was sent to {send.ChannelId}");
        var limiter = Limiter;
        List<string>? lines = null;
        var sent = 0;
        while (true)
        {
            var connection = await WaitForConnectionAsync(send.ChannelId, cancellationToken);
            lines ??= IrcMapping.ToPrivmsgLines(send.ChannelId, text, connection.SourceBytes);
            try
            {
                for (; sent < lines.Count; sent++)
                {
                    await limiter.WaitAsync(cancellationToken);
                    await connection.SendAsync(lines[sent], cancellationToken);
                }
                return;
            }
            catch (IOException ex)
            {
                // The rest goes out on the next connection: a dropped link must not lose the reply.
                _log.Warn("connection lost while sending; the rest follows after the reconnect", ("target", send.ChannelId), ("sent_lines", sent), ("error", ex.Message));
                Unpublish(connection);
                connection.Close();
            }
        }
    }

    private async Task ProduceAsync(IEventEmitter events, CancellationToken cancellationToken)
    {
        var settings = BuildSettings();
        await Backoff.Default.RunWithReconnectAsync(token => RunConnectionAsync(settings, events, token), cancellationToken,
            stableAfter: TimeSpan.FromMinutes(1), log: _log);
    }

    private async Task RunConnectionAsync(IrcSettings settings, IEventEmitter events, CancellationToken cancellationToken)
    {
        IrcConnection connection;
        try
        {
            connection = await IrcConnection.ConnectAsync(settings, _log, TimeProvider.System, cancellationToken);
        }
        catch (IrcConfigurationException ex)
        {
            _lastFailure = ex.Message;
            await ReportOnceAsync(events, ex.Message, cancellationToken);
            throw;
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            _lastFailure = ex.Message;
            if (++_failedAttempts == FailuresBeforeReport)
            {
                await ReportOnceAsync(events, $"cannot connect to the IRC server {settings.Endpoint} ({FailuresBeforeReport} attempts): {ex.Message}; still retrying", cancellationToken);
            }
            throw;
        }
        _failedAttempts = 0;
        _lastFailure = null;
        // Message ids must stay unique across reconnects and restarts: the connection's start time, then a counter.
        var epoch = DateTimeOffset.UtcNow.ToUnixTimeMilliseconds().ToString("x", System.Globalization.CultureInfo.InvariantCulture);
        await using (connection)
        {
            foreach (var channel in settings.Channels)
            {
                await connection.SendAsync(IrcMessage.Format("JOIN", channel), cancellationToken);
            }
            PublishConnection(connection);
            try
            {
                while (await connection.ReadAsync(cancellationToken) is { } message)
                {
                    await HandleAsync(connection, message, epoch, events, cancellationToken);
                }
                _log.Warn("the IRC server closed the connection", ("server", settings.Endpoint));
            }
            finally
            {
                Unpublish(connection);
                if (cancellationToken.IsCancellationRequested)
                {
                    await connection.QuitAsync("LibreFang adapter stopping", TimeSpan.FromMilliseconds(150));
                }
            }
        }
    }

    private async Task HandleAsync(IrcConnection connection, IrcMessage message, string epoch, IEventEmitter events, CancellationToken cancellationToken)
    {
        switch (message.Command)
        {
            case "PRIVMSG":
                if (IrcText.TryParseCtcp(message.Parameter(1), out var ctcp, out var argument) && ctcp is "VERSION" or "PING")
                {
                    await AnswerCtcpAsync(connection, message.SourceNick!, ctcp, argument, cancellationToken);
                    return;
                }
                var id = $"irc-{epoch}-{Interlocked.Increment(ref _messageCounter)}";
                if (IrcMapping.ToMessage(message, connection.Nick, connection.IsChannel, id, RequireMention) is { } inbound)
                {
                    await events.EmitAsync(inbound, cancellationToken);
                }
                break;
            case "KICK" when string.Equals(message.Parameter(1), connection.Nick, StringComparison.OrdinalIgnoreCase):
                _log.Warn("kicked from a channel; rejoining in 10 s", ("channel", message.Parameter(0)), ("by", message.SourceNick), ("reason", message.Parameter(2)));
                _ = RejoinLaterAsync(connection, message.Parameter(0), TimeSpan.FromSeconds(10));
                break;
            case "403" or "405" or "471" or "473" or "474" or "475" or "477":
                await ReportOnceAsync(events, $"cannot join {message.Parameter(1)}: {message.Parameters[^1]}", cancellationToken);
                break;
            case "404":
                _log.Warn("the server refused a message to a channel", ("channel", message.Parameter(1)), ("reason", message.Parameters[^1]));
                break;
            case "ERROR":
                _log.Warn("the IRC server is closing the link", ("reason", message.Parameter(0)));
                break;
        }
    }

    // CTCP requests are cheap to send and each answer costs us a line, so answer at most one every 2 s.
    private async Task AnswerCtcpAsync(IrcConnection connection, string nick, string command, string argument, CancellationToken cancellationToken)
    {
        var now = Environment.TickCount64;
        if (now - Interlocked.Read(ref _lastCtcpReply) < 2000)
        {
            return;
        }
        Interlocked.Exchange(ref _lastCtcpReply, now);
        var reply = command == "VERSION" ? "librefang-irc (LibreFang sidecar adapter, .NET)" : argument;
        await connection.SendAsync(IrcMessage.Format("NOTICE", nick, IrcText.CtcpReply(command, reply)), cancellationToken);
    }

    private async Task RejoinLaterAsync(IrcConnection connection, string channel, TimeSpan delay)
    {
        try
        {
            await Task.Delay(delay, connection.Closed);
            await connection.SendAsync(IrcMessage.Format("JOIN", channel), connection.Closed);
        }
        catch (Exception ex) when (ex is OperationCanceledException or IOException)
        {
        }
    }

    // The dashboard keeps only the last error and never clears it, so one event per distinct problem is enough.
    private async Task ReportOnceAsync(IEventEmitter events, string problem, CancellationToken cancellationToken)
    {
        _log.Error(problem);
        if (problem != _lastReported)
        {
            _lastReported = problem;
            await events.EmitAsync(new ErrorEvent("IRC: " + problem), cancellationToken);
        }
    }

    private async Task<IrcConnection> WaitForConnectionAsync(string target, CancellationToken cancellationToken)
    {
        Task<IrcConnection> connected;
        lock (_connectionGate)
        {
            connected = _connected.Task;
        }
        try
        {
            return await connected.WaitAsync(SendWaitLimit, cancellationToken);
        }
        catch (TimeoutException)
        {
            var cause = _lastFailure is null ? "" : $" (last error: {_lastFailure})";
            throw new TimeoutException($"not connected to the IRC server {Server} for {SendWaitLimit.TotalSeconds:0} s{cause}; the message to {target} was not sent");
        }
    }

    private void PublishConnection(IrcConnection connection)
    {
        lock (_connectionGate)
        {
            if (!_connected.TrySetResult(connection))
            {
                _connected = NewConnectionSignal();
                _connected.SetResult(connection);
            }
        }
    }

    private void Unpublish(IrcConnection connection)
    {
        lock (_connectionGate)
        {
            if (_connected.Task.IsCompletedSuccessfully && ReferenceEquals(_connected.Task.Result, connection))
            {
                _connected = NewConnectionSignal();
            }
        }
    }

    // One bucket for the whole process, created on the first send.
    private SendRateLimiter Limiter => LazyInitializer.EnsureInitialized(ref _limiter, () => new SendRateLimiter(SendBurst, SendRate));

    private static TaskCompletionSource<IrcConnection> NewConnectionSignal() => new(TaskCreationOptions.RunContinuationsAsynchronously);

    private IrcSettings BuildSettings()
    {
        var problems = new List<ConfigurationProblem>();
        if (Port is < 1 or > 65535)
        {
            problems.Add(new("IRC_PORT", $"IRC_PORT must be between 1 and 65535, not {Port}"));
        }
        if (SaslUser is null != SaslPassword is null)
        {
            problems.Add(new(SaslUser is null ? "IRC_SASL_USERNAME" : "IRC_SASL_PASSWORD", "IRC_SASL_USERNAME and IRC_SASL_PASSWORD must be set together"));
        }
        if (SendRate <= 0 || SendBurst < 1)
        {
            problems.Add(new("IRC_SEND_RATE", "IRC_SEND_RATE must be above 0 and IRC_SEND_BURST at least 1"));
        }
        if (Nick.AsSpan().IndexOfAny(" ,:!@*?#&\r\n\0") >= 0)
        {
            problems.Add(new("IRC_NICK", $"'{Nick}' is not a valid IRC nick"));
        }
        var channels = Channels.Select(c => c.Trim()).Where(c => c.Length > 0).ToArray();
        foreach (var channel in channels.Where(c => c.AsSpan().IndexOfAny(" ,\a\r\n\0") >= 0 || c.Length < 2))
        {
            problems.Add(new("IRC_CHANNELS", $"'{channel}' is not a valid channel name"));
        }
        if (problems.Count > 0)
        {
            throw new ConfigurationException(problems);
        }
        return new IrcSettings(Server, Port ?? (Tls ? 6697 : 6667), Tls, TlsInsecure, Nick, UserName ?? Nick, RealName,
            ServerPassword, SaslUser, SaslPassword, channels);
    }
}
