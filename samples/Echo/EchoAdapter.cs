using LibreFang.Sidecar;

namespace LibreFang.Samples.Echo;

/// <summary>The smallest useful adapter: every <c>send</c> comes back as an inbound <c>message</c>.</summary>
[SidecarAdapter("echo", DisplayName = "Echo", Description = "Echoes each send back as a message")]
public sealed partial class EchoAdapter
{
    [ConfigField("ECHO_GREETING", Label = "Greeting prefix", Placeholder = "you said:")]
    public string Greeting { get; init; } = "you said:";

    private long _messages;

    [OnCommand]
    private ValueTask OnSend(SendCommand send, IEventEmitter events, CancellationToken cancellationToken)
    {
        var id = Interlocked.Increment(ref _messages);
        var message = new MessageBuilder("echo-user", "Echo")
            .Text($"{Greeting} {send.Text}")
            .ChannelId(send.ChannelId)
            .Platform("echo")
            .MessageId("echo-" + id)
            .Build();
        return events.EmitAsync(message, cancellationToken);
    }
}
