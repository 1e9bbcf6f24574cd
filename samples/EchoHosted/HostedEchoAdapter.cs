using LibreFang.Sidecar;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace LibreFang.Samples.EchoHosted;

/// <summary>Echo, composed by the generic host: its options, logger and clock come from the container.</summary>
[SidecarAdapter("echo-hosted", DisplayName = "Echo (generic host)", Description = "Echoes each send back as a message")]
public sealed partial class HostedEchoAdapter(ILogger<HostedEchoAdapter> log, IOptions<EchoOptions> options, TimeProvider time)
{
    private long _answered;

    /// <summary>Shown on the dashboard like any field; the host's IConfiguration reads the same key.</summary>
    [ConfigField("ECHO_GREETING", Label = "Greeting prefix", Placeholder = "you said:")]
    public string Greeting { get; init; } = "you said:";

    [OnCommand]
    private ValueTask OnSend(SendCommand send, IEventEmitter events, CancellationToken cancellationToken)
    {
        var text = send.Text.Length > options.Value.MaxLength ? send.Text[..options.Value.MaxLength] : send.Text;
        var id = Interlocked.Increment(ref _answered);
        log.LogDebug("answering {Channel} at {Time}", send.ChannelId, time.GetUtcNow());
        return events.EmitAsync(new MessageBuilder("echo-user", "Echo").Text($"{Greeting} {text}").ChannelId(send.ChannelId)
            .MessageId(id.ToString(System.Globalization.CultureInfo.InvariantCulture)).Build(), cancellationToken);
    }
}

/// <summary>Options validated when the host starts: a bad value is one <c>error</c> event and exit code 2.</summary>
public sealed class EchoOptions
{
    /// <summary>Longest text echoed back (<c>ECHO_MAX_LENGTH</c>, default 4000).</summary>
    public int MaxLength { get; set; } = 4000;
}
