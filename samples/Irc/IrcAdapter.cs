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

    private readonly SidecarLog _log = SidecarLog.Shared;
    // Message ids must stay unique across reconnects and restarts: the process's start time, then a counter.
    private readonly MessageIds _messageIds = new("irc");
    private ConnectionGate<IrcConnection>? _connection;
    private SendRateLimiter? _limiter;
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
            var connection = await Connection.WaitAsync(send.ChannelId, cancellationToken);
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
                Connection.Withdraw(connection);
                connection.Close();
            }
        }
    }

    private async Task ProduceAsync(IEventEmitter events, CancellationToken cancellationToken)
    {
        var settings = BuildSettings();
        // A refused login (password, nick, SASL, ban, TLS) is the operator's to fix: reported once, retried slowly.
        // Anything else is retried quietly until it has failed FailuresBeforeReport times in a row.
        var problems = new ProblemReporter(events, "IRC", _log) { UnreachableAfter = FailuresBeforeReport };
        try
        {
            await Backoff.Default.RunWithReconnectAsync(token => RunConnectionAsync(settings, events, problems, token), problems, cancellationToken,
                classify: ex => ex is IrcConfigurationException refused ? new OperatorProblem("login: " + refused.Message, refused.Message) : null,
                target: $"the IRC server {settings.Endpoint}", stableAfter: TimeSpan.FromMinutes(1), log: _log);
        }
        finally
        {
            Connection.Close();
        }
    }

    private async Task RunConnectionAsync(IrcSettings settings, IEventEmitter events, ProblemReporter problems, CancellationToken cancellationToken)
    {
        IrcConnection connection;
        try
        {
            connection = await IrcConnection.ConnectAsync(settings, _log, TimeProvider.System, cancellationToken);
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            Connection.LastFailure = ex.Message;
            throw;
        }
        problems.Connected();
        await using (connection)
        {
            foreach (var channel in settings.Channels)
            {
                await connection.SendAsync(IrcMessage.Format("JOIN", channel), cancellationToken);
            }
            Connection.Publish(connection);
            try
            {
                while (await connection.ReadAsync(cancellationToken) is { } message)
                {
                    await HandleAsync(connection, message, events, problems, cancellationToken);
                }
                _log.Warn("the IRC server closed the connection", ("server", settings.Endpoint));
            }
            finally
            {
                Connection.Withdraw(connection);
                if (cancellationToken.IsCancellationRequested)
                {
                    await connection.QuitAsync("LibreFang adapter stopping", TimeSpan.FromMilliseconds(150));
                }
            }
        }
    }

    private async Task HandleAsync(IrcConnection connection, IrcMessage message, IEventEmitter events, ProblemReporter problems, CancellationToken cancellationToken)
    {
        switch (message.Command)
        {
            case "PRIVMSG":
                if (IrcText.TryParseCtcp(message.Parameter(1), out var ctcp, out var argument) && ctcp is "VERSION" or "PING")
                {
                    await AnswerCtcpAsync(connection, message.SourceNick!, ctcp, argument, cancellationToken);
                    return;
                }
                if (IrcMapping.ToMessage(message, connection.Nick, connection.IsChannel, _messageIds.Next(), RequireMention) is { } inbound)
                {
                    await events.EmitAsync(inbound, cancellationToken);
                }
                break;
            case "KICK" when string.Equals(message.Parameter(1), connection.Nick, StringComparison.OrdinalIgnoreCase):
                _log.Warn("kicked from a channel; rejoining in 10 s", ("channel", message.Parameter(0)), ("by", message.SourceNick), ("reason", message.Parameter(2)));
                _ = RejoinLaterAsync(connection, message.Parameter(0), TimeSpan.FromSeconds(10));
                break;
            case "403" or "405" or "471" or "473" or "474" or "475" or "477":
                await problems.ReportAsync("join " + message.Parameter(1), $"cannot join {message.Parameter(1)}: {message.Parameters[^1]}", cancellationToken);
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

    // One bucket for the whole process, created on the first send.
    private SendRateLimiter Limiter => LazyInitializer.EnsureInitialized(ref _limiter, () => new SendRateLimiter(SendBurst, SendRate));

    // The gate the producer publishes each connection on and sends wait at, created on first use.
    private ConnectionGate<IrcConnection> Connection =>
        LazyInitializer.EnsureInitialized(ref _connection, () => new ConnectionGate<IrcConnection>(SendWaitLimit, $"the IRC server {Server}"));

    // Called by the generated Create once every field is bound: all problems reach the operator together (exit 2).
    private void ValidateConfiguration(ConfigurationProblems problems)
    {
        if (Port is < 1 or > 65535)
        {
            problems.Add("IRC_PORT", $"IRC_PORT must be between 1 and 65535, not {Port}");
        }
        if (SaslUser is null != SaslPassword is null)
        {
            problems.Add(SaslUser is null ? "IRC_SASL_USERNAME" : "IRC_SASL_PASSWORD", "IRC_SASL_USERNAME and IRC_SASL_PASSWORD must be set together");
        }
        if (SendRate <= 0 || SendBurst < 1)
        {
            problems.Add("IRC_SEND_RATE", "IRC_SEND_RATE must be above 0 and IRC_SEND_BURST at least 1");
        }
        if (Nick.AsSpan().IndexOfAny(" ,:!@*?#&\r\n\0") >= 0)
        {
            problems.Add("IRC_NICK", $"'{Nick}' is not a valid IRC nick");
        }
        foreach (var channel in TrimmedChannels().Where(c => c.AsSpan().IndexOfAny(" ,\a\r\n\0") >= 0 || c.Length < 2))
        {
            problems.Add("IRC_CHANNELS", $"'{channel}' is not a valid channel name");
        }
    }

    private string[] TrimmedChannels() => Channels.Select(c => c.Trim()).Where(c => c.Length > 0).ToArray();

    private IrcSettings BuildSettings()
    {
        var channels = TrimmedChannels();
        return new IrcSettings(Server, Port ?? (Tls ? 6697 : 6667), Tls, TlsInsecure, Nick, UserName ?? Nick, RealName,
            ServerPassword, SaslUser, SaslPassword, channels);
    }
}
