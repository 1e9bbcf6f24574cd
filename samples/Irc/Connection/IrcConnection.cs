using System.Net.Security;
using System.Net.Sockets;
using System.Text;
using LibreFang.Samples.Irc.Protocol;
using LibreFang.Sidecar;

namespace LibreFang.Samples.Irc.Connection;

/// <summary>
/// One registered connection to an IRC server: the transport (TCP, optionally TLS), line reading and writing, the
/// registration handshake (PASS, SASL PLAIN, NICK, USER) and a liveness watchdog. Reconnecting is the caller's job.
/// </summary>
internal sealed class IrcConnection : IAsyncDisposable
{
    private const string DefaultChannelPrefixes = "#&+!";
    // RFC 2812 allows 9-character user names; servers add '~' without ident. Hosts are at most 63 bytes per DNS label
    // rules used by most ircds. Used for the line budget until the server shows our real source.
    private const int AssumedUserBytes = 10;
    private const int AssumedHostBytes = 63;

    private readonly TcpClient _tcp;
    private readonly Stream _stream;
    private readonly IrcLineReader _reader;
    private readonly SemaphoreSlim _writeLock = new(1, 1);
    private readonly IrcSettings _settings;
    private readonly SidecarLog _log;
    private readonly TimeProvider _time;
    private readonly CancellationTokenSource _closed = new();
    private long _lastReceived;
    private long _pingSentAt;
    private int _disposed;

    private IrcConnection(TcpClient tcp, Stream stream, IrcSettings settings, SidecarLog log, TimeProvider time)
    {
        _tcp = tcp;
        _stream = stream;
        _reader = new IrcLineReader(stream);
        _settings = settings;
        _log = log;
        _time = time;
        _lastReceived = time.GetTimestamp();
        Nick = settings.Nick;
    }

    /// <summary>The nick the server knows us by (may differ from the configured one after a collision).</summary>
    public string Nick { get; private set; }

    /// <summary>Our full source (<c>nick!user@host</c>) once the server has shown it, e.g. in our own JOIN.</summary>
    public string? Source { get; private set; }

    /// <summary>Characters that start a channel name (ISUPPORT CHANTYPES).</summary>
    public string ChannelPrefixes { get; private set; } = DefaultChannelPrefixes;

    /// <summary>Cancelled when the connection is closed for any reason.</summary>
    public CancellationToken Closed => _closed.Token;

    /// <summary>The byte length of our source as the server relays it, exact when known, else an upper estimate.</summary>
    public int SourceBytes => Source is { } source
        ? Encoding.UTF8.GetByteCount(source)
        : Encoding.UTF8.GetByteCount(Nick) + 1 + AssumedUserBytes + 1 + AssumedHostBytes;

    public bool IsChannel(string target) => target.Length > 0 && ChannelPrefixes.Contains(target[0]);

