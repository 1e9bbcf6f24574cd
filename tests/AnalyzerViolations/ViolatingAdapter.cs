using LibreFang.Sidecar;

namespace AnalyzerViolations;

// Each `// expect: ID` comment names a diagnostic the real compiler must report on that line, and no other LFS
// diagnostic may appear anywhere in the project.

[SidecarAdapter("violations", Capabilities = new[] { "typing" })] // expect: LFS0501
public partial class ViolatingAdapter // expect: LFS0201 LFS0502
{
    private readonly SemaphoreSlim _gate = new(1, 1);
    private readonly object _sync = new();
    private IEventEmitter? _events;

    public bool HasEvents => _events is not null;

    [OnCommand]
    public ValueTask OnStreamStart(StreamStartCommand command) => default;

    [OnCommand]
    public void OnReaction(ReactionCommand command)
    {
        Thread.Sleep(10); // expect: LFS0601
    }

    public async Task ProduceAsync(IEventEmitter events, CancellationToken cancellationToken)
    {
        _events = events; // expect: LFS0401
        await _gate.WaitAsync(cancellationToken); // expect: LFS0301
        await events.EmitAsync(new ErrorEvent("busy"), cancellationToken);
        _gate.Release();
    }

    public async Task HoldMonitorAsync()
    {
        Monitor.Enter(_sync); // expect: LFS0302
        await Task.Yield();
        Monitor.Exit(_sync);
    }
}
