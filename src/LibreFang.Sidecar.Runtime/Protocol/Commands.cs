namespace LibreFang.Sidecar;

/// <summary>
/// A command the daemon writes to the adapter's stdin. The hierarchy is closed: the runtime defines every
/// variant, and a method it does not know arrives as <see cref="UnknownCommand"/>.
/// </summary>
public abstract record Command
{
    private protected Command()
    {
    }

    /// <summary>The wire <c>method</c> string.</summary>
    public abstract string Method { get; }
}

/// <summary>Deliver an outbound message to the platform (<c>send</c>).</summary>
/// <param name="ChannelId">Platform chat or channel id.</param>
/// <param name="Text">Plain text. For non-text content the daemon puts a JSON dump of the content here: prefer <see cref="Content"/>.</param>
/// <param name="User">The recipient as the daemon knows it.</param>
/// <param name="Content">Structured content; absent in legacy frames.</param>
/// <param name="ThreadId">Thread to reply in; only sent to adapters that declare the <c>thread</c> capability.</param>
public sealed record SendCommand(string ChannelId, string Text, ChannelUser User, Content? Content = null, string? ThreadId = null) : Command
{
    /// <inheritdoc />
    public override string Method => "send";
}

/// <summary>The daemon acknowledged a <c>ready</c> (<c>ready_ack</c>). Consumed by the runtime.</summary>
[RuntimeCommand]
public sealed record ReadyAckCommand : Command
{
    /// <summary>The one instance.</summary>
    public static ReadyAckCommand Instance { get; } = new();

    /// <inheritdoc />
    public override string Method => "ready_ack";
}

/// <summary>Stop now (<c>shutdown</c>). Consumed by the runtime; the supervisor may SIGKILL within milliseconds.</summary>
[RuntimeCommand]
public sealed record ShutdownCommand : Command
{
    /// <summary>The one instance.</summary>
    public static ShutdownCommand Instance { get; } = new();

    /// <inheritdoc />
    public override string Method => "shutdown";
}

/// <summary>Liveness ping (<c>heartbeat</c>). Defined by the protocol, never sent by the current daemon; no reply is expected.</summary>
[OptionalCommand]
public sealed record HeartbeatCommand : Command
{
    /// <summary>The one instance.</summary>
    public static HeartbeatCommand Instance { get; } = new();

    /// <inheritdoc />
    public override string Method => "heartbeat";
}

/// <summary>Show a typing indicator in a channel (<c>typing</c>). Requires the <c>typing</c> capability.</summary>
[CommandCapability(Capabilities.Typing)]
public sealed record TypingCommand(string ChannelId) : Command
{
    /// <inheritdoc />
    public override string Method => "typing";
}

/// <summary>React to a message (<c>reaction</c>). Requires the <c>reaction</c> capability.</summary>
/// <param name="ChannelId">Channel of the message.</param>
/// <param name="MessageId">The platform message id the adapter reported in its <c>message</c> event.</param>
/// <param name="Reaction">The emoji; may be empty (on <c>done</c>: clear, add nothing).</param>
/// <param name="Phase">Agent phase (<see cref="AgentPhases"/>); empty in legacy frames.</param>
/// <param name="ToolName">The tool, only with the <c>tool_use</c> phase.</param>
[CommandCapability(Capabilities.Reaction)]
public sealed record ReactionCommand(string ChannelId, string MessageId, string Reaction, string Phase = "", string? ToolName = null) : Command
{
    /// <inheritdoc />
    public override string Method => "reaction";
}

/// <summary>Send a message with buttons (<c>interactive</c>). Requires the <c>interactive</c> capability.</summary>
[CommandCapability(Capabilities.Interactive)]
public sealed record InteractiveCommand(string ChannelId, InteractiveMessage Message) : Command
{
    /// <inheritdoc />
    public override string Method => "interactive";
}

/// <summary>Begin a streamed reply (<c>stream_start</c>). Requires the <c>streaming</c> capability.</summary>
[CommandCapability(Capabilities.Streaming)]
public sealed record StreamStartCommand(string ChannelId, string StreamId, string? ThreadId = null) : Command
{
    /// <inheritdoc />
    public override string Method => "stream_start";
}

/// <summary>Append text to a streamed reply (<c>stream_delta</c>).</summary>
[CommandCapability(Capabilities.Streaming)]
public sealed record StreamDeltaCommand(string StreamId, string Text) : Command
{
    /// <inheritdoc />
    public override string Method => "stream_delta";
}

/// <summary>Finish a streamed reply (<c>stream_end</c>). May never arrive if the daemon's write failed.</summary>
[CommandCapability(Capabilities.Streaming)]
public sealed record StreamEndCommand(string StreamId) : Command
{
    /// <inheritdoc />
    public override string Method => "stream_end";
}

/// <summary>A command whose method this runtime does not know. Never an error: newer daemons may send new methods.</summary>
/// <param name="Method">The method string as received.</param>
/// <param name="RawFrame">The whole frame as received (UTF-8 JSON text).</param>
[OptionalCommand]
public sealed record UnknownCommand(string Method, string RawFrame) : Command
{
    /// <inheritdoc />
    public override string Method { get; } = Method;
}

/// <summary>The <c>phase</c> values of a <see cref="ReactionCommand"/>.</summary>
public static class AgentPhases
{
    /// <summary>Queued.</summary>
    public const string Queued = "queued";
    /// <summary>Thinking.</summary>
    public const string Thinking = "thinking";
    /// <summary>Using a tool (see <see cref="ReactionCommand.ToolName"/>).</summary>
    public const string ToolUse = "tool_use";
    /// <summary>Streaming the answer.</summary>
    public const string Streaming = "streaming";
    /// <summary>Done.</summary>
    public const string Done = "done";
    /// <summary>Failed.</summary>
    public const string Error = "error";
}
