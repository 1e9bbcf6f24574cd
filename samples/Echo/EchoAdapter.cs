using LibreFang.Sidecar;
using LibreFang.Sidecar.Helpers;

namespace LibreFang.Samples.Echo;

/// <summary>The smallest useful adapter: every <c>send</c> comes back as an inbound <c>message</c>.</summary>
[SidecarAdapter("echo", DisplayName = "Echo", Description = "Echoes each send back as a message")]
public sealed partial class EchoAdapter
{
    /// <summary>A platform-style message limit, so long echoes show how chunking works.</summary>
    private const int MaxMessageLength = 4096;

    // Unique across restarts too: the daemon keys reactions and replies on the id.
    private readonly MessageIds _messageIds = new("echo");

    [ConfigField("ECHO_GREETING", Label = "Greeting prefix", Placeholder = "you said:")]
    public string Greeting { get; init; } = "you said:";

    [OnCommand]
    private async ValueTask OnSend(SendCommand send, IEventEmitter events, CancellationToken cancellationToken)
    {
        foreach (var chunk in MessageSplitter.Split($"{Greeting} {send.Text}", MaxMessageLength))
        {
            var message = new MessageBuilder("echo-user", "Echo")
                .Text(chunk)
                .ChannelId(send.ChannelId)
                .Platform("echo")
                .MessageId(_messageIds.Next())
                .Build();
            await events.EmitAsync(message, cancellationToken);
        }
    }
}
