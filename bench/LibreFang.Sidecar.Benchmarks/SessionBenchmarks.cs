using System.Buffers;
using System.IO.Pipelines;
using BenchmarkDotNet.Attributes;
using LibreFang.Samples.Echo;

namespace LibreFang.Sidecar.Benchmarks;

/// <summary>
/// One <c>send</c> through a whole session of the Echo sample, in process: the stdin reader and parser, dispatch, the
/// handler building its message, the frame, and the stdout writer. The allocation column is the end-to-end garbage
/// per echoed send, on every thread of the session (the figure that decides how often the adapter collects).
/// </summary>
[MemoryDiagnoser]
public class SessionBenchmarks
{
    private static readonly byte[] SendLine = "{\"method\":\"send\",\"params\":{\"channel_id\":\"c1\",\"text\":\"hi\",\"user\":{\"platform_id\":\"c1\",\"display_name\":\"Bob\",\"librefang_user\":null}}}\n"u8.ToArray();

    private Pipe _stdin = null!;
    private Pipe _stdout = null!;
    private Task<int> _session = null!;

    [GlobalSetup]
    public void Setup()
    {
        _stdin = new Pipe();
        _stdout = new Pipe();
        _session = SidecarHost.RunSessionAsync(new EchoAdapter(), _stdin.Reader.AsStream(), _stdout.Writer.AsStream());
        ReadLineAsync().AsTask().GetAwaiter().GetResult();
        _stdin.Writer.WriteAsync("{\"method\":\"ready_ack\"}\n"u8.ToArray()).AsTask().GetAwaiter().GetResult();
    }

    [Benchmark]
    public async Task<long> EchoSend()
    {
        await _stdin.Writer.WriteAsync(SendLine);
        return await ReadLineAsync();
    }

    [GlobalCleanup]
    public void Cleanup()
    {
        _stdin.Writer.WriteAsync("{\"method\":\"shutdown\"}\n"u8.ToArray()).AsTask().GetAwaiter().GetResult();
        _stdin.Writer.Complete();
        var code = _session.GetAwaiter().GetResult();
        if (code != 0)
        {
            throw new InvalidOperationException($"the Echo session exited with {code}");
        }
    }

    /// <summary>Reads one frame from the session's stdout and returns its length.</summary>
    private async ValueTask<long> ReadLineAsync()
    {
        var reader = _stdout.Reader;
        while (true)
        {
            var result = await reader.ReadAsync();
            var buffer = result.Buffer;
            var newline = buffer.PositionOf((byte)'\n');
            if (newline is { } end)
            {
                var length = buffer.Slice(0, end).Length;
                reader.AdvanceTo(buffer.GetPosition(1, end));
                return length;
            }
            if (result.IsCompleted)
            {
                throw new InvalidOperationException("the Echo session closed stdout");
            }
            reader.AdvanceTo(buffer.Start, buffer.End);
        }
    }
}
