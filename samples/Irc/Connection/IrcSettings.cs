namespace LibreFang.Samples.Irc.Connection;

/// <summary>Everything needed to open and register one connection.</summary>
internal sealed record IrcSettings(
    string Host,
    int Port,
    bool Tls,
    bool TlsInsecure,
    string Nick,
    string UserName,
    string RealName,
    string? ServerPassword,
    string? SaslUser,
    string? SaslPassword,
    IReadOnlyList<string> Channels)
{
    /// <summary>The connect + TLS timeout.</summary>
    public TimeSpan ConnectTimeout { get; init; } = TimeSpan.FromSeconds(20);

    /// <summary>How long registration (up to the welcome numeric) may take.</summary>
    public TimeSpan RegistrationTimeout { get; init; } = TimeSpan.FromSeconds(30);

    /// <summary>After this long without a line from the server, the client sends a PING.</summary>
    public TimeSpan IdleBeforePing { get; init; } = TimeSpan.FromSeconds(120);

    /// <summary>After the PING, this long without any line closes the connection as dead.</summary>
    public TimeSpan PingTimeout { get; init; } = TimeSpan.FromSeconds(60);

    /// <summary>Where the operator sees it: <c>host:port</c> with the transport.</summary>
    public string Endpoint => $"{Host}:{Port}{(Tls ? " (TLS)" : "")}";
}

/// <summary>A failure that retrying will not fix without an operator (wrong password, rejected nick, SASL refused).</summary>
internal sealed class IrcConfigurationException(string message) : Exception(message);
