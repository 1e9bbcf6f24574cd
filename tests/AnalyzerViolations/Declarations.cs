using LibreFang.Sidecar;

namespace AnalyzerViolations;

// Adapter declaration problems (LFS0001–LFS0014, LFS0020). The generator runs in this build too: it reports none of them
// (each appears once, from the declaration analyzer) and gives the classes it can generate a stub.

[SidecarAdapter("not-partial")]
public sealed class NotPartialAdapter // expect: LFS0001
{
    [OnCommand]
    private void OnAny(Command command) { }
}

[SidecarAdapter("abstract")]
public abstract partial class AbstractAdapter // expect: LFS0008
{
    [OnCommand]
    private void OnAny(Command command) { }
}

[SidecarAdapter("broken")]
public sealed partial class BrokenDeclarationAdapter // expect: LFS0006
{
    public BrokenDeclarationAdapter(TimeProvider time) { }

    public BrokenDeclarationAdapter(IServiceProvider services) { }

    [OnCommand]
    private void OnAny(Command command) { }

    [OnCommand]
    private void OnEverything(Command command) { } // expect: LFS0003

    [OnCommand]
    private int Count(SendCommand send) => send.Text.Length; // expect: LFS0002

    [OnCommand]
    private void OnAck(ReadyAckCommand ack) { } // expect: LFS0011

    [ConfigField("BROKEN_WHEN")]
    public DateTime When { get; set; } // expect: LFS0004

    [ConfigField("BROKEN_FLAG", Type = FieldType.Bool)]
    public string Flag { get; set; } = ""; // expect: LFS0005

    public required string Client { get; init; } // expect: LFS0007

    [ConfigField("BROKEN_FIXED")]
    public string Fixed => "fixed"; // expect: LFS0009

    [ConfigField("BROKEN_KEY")]
    public string First { get; set; } = "";

    [ConfigField("BROKEN_KEY")]
    public string Second { get; set; } = ""; // expect: LFS0010

    private ValueTask ProduceAsync(IEventEmitter events, CancellationToken cancellationToken) => default; // expect: LFS0012
}

[SidecarAdapter("marked-hook")]
public sealed partial class MarkedHookAdapter
{
    [OnCommand]
    private void OnAny(Command command) { }

    [Producer]
    private Task ReadPlatformAsync(CancellationToken cancellationToken, IEventEmitter events) => Task.CompletedTask; // expect: LFS0014
}

public abstract class SharedSettings
{
    [ConfigField("SHARED_TOKEN")]
    public string Token { get; set; } = ""; // expect: LFS0013
}

[SidecarAdapter("inherits-settings")]
public sealed partial class InheritedSettingsAdapter : SharedSettings
{
    [OnCommand]
    private void OnAny(Command command) { }
}

[SidecarAdapter("configuration-as-constructor-parameter")]
public sealed partial class ConfigurationParameterAdapter
{
    public ConfigurationParameterAdapter(
        TimeProvider time,
        string region) // expect: LFS0020
    {
    }

    [OnCommand]
    private void OnAny(Command command) { }
}

// A single constructor taking services is not a problem, with the generator's binding constructor beside it either.
[SidecarAdapter("service-constructor")]
public sealed partial class ServiceConstructorAdapter(TimeProvider time)
{
    [OnCommand]
    private void OnAny(Command command) => _ = time;
}
