using LibreFang.Sidecar;
using Microsoft.Extensions.Logging;

namespace MyAdapter;

/// <summary>Bridges myplatform chats to LibreFang agents.</summary>
[SidecarAdapter("myplatform", DisplayName = "MyAdapter", Description = "Bridges myplatform chats to LibreFang agents")]
public sealed partial class PlatformAdapter
{
    // Logs go to stderr as JSON lines (stdout is the protocol). Level: LIBREFANG_SIDECAR_LOG_LEVEL (default info).
    private static readonly ILogger Log = new SidecarLoggerProvider().CreateLogger("MyAdapter");

    // One write at a time on the platform connection (an async mutex: holding it across platform I/O is fine; never
    // hold it across an emit, which waits on the daemon: LFS0301).
    private readonly SemaphoreSlim _platformWrites = new(1, 1);

    /// <summary>The platform token (stored by LibreFang as a secret, passed in the environment).</summary>
    [ConfigField("MYPLATFORM_TOKEN", Label = "API token", Type = FieldType.Secret, Required = true, Placeholder = "paste the bot token")]
    public required string Token { get; init; }

    /// <summary>Channels to bridge (comma-separated).</summary>
    [ConfigField("MYPLATFORM_CHANNELS", Label = "Channels", Placeholder = "general,random")]
    public string[] Channels { get; init; } = [];

    /// <summary>Outbound: LibreFang asks the adapter to deliver a message to the platform.</summary>
    [OnCommand]
    private async ValueTask OnSend(SendCommand send, IEventEmitter events, CancellationToken cancellationToken)
    {
        Log.LogDebug("delivering a message to {Channel} ({Length} characters)", send.ChannelId, send.Text.Length);
        await _platformWrites.WaitAsync(cancellationToken);
        try
        {
            await DeliverAsync(send, cancellationToken);
        }
        finally
        {
            _platformWrites.Release();
        }
        // Until delivery is written, the text comes back as if the platform's user had answered, so a new project
        // already completes a whole session (send in, message out). Remove this once DeliverAsync delivers.
        await events.EmitAsync(new MessageBuilder(send.User.PlatformId, send.User.DisplayName)
            .Text(send.Text).ChannelId(send.ChannelId).Platform("myplatform").Build(), cancellationToken);
    }

    // Deliver send.Text (or send.Content for rich messages) to send.ChannelId on the platform here.
    private static Task DeliverAsync(SendCommand send, CancellationToken cancellationToken) => Task.CompletedTask;

    /// <summary>
    /// Inbound: keep a platform connection open and report what arrives; reconnects with backoff. A refused token is
    /// the operator's to fix: throw <see cref="OperatorProblemException"/> for it, and it is reported once as an
    /// <c>error</c> event and retried slowly; other failures are retried quietly until the platform has been
    /// unreachable 5 times in a row.
    /// </summary>
    private Task ProduceAsync(IEventEmitter events, CancellationToken cancellationToken)
    {
        var problems = new ProblemReporter(events, "myplatform");
        return Backoff.Default.RunWithReconnectAsync(async ct =>
        {
            // Connect to the platform with Token; when it refuses the token:
            //   throw new OperatorProblemException("token", "myplatform refused MYPLATFORM_TOKEN");
            problems.Connected();
            // Then for every incoming message:
            //   await events.EmitAsync(new MessageBuilder(senderId, senderName).Text(text).ChannelId(chatId).MessageId(id).Build(), ct);
            await Task.Delay(Timeout.Infinite, ct);
        }, problems, cancellationToken, target: "myplatform");
    }
}
