using System.Buffers;
using System.Text.Json;
using BenchmarkDotNet.Attributes;
using LibreFang.Sidecar.Protocol;

namespace LibreFang.Sidecar.Benchmarks;

/// <summary>Event writing: a message with content, and ready; and building the message an adapter emits.</summary>
[MemoryDiagnoser]
public class WritingBenchmarks
{
    private readonly ArrayBufferWriter<byte> _buffer = new(4096);
    private Utf8JsonWriter _writer = null!;

    private readonly MessageEvent _message = new MessageBuilder("42", "Alice")
        .Content(Content.Text("hello, world 👋")).ChannelId("-100123").Platform("telegram").MessageId("m-1").Build();

    private readonly ReadyEvent _ready = new() { Capabilities = ["typing", "reaction", "interactive", "thread", "streaming"], AccountId = "bot-1", ProtocolVersion = 1 };

    [GlobalSetup]
    public void Setup() => _writer = new Utf8JsonWriter(_buffer, WireFormat.WriterOptions);

    [Benchmark]
    public int MessageWithContent() => Write(_message);

    [Benchmark]
    public int Ready() => Write(_ready);

    [Benchmark]
    public int MessageToNewArray() => WireFormat.EventToUtf8(_message).Length;

    /// <summary>What a handler does per platform update: a builder with the usual fields, then the event.</summary>
    [Benchmark]
    public MessageEvent BuildMessage() => new MessageBuilder("42", "Alice")
        .Text("hello, world").ChannelId("-100123").Platform("telegram").MessageId("m-1").Build();

    private int Write(SidecarEvent sidecarEvent)
    {
        _buffer.ResetWrittenCount();
        _writer.Reset();
        WireFormat.WriteEvent(_writer, sidecarEvent);
        _writer.Flush();
        return _buffer.WrittenCount;
    }
}