    /// <summary>Opens the transport and registers. Throws <see cref="IrcConfigurationException"/> for refusals an operator must fix.</summary>
    public static async Task<IrcConnection> ConnectAsync(IrcSettings settings, SidecarLog log, TimeProvider time, CancellationToken cancellationToken)
    {
        var tcp = new TcpClient { NoDelay = true };
        IrcConnection? connection = null;
        try
        {
            using (var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken))
            {
                timeout.CancelAfter(settings.ConnectTimeout);
                try
                {
                    await tcp.ConnectAsync(settings.Host, settings.Port, timeout.Token).ConfigureAwait(false);
                }
                catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
                {
                    throw new TimeoutException($"connecting to {settings.Endpoint} took longer than {settings.ConnectTimeout.TotalSeconds:0} s");
                }
                Stream stream = tcp.GetStream();
                if (settings.Tls)
                {
                    var tls = new SslStream(stream, leaveInnerStreamOpen: false);
                    var options = new SslClientAuthenticationOptions { TargetHost = settings.Host };
                    if (settings.TlsInsecure)
                    {
                        options.RemoteCertificateValidationCallback = static (_, _, _, _) => true;
                    }
                    try
                    {
                        await tls.AuthenticateAsClientAsync(options, timeout.Token).ConfigureAwait(false);
                    }
                    catch (System.Security.Authentication.AuthenticationException ex)
                    {
                        // A certificate the client does not trust will not become trusted by retrying: tell the operator.
                        throw new IrcConfigurationException($"the TLS handshake with {settings.Endpoint} failed: {ex.Message}"
                            + (settings.TlsInsecure ? "" : " (for a self-signed test server set IRC_TLS_INSECURE=true; never in production)"));
                    }
                    stream = tls;
                }
                connection = new IrcConnection(tcp, stream, settings, log, time);
            }
            await connection.RegisterAsync(cancellationToken).ConfigureAwait(false);
            connection.StartWatchdog();
            return connection;
        }
        catch
        {
            if (connection is not null)
            {
                await connection.DisposeAsync().ConfigureAwait(false);
            }
            tcp.Dispose();
            throw;
        }
    }

    /// <summary>
    /// The next message from the server, or null when the connection ended. PING is answered here and never returned;
    /// our own nick changes, source and ISUPPORT are tracked here, then the message is returned as well.
    /// </summary>
    public async ValueTask<IrcMessage?> ReadAsync(CancellationToken cancellationToken)
    {
        while (true)
        {
            string? line;
            try
            {
                line = await _reader.ReadLineAsync(cancellationToken).ConfigureAwait(false);
            }
            catch (Exception ex) when (ex is IOException or ObjectDisposedException && _closed.IsCancellationRequested)
            {
                return null;
            }
            if (line is null)
            {
                return null;
            }
            Interlocked.Exchange(ref _lastReceived, _time.GetTimestamp());
            Interlocked.Exchange(ref _pingSentAt, 0);
            var message = IrcMessage.Parse(line);
            if (message is null)
            {
                continue;
            }
            if (message.Command == "PING")
            {
                await SendAsync(IrcMessage.Format("PONG", message.Parameter(0)), cancellationToken).ConfigureAwait(false);
                continue;
            }
            Track(message);
            return message;
        }
    }

    /// <summary>Writes one line (CR LF added). Writes are serialised; a write that cannot finish in 10 s closes the connection.</summary>
    public async Task SendAsync(string line, CancellationToken cancellationToken)
    {
        var bytes = Encoding.UTF8.GetBytes(line + "\r\n");
        // An async mutex around this one connection's stream: two lines must never interleave.
        await _writeLock.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            using var stall = new CancellationTokenSource(TimeSpan.FromSeconds(10));
            using var linked = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, _closed.Token, stall.Token);
            try
            {
                await _stream.WriteAsync(bytes, linked.Token).ConfigureAwait(false);
                await _stream.FlushAsync(linked.Token).ConfigureAwait(false);
            }
            catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
            {
                Close();
                throw new IOException(stall.IsCancellationRequested
                    ? "writing to the IRC server stalled for 10 s; the connection is closed"
                    : "the connection is closed");
            }
            catch (Exception ex) when (ex is ObjectDisposedException or SocketException)
            {
                Close();
                throw new IOException("the connection is closed", ex);
            }
        }
        finally
        {
            _writeLock.Release();
        }
    }

    /// <summary>Sends QUIT and closes, giving the server at most <paramref name="wait"/> to take the line.</summary>
    public async Task QuitAsync(string reason, TimeSpan wait)
    {
        if (_closed.IsCancellationRequested)
        {
            return;
        }
        using var timeout = new CancellationTokenSource(wait);
        try
        {
            await SendAsync(IrcMessage.Format("QUIT", reason), timeout.Token).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is IOException or OperationCanceledException)
        {
            _log.Debug("QUIT could not be sent", ("error", ex.Message));
        }
        Close();
    }

    /// <summary>Closes the transport; a pending read returns null.</summary>
    public void Close()
    {
        if (_closed.IsCancellationRequested)
        {
            return;
        }
        try
        {
            _closed.Cancel();
        }
        catch (ObjectDisposedException)
        {
            return;
        }
        _tcp.Client?.Close(0);
    }

    public async ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref _disposed, 1) == 1)
        {
            return;
        }
        Close();
        await _stream.DisposeAsync().ConfigureAwait(false);
        _tcp.Dispose();
        _closed.Dispose();
    }

    private async Task RegisterAsync(CancellationToken cancellationToken)
    {
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(_settings.RegistrationTimeout);
        var token = timeout.Token;
        var sasl = _settings.SaslUser is not null;
        try
        {
            if (sasl)
            {
                await SendAsync("CAP LS 302", token).ConfigureAwait(false);
            }
            if (_settings.ServerPassword is { } password)
            {
                await SendAsync(IrcMessage.Format("PASS", password), token).ConfigureAwait(false);
            }
            await SendAsync(IrcMessage.Format("NICK", Nick), token).ConfigureAwait(false);
            await SendAsync(IrcMessage.Format("USER", _settings.UserName, "0", "*", _settings.RealName), token).ConfigureAwait(false);

            var offered = new List<string>();
            var nickAttempts = 0;
            while (true)
            {
                var message = await ReadAsync(token).ConfigureAwait(false)
                    ?? throw new IOException(_settings.ServerPassword is null
                        ? "the server closed the connection during registration"
                        : "the server closed the connection during registration (a wrong IRC_PASSWORD does this on some servers)");
                switch (message.Command)
                {
                    case "001":
                        Nick = message.Parameter(0).Length > 0 ? message.Parameter(0) : Nick;
                        _log.Info("registered on IRC", ("server", _settings.Endpoint), ("nick", Nick));
                        return;
                    case "433" or "436": // nick in use / collision: try nick_, nick__, then a number
                        if (++nickAttempts > 5)
                        {
                            throw new IrcConfigurationException($"the nick '{_settings.Nick}' and its alternatives are all in use on {_settings.Host}");
                        }
                        Nick = nickAttempts < 3 ? Nick + "_" : _settings.Nick + Random.Shared.Next(100, 1000);
                        _log.Warn("nick in use; trying another", ("nick", Nick));
                        await SendAsync(IrcMessage.Format("NICK", Nick), token).ConfigureAwait(false);
                        break;
                    case "432":
                        throw new IrcConfigurationException($"the server rejects the nick '{Nick}': {message.Parameters[^1]}");
                    case "464":
                        throw new IrcConfigurationException($"{_settings.Host} refused the server password (IRC_PASSWORD): {message.Parameters[^1]}");
                    case "465":
                        throw new IrcConfigurationException($"{_settings.Host} bans this client: {message.Parameters[^1]}");
                    case "ERROR" when _settings.ServerPassword is not null && message.Parameter(0).Contains("password", StringComparison.OrdinalIgnoreCase):
                        // Servers such as ngircd answer a wrong password with ERROR instead of numeric 464.
                        throw new IrcConfigurationException($"{_settings.Host} refused the server password (IRC_PASSWORD): {message.Parameter(0)}");
                    case "ERROR":
                        throw new IOException("the server closed the link during registration: " + message.Parameter(0));
                    case "CAP" when sasl:
                        await OnCapAsync(message, offered, token).ConfigureAwait(false);
                        break;
                    case "AUTHENTICATE" when sasl && message.Parameter(0) == "+":
                        await SendSaslPlainAsync(token).ConfigureAwait(false);
                        break;
                    case "903": // SASL success
                        await SendAsync("CAP END", token).ConfigureAwait(false);
                        break;
                    case "902" or "904" or "905" or "906":
                        throw new IrcConfigurationException($"SASL login as '{_settings.SaslUser}' failed: {message.Parameters[^1]}");
                    case "908":
                        throw new IrcConfigurationException($"{_settings.Host} does not accept SASL PLAIN (offers {message.Parameter(1)})");
                }
            }
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            throw new TimeoutException($"registration with {_settings.Endpoint} took longer than {_settings.RegistrationTimeout.TotalSeconds:0} s");
        }
    }

    // CAP LS may span several lines ("CAP * LS * :a b" then "CAP * LS :c"); the request goes out after the last one.
    private async Task OnCapAsync(IrcMessage message, List<string> offered, CancellationToken token)
    {
        switch (message.Parameter(1).ToUpperInvariant())
        {
            case "LS":
                var more = message.Parameters.Count >= 4 && message.Parameter(2) == "*";
                offered.AddRange(message.Parameters[^1].Split(' ', StringSplitOptions.RemoveEmptyEntries));
                if (more)
                {
                    return;
                }
                if (!offered.Any(cap => cap == "sasl" || cap.StartsWith("sasl=", StringComparison.Ordinal)))
                {
                    throw new IrcConfigurationException($"{_settings.Host} does not offer SASL, but IRC_SASL_USERNAME is set");
                }
                await SendAsync("CAP REQ :sasl", token).ConfigureAwait(false);
                break;
            case "ACK" when message.Parameters[^1].Split(' ').Contains("sasl"):
                await SendAsync("AUTHENTICATE PLAIN", token).ConfigureAwait(false);
                break;
            case "NAK":
                throw new IrcConfigurationException($"{_settings.Host} refused the SASL capability");
        }
    }

    // SASL PLAIN: base64("authzid\0authcid\0password") in 400-byte pieces; a final "+" when the last piece is full.
    private async Task SendSaslPlainAsync(CancellationToken token)
    {
        var user = _settings.SaslUser!;
        var payload = Convert.ToBase64String(Encoding.UTF8.GetBytes($"{user}\0{user}\0{_settings.SaslPassword}"));
        for (var offset = 0; offset < payload.Length; offset += 400)
        {
            await SendAsync("AUTHENTICATE " + payload.Substring(offset, Math.Min(400, payload.Length - offset)), token).ConfigureAwait(false);
        }
        if (payload.Length % 400 == 0)
        {
            await SendAsync("AUTHENTICATE +", token).ConfigureAwait(false);
        }
    }

    private void Track(IrcMessage message)
    {
        var fromUs = string.Equals(message.SourceNick, Nick, StringComparison.OrdinalIgnoreCase);
        switch (message.Command)
        {
            case "NICK" when fromUs:
                Nick = message.Parameter(0);
                Source = null;
                break;
            case "JOIN" when fromUs && message.Source!.Contains('!'):
                Source = message.Source;
                break;
            case "396": // RPL_HOSTHIDDEN: our visible host changed
                Source = null;
                break;
            case "005":
                foreach (var token in message.Parameters.Skip(1))
                {
                    if (token.StartsWith("CHANTYPES=", StringComparison.Ordinal))
                    {
                        ChannelPrefixes = token["CHANTYPES=".Length..] is { Length: > 0 } prefixes ? prefixes : DefaultChannelPrefixes;
                    }
                }
                break;
        }
    }

    // Sends a PING after a quiet spell and closes the connection when even that gets no answer: a half-open TCP
    // connection (server gone, no RST) would otherwise look alive forever.
    private void StartWatchdog() => _ = Task.Run(async () =>
    {
        var check = TimeSpan.FromMilliseconds(Math.Min(5000, _settings.PingTimeout.TotalMilliseconds / 2));
        try
        {
            while (!_closed.IsCancellationRequested)
            {
                await Task.Delay(check, _time, _closed.Token).ConfigureAwait(false);
                var quiet = _time.GetElapsedTime(Interlocked.Read(ref _lastReceived));
                var pingSent = Interlocked.Read(ref _pingSentAt);
                if (pingSent != 0 && _time.GetElapsedTime(pingSent) >= _settings.PingTimeout)
                {
                    _log.Warn("the IRC server stopped answering; closing the connection", ("quiet_s", (int)quiet.TotalSeconds));
                    Close();
                }
                else if (pingSent == 0 && quiet >= _settings.IdleBeforePing)
                {
                    Interlocked.Exchange(ref _pingSentAt, _time.GetTimestamp());
                    await SendAsync(IrcMessage.Format("PING", "librefang"), _closed.Token).ConfigureAwait(false);
                }
            }
        }
        catch (Exception ex) when (ex is OperationCanceledException or IOException)
        {
        }
    });
}
