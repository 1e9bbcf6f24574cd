using System.Threading.Channels;
using LibreFang.Sidecar;
using Microsoft.Extensions.Logging;

namespace MyAdapter;

/// <summary>Bridges myplatform chats to LibreFang agents.</summary>
[SidecarAdapter("myplatform", DisplayName = "MyAdapter", Description = "Bridges myplatform chats to LibreFang agents")]
public sealed partial class PlatformAdapter(ILogger<PlatformAdapter> log, HttpClient http)
{
    // The generated factory passes the constructor's services: the logger writes JSON lines to stderr (stdout is the
    // protocol; level: LIBREFANG_SIDECAR_LOG_LEVEL, default info), the HttpClient is shared by the process (call the
    // platform's HTTP API with it). TimeProvider and ILoggerFactory can be taken the same way.
    private readonly ILogger<PlatformAdapter> _log = log;
    private readonly HttpClient _http = http;

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
        _log.LogDebug("delivering a message to {Channel} ({Length} characters)", send.ChannelId, send.Text.Length);
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

    // Deliver send.Text (or send.Content for rich messages) to send.ChannelId on the platform here, for example:
    // await _http.PostAsync(new Uri(apiBase, "messages"), content, cancellationToken);
    private Task DeliverAsync(SendCommand send, CancellationToken cancellationToken) => Task.CompletedTask;

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
            // Then emit every incoming message. Until that connection is written, messages come from Inbox, where the
            // tests put them.
            await foreach (var incoming in Inbox.Reader.ReadAllAsync(ct))
            {
                await events.EmitAsync(new MessageBuilder(incoming.SenderId, incoming.SenderName)
                    .Text(incoming.Text).ChannelId(incoming.ChatId).MessageId(incoming.Id).Platform("myplatform").Build(), ct);
            }
        }, problems, cancellationToken, target: "myplatform");
    }

    /// <summary>Stands in for the platform connection: what is written here arrives as platform messages.</summary>
    public Channel<PlatformMessage> Inbox { get; } = Channel.CreateUnbounded<PlatformMessage>();
}

/// <summary>One message as the platform delivers it.</summary>
public sealed record PlatformMessage(string Id, string ChatId, string SenderId, string SenderName, string Text);
