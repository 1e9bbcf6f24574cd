using System.IO.Pipelines;
using System.Text;
using Microsoft.Extensions.Time.Testing;

namespace LibreFang.Sidecar.Tests.Hosting;

public sealed class SessionTests
{
    private const string Ack = """{"method":"ready_ack"}""";
    private const string Shutdown = """{"method":"shutdown"}""";

    [Fact]
    public async Task First_frame_is_ready_with_the_adapter_capabilities()
    {
        await using var session = new SessionHarness(new RecordingAdapter { Capabilities = ["typing", "thread"] });

        var ready = await session.NextEventAsync();

        Assert.Equal("ready", SessionHarness.Method(ready));
        var capabilities = ready.GetProperty("params").GetProperty("capabilities").EnumerateArray().Select(c => c.GetString()!).ToArray();
        Assert.Equal(["typing", "thread"], capabilities);
    }

    [Fact]
    public async Task Ready_is_re_announced_every_interval_up_to_the_cap_then_the_session_keeps_serving()
    {
        var time = new FakeTimeProvider();
        var options = new SidecarHostOptions { TimeProvider = time, ReadyInterval = TimeSpan.FromSeconds(2), ReadyMaxAttempts = 5 };
        await using var session = new SessionHarness(new RecordingAdapter(), options);

        Assert.Equal("ready", SessionHarness.Method(await session.NextEventAsync()));
        for (var announce = 2; announce <= 5; announce++)
        {
            await AdvanceUntilAsync(time, TimeSpan.FromSeconds(2));
            Assert.Equal("ready", SessionHarness.Method(await session.NextEventAsync()));
        }
        await AdvanceUntilAsync(time, TimeSpan.FromSeconds(2));
        await WaitForAsync(() => session.Log.ToString().Contains("no ready_ack received"));
        time.Advance(TimeSpan.FromSeconds(20));

        await session.SendAsync(SessionHarness.Send("still there?"));
        var answer = await session.NextEventAsync();
        Assert.Equal("message", SessionHarness.Method(answer));
    }

    [Fact]
    public async Task A_cap_of_zero_re_announces_until_acked()
    {
        var time = new FakeTimeProvider();
        var options = new SidecarHostOptions { TimeProvider = time, ReadyInterval = TimeSpan.FromSeconds(1), ReadyMaxAttempts = 0 };
        await using var session = new SessionHarness(new RecordingAdapter(), options);

        for (var announce = 1; announce <= 12; announce++)
        {
            Assert.Equal("ready", SessionHarness.Method(await session.NextEventAsync()));
            await AdvanceUntilAsync(time, TimeSpan.FromSeconds(1));
        }
        await session.SendAsync(Ack);
        await session.SendAsync(Shutdown);
        Assert.Equal(0, await session.ExitCodeAsync());
    }

    [Fact]
    public async Task Ack_stops_re_announcing_and_duplicate_acks_are_harmless()
    {
        var time = new FakeTimeProvider();
        var adapter = new RecordingAdapter();
        await using var session = new SessionHarness(adapter, new SidecarHostOptions { TimeProvider = time, ReadyMaxAttempts = 0 });

        await session.NextEventAsync();
        for (var i = 0; i < 50; i++)
        {
            await session.SendAsync(Ack);
        }
        await session.SendAsync(SessionHarness.Send("after acks"));
        Assert.Equal("message", SessionHarness.Method(await session.NextEventAsync()));
        time.Advance(TimeSpan.FromMinutes(5));
        await session.SendAsync(Shutdown);
        Assert.Equal(0, await session.ExitCodeAsync());

        Assert.Empty(await session.RemainingEventsAsync());
        Assert.DoesNotContain(adapter.Commands, c => c is ReadyAckCommand);
    }

    [Fact]
    public async Task Commands_sent_before_the_ack_are_served()
    {
        await using var session = new SessionHarness(new RecordingAdapter());

        await session.SendAsync(SessionHarness.Send("early"));

        var answer = await session.NextNonReadyEventAsync();
        Assert.Equal("early", answer.GetProperty("params").GetProperty("text").GetString());
    }

    [Fact]
    public async Task Heartbeat_reaches_the_adapter_and_produces_no_output()
    {
        var adapter = new RecordingAdapter();
        await using var session = new SessionHarness(adapter);
        await session.NextEventAsync();

        await session.SendAsync("""{"method":"heartbeat"}""");
        await session.SendAsync(Ack);
        await session.SendAsync(Shutdown);

        Assert.Equal(0, await session.ExitCodeAsync());
        Assert.Empty(await session.RemainingEventsAsync());
        Assert.Contains(adapter.Commands, c => c is HeartbeatCommand);
    }

    [Fact]
    public async Task Unknown_methods_reach_the_adapter_and_are_not_errors()
    {
        var adapter = new RecordingAdapter();
        await using var session = new SessionHarness(adapter);
        await session.SendAsync(Ack);

        await session.SendAsync("""{"method":"some_future_thing","params":{"x":1}}""");
        await session.SendAsync(SessionHarness.Send("next"));

        Assert.Equal("message", SessionHarness.Method(await session.NextNonReadyEventAsync()));
        var unknown = Assert.IsType<UnknownCommand>(adapter.Commands.First());
        Assert.Equal("some_future_thing", unknown.Method);
        Assert.Contains("\"x\":1", unknown.RawFrame);
    }

    [Theory]
    [InlineData("not-json{", "JSON")]
    [InlineData("123", "object")]
    [InlineData("[1,2,3]", "object")]
    [InlineData("{\"params\":{}}", "method")]
    [InlineData("{\"method\":null}", "method")]
    [InlineData("{\"method\":7}", "method")]
    [InlineData("{\"method\":\"send\",\"params\":[1]}", "params")]
    [InlineData("{\"method\":\"send\",\"params\":{\"text\":\"hi\",\"user\":{\"platform_id\":\"c\",\"display_name\":\"B\"}}}", "channel_id")]
    [InlineData("{\"method\":\"typing\",\"params\":{\"channel_id\":5}}", "channel_id")]
    public async Task Each_malformed_line_gives_one_error_event_and_the_session_continues(string line, string named)
    {
        var adapter = new RecordingAdapter();
        await using var session = new SessionHarness(adapter);
        await session.SendAsync(Ack);

        await session.SendAsync(line);
        await session.SendAsync(SessionHarness.Send("after"));

        var error = await session.NextNonReadyEventAsync();
        Assert.Equal("error", SessionHarness.Method(error));
        Assert.Contains(named, error.GetProperty("params").GetProperty("message").GetString(), StringComparison.OrdinalIgnoreCase);
        var answer = await session.NextNonReadyEventAsync();
        Assert.Equal("after", answer.GetProperty("params").GetProperty("text").GetString());
        Assert.Single(adapter.Commands);
    }

    [Fact]
    public async Task Invalid_utf8_gives_an_error_event_and_the_session_continues()
    {
        await using var session = new SessionHarness(new RecordingAdapter());
        await session.SendAsync(Ack);

        await session.SendBytesAsync([.. "{\"method\":\"typing\",\"params\":{\"channel_id\":\"a"u8, 0xC3, 0x28, .. "\"}}\n"u8]);
        await session.SendAsync(SessionHarness.Send("after"));

        var error = await session.NextNonReadyEventAsync();
        Assert.Equal("error", SessionHarness.Method(error));
        Assert.Contains("UTF-8", error.GetProperty("params").GetProperty("message").GetString());
        Assert.Equal("message", SessionHarness.Method(await session.NextNonReadyEventAsync()));
    }

    [Fact]
    public async Task Blank_lines_crlf_and_a_raw_line_separator_inside_a_string_are_framed_correctly()
    {
        var adapter = new RecordingAdapter();
        await using var session = new SessionHarness(adapter);

        await session.SendBytesAsync(Encoding.UTF8.GetBytes("\n   \n\t\r\n" + SessionHarness.Send("a\u2028b\u0085c") + "\r\n"));

        var answer = await session.NextNonReadyEventAsync();
        Assert.Equal("a\u2028b\u0085c", answer.GetProperty("params").GetProperty("text").GetString());
        await session.SendAsync(Shutdown);
        Assert.Equal(0, await session.ExitCodeAsync());
        Assert.DoesNotContain(await session.RemainingEventsAsync(), e => SessionHarness.Method(e) == "error");
    }

    [Fact]
    public async Task A_64_MiB_line_is_read_whole()
    {
        var adapter = new RecordingAdapter { OnCommand = (c, e, t) => ValueTask.CompletedTask };
        await using var session = new SessionHarness(adapter);
        var text = new string('x', 64 * 1024 * 1024 - 200);

        await session.SendAsync(SessionHarness.Send(text));
        await session.SendAsync(Shutdown);

        Assert.Equal(0, await session.ExitCodeAsync());
        var send = Assert.IsType<SendCommand>(Assert.Single(adapter.Commands));
        Assert.Equal(text.Length, send.Text.Length);
    }

    [Fact]
    public async Task A_line_over_the_limit_is_skipped_with_an_error_and_the_next_line_is_served()
    {
        var adapter = new RecordingAdapter();
        await using var session = new SessionHarness(adapter, new SidecarHostOptions { MaxLineBytes = 1024 });

        await session.SendAsync(SessionHarness.Send(new string('y', 300_000)));
        await session.SendAsync(SessionHarness.Send("small"));

        var error = await session.NextNonReadyEventAsync();
        Assert.Contains("exceeds the limit of 1024 bytes", error.GetProperty("params").GetProperty("message").GetString());
        Assert.Equal("small", (await session.NextNonReadyEventAsync()).GetProperty("params").GetProperty("text").GetString());
    }

    [Fact]
    public async Task A_handler_exception_becomes_an_error_event_with_its_message_and_the_session_continues()
    {
        var adapter = new RecordingAdapter
        {
            OnCommand = (c, e, t) => c is SendCommand { Text: "boom" } ? throw new InvalidOperationException("platform said no") : RecordingAdapter.EchoSends(c, e, t),
        };
        await using var session = new SessionHarness(adapter);

        await session.SendAsync(SessionHarness.Send("boom"));
        await session.SendAsync(SessionHarness.Send("fine"));

        var error = await session.NextNonReadyEventAsync();
        Assert.Equal("platform said no", error.GetProperty("params").GetProperty("message").GetString());
        Assert.Equal("fine", (await session.NextNonReadyEventAsync()).GetProperty("params").GetProperty("text").GetString());
        Assert.Contains("platform said no", session.Log.ToString());
    }

    [Fact]
    public async Task Sends_queued_before_shutdown_are_all_dispatched()
    {
        var adapter = new RecordingAdapter();
        await using var session = new SessionHarness(adapter);

        await session.SendAsync(SessionHarness.Send("one") + "\n" + SessionHarness.Send("two") + "\n" + Shutdown);

        Assert.Equal(0, await session.ExitCodeAsync());
        Assert.Equal(["one", "two"], adapter.Commands.OfType<SendCommand>().Select(s => s.Text));
        var texts = (await session.RemainingEventsAsync()).Where(e => SessionHarness.Method(e) == "message")
            .Select(e => e.GetProperty("params").GetProperty("text").GetString());
        Assert.Equal(["one", "two"], texts);
    }

    [Fact]
    public async Task Shutdown_ends_the_session_calls_the_hook_once_and_writes_every_event_emitted_before_it()
    {
        var adapter = new RecordingAdapter
        {
            OnCommand = async (c, e, t) =>
            {
                if (c is SendCommand)
                {
                    for (var i = 0; i < 1000; i++)
                    {
                        e.Emit(new ErrorEvent("n" + i));
                    }
                }
                await ValueTask.CompletedTask;
            },
        };
        await using var session = new SessionHarness(adapter);

        await session.SendAsync(SessionHarness.Send("go"));
        await WaitForAsync(() => adapter.Commands.Count == 1);
        await Task.Delay(50);
        await session.SendAsync(Shutdown);

        Assert.Equal(0, await session.ExitCodeAsync());
        Assert.Equal(1, adapter.ShutdownCalls);
        var errors = (await session.RemainingEventsAsync()).Where(e => SessionHarness.Method(e) == "error").ToList();
        Assert.Equal(Enumerable.Range(0, 1000).Select(i => "n" + i), errors.Select(e => e.GetProperty("params").GetProperty("message").GetString()));
    }

    [Fact]
    public async Task End_of_input_ends_the_session_cleanly_after_serving_what_arrived()
    {
        var adapter = new RecordingAdapter();
        await using var session = new SessionHarness(adapter);

        await session.SendAsync(SessionHarness.Send("last words"));
        await session.CloseInputAsync();

        Assert.Equal(0, await session.ExitCodeAsync());
        Assert.Equal(1, adapter.ShutdownCalls);
        Assert.Contains(await session.RemainingEventsAsync(), e => SessionHarness.Method(e) == "message");
    }

    [Fact]
    public async Task Shutdown_cancels_a_handler_in_flight_and_the_producer()
    {
        var handlerCancelled = new TaskCompletionSource();
        var producerCancelled = new TaskCompletionSource();
        var adapter = new RecordingAdapter
        {
            OnCommand = async (c, e, t) =>
            {
                await using var _ = t.Register(() => handlerCancelled.TrySetResult());
                await Task.Delay(Timeout.Infinite, t);
            },
            Producer = async (e, t) =>
            {
                await using var _ = t.Register(() => producerCancelled.TrySetResult());
                await Task.Delay(Timeout.Infinite, t);
            },
        };
        await using var session = new SessionHarness(adapter);

        await session.SendAsync(SessionHarness.Send("hang"));
        await WaitForAsync(() => adapter.Commands.Count == 1);
        await session.SendAsync(Shutdown);

        Assert.Equal(0, await session.ExitCodeAsync());
        await handlerCancelled.Task.WaitAsync(TimeSpan.FromSeconds(5));
        await producerCancelled.Task.WaitAsync(TimeSpan.FromSeconds(5));
    }

    [Fact]
    public async Task A_handler_that_ignores_cancellation_does_not_hold_the_session()
    {
        var release = new ManualResetEventSlim();
        var adapter = new RecordingAdapter
        {
            OnCommand = (c, e, t) =>
            {
                release.Wait(TimeSpan.FromSeconds(30));
                return ValueTask.CompletedTask;
            },
        };
        await using var session = new SessionHarness(adapter);

        await session.SendAsync(SessionHarness.Send("stuck"));
        await WaitForAsync(() => adapter.Commands.Count == 1);
        await session.SendAsync(Shutdown);

        Assert.Equal(0, await session.ExitCodeAsync());
        Assert.Contains("did not return after cancellation", session.Log.ToString());
        release.Set();
    }

    [Fact]
    public async Task A_producer_that_returns_does_not_end_the_session()
    {
        var adapter = new RecordingAdapter
        {
            Producer = (e, t) =>
            {
                e.Emit(new MessageBuilder("u1", "Ann").Text("from the platform").MessageId("m1").Build());
                return Task.CompletedTask;
            },
        };
        await using var session = new SessionHarness(adapter);

        var inbound = await session.NextNonReadyEventAsync();
        Assert.Equal("from the platform", inbound.GetProperty("params").GetProperty("text").GetString());
        await session.SendAsync(SessionHarness.Send("still serving"));
        Assert.Equal("still serving", (await session.NextNonReadyEventAsync()).GetProperty("params").GetProperty("text").GetString());
    }

    [Fact]
    public async Task A_producer_crash_emits_an_error_runs_the_hook_and_exits_1()
    {
        var adapter = new RecordingAdapter { Producer = (e, t) => throw new InvalidOperationException("login rejected") };
        await using var session = new SessionHarness(adapter);

        Assert.Equal(1, await session.ExitCodeAsync());
        Assert.Equal(1, adapter.ShutdownCalls);
        var error = Assert.Single(await session.RemainingEventsAsync(), e => SessionHarness.Method(e) == "error");
        Assert.Contains("login rejected", error.GetProperty("params").GetProperty("message").GetString());
    }

    // The producer's crash and the end of input race: the supervisor started the adapter with an empty stdin, or the
    // daemon's shutdown arrived as the platform login failed. The crash must still be reported and exit 1, whichever
    // of the two the session saw first. Repeated because the losing order showed up in a quarter of single runs.
    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task A_producer_crash_that_races_the_end_of_input_still_reports_and_exits_1(bool shutdownFirst)
    {
        for (var attempt = 0; attempt < 25; attempt++)
        {
            var adapter = new RecordingAdapter { Producer = (e, t) => throw new InvalidOperationException("login rejected") };
            var input = shutdownFirst ? new MemoryStream(Encoding.UTF8.GetBytes(Shutdown + "\n")) : new MemoryStream();
            var output = new MemoryStream();
            var code = await SidecarHost.RunSessionAsync(adapter, input, output, new SidecarHostOptions { Log = new SidecarLog(TextWriter.Null) })
                .WaitAsync(TimeSpan.FromSeconds(10));

            Assert.True(code == 1, $"attempt {attempt}: exit code {code}");
            var frames = Encoding.UTF8.GetString(output.ToArray()).Split('\n', StringSplitOptions.RemoveEmptyEntries);
            Assert.Contains(frames, f => f.Contains("\"error\"", StringComparison.Ordinal) && f.Contains("login rejected", StringComparison.Ordinal));
        }
    }

    [Fact]
    public async Task A_failing_shutdown_hook_is_logged_and_does_not_change_the_exit_code()
    {
        var adapter = new RecordingAdapter { OnShutdown = t => throw new InvalidOperationException("could not persist") };
        await using var session = new SessionHarness(adapter);

        await session.SendAsync(Shutdown);

        Assert.Equal(0, await session.ExitCodeAsync());
        Assert.Contains("could not persist", session.Log.ToString());
    }

    [Fact]
    public async Task A_failing_input_stream_ends_the_session_with_code_1_after_cleanup()
    {
        var adapter = new RecordingAdapter();
        var output = new Pipe();
        var log = new StringWriter();
        var code = await SidecarHost.RunSessionAsync(adapter, new FailingStream(), output.Writer.AsStream(), new SidecarHostOptions { Log = new SidecarLog(log) })
            .WaitAsync(TimeSpan.FromSeconds(10));

        Assert.Equal(1, code);
        Assert.Equal(1, adapter.ShutdownCalls);
        Assert.Contains("reading stdin failed", log.ToString());
    }

    [Fact]
    public async Task A_failing_output_stream_ends_the_session_with_code_1_after_cleanup()
    {
        var adapter = new RecordingAdapter();
        var input = new Pipe();
        var log = new StringWriter();

        var code = await SidecarHost.RunSessionAsync(adapter, input.Reader.AsStream(), new BrokenOutputStream(), new SidecarHostOptions { Log = new SidecarLog(log) })
            .WaitAsync(TimeSpan.FromSeconds(10));

        Assert.Equal(1, code);
        Assert.Equal(1, adapter.ShutdownCalls);
        Assert.Contains("writing stdout failed", log.ToString());
    }

    [Fact]
    public async Task Emit_throws_instead_of_dropping_when_stdout_is_not_read_and_EmitAsync_waits_then_delivers()
    {
        IEventEmitter? emitter = null;
        var producerReady = new TaskCompletionSource();
        var adapter = new RecordingAdapter
        {
            Producer = (e, t) =>
            {
                emitter = e;
                producerReady.SetResult();
                return Task.CompletedTask;
            },
        };
        var options = new SidecarHostOptions { EmitQueueCapacity = 4, EmitQueueHardLimit = 8 };
        // A small pipe that nobody reads: it holds the ready, then the writer blocks.
        await using var session = new SessionHarness(adapter, options, new PipeOptions(pauseWriterThreshold: 512, resumeWriterThreshold: 256));
        await producerReady.Task.WaitAsync(TimeSpan.FromSeconds(10));
        // A frame larger than the pipe: the writer takes it and blocks writing it, so what follows stays queued.
        var big = new string('b', 4096);
        emitter!.Emit(new ErrorEvent(big));
        await Task.Delay(200);

        var accepted = 0;
        var error = Assert.Throws<EventQueueFullException>(() =>
        {
            for (; accepted < 1000; accepted++)
            {
                emitter!.Emit(new ErrorEvent("e" + accepted));
            }
        });
        Assert.Contains("EmitAsync", error.Message);
        Assert.Equal(8, accepted);

        var waiting = emitter!.EmitAsync(new ErrorEvent("waited")).AsTask();
        await Task.Delay(100);
        Assert.False(waiting.IsCompleted);

        var seen = new List<string>();
        while (!seen.Contains("waited"))
        {
            var frame = await session.NextEventAsync();
            if (SessionHarness.Method(frame) == "error")
            {
                seen.Add(frame.GetProperty("params").GetProperty("message").GetString()!);
            }
        }
        await waiting.WaitAsync(TimeSpan.FromSeconds(10));
        Assert.Equal(Enumerable.Range(0, accepted).Select(i => "e" + i).Prepend(big).Append("waited"), seen);
    }

    [Fact]
    public async Task External_cancellation_stops_like_shutdown()
    {
        var adapter = new RecordingAdapter();
        var input = new Pipe();
        var output = new Pipe();
        using var cancel = new CancellationTokenSource();
        var run = SidecarHost.RunSessionAsync(adapter, input.Reader.AsStream(), output.Writer.AsStream(), new SidecarHostOptions { Log = new SidecarLog(TextWriter.Null) }, cancel.Token);

        cancel.Cancel();

        Assert.Equal(0, await run.WaitAsync(TimeSpan.FromSeconds(10)));
        Assert.Equal(1, adapter.ShutdownCalls);
    }

    private static async Task AdvanceUntilAsync(FakeTimeProvider time, TimeSpan step)
    {
        // The ready loop registers its timer asynchronously after the previous frame; give it a moment first.
        await Task.Delay(20);
        time.Advance(step);
    }

    private static async Task WaitForAsync(Func<bool> condition)
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(10));
        while (!condition())
        {
            await Task.Delay(10, timeout.Token);
        }
    }

    private sealed class BrokenOutputStream : Stream
    {
        public override bool CanRead => false;
        public override bool CanSeek => false;
        public override bool CanWrite => true;
        public override long Length => throw new NotSupportedException();
        public override long Position { get => throw new NotSupportedException(); set => throw new NotSupportedException(); }
        public override void Flush() => throw new IOException("Broken pipe");
        public override int Read(byte[] buffer, int offset, int count) => throw new NotSupportedException();
        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();
        public override void SetLength(long value) => throw new NotSupportedException();
        public override void Write(byte[] buffer, int offset, int count) => throw new IOException("Broken pipe");
        public override ValueTask WriteAsync(ReadOnlyMemory<byte> buffer, CancellationToken cancellationToken = default) => throw new IOException("Broken pipe");
    }

    private sealed class FailingStream : Stream
    {
        public override bool CanRead => true;
        public override bool CanSeek => false;
        public override bool CanWrite => false;
        public override long Length => throw new NotSupportedException();
        public override long Position { get => throw new NotSupportedException(); set => throw new NotSupportedException(); }
        public override void Flush() { }
        public override int Read(byte[] buffer, int offset, int count) => throw new IOException("stdin is gone");
        public override ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default) => throw new IOException("stdin is gone");
        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();
        public override void SetLength(long value) => throw new NotSupportedException();
        public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();
    }

    [Fact]
    public async Task The_first_ready_is_written_by_the_caller_before_any_thread_pool_work()
    {
        // The supervisor measures startup to the first ready; a pool hop would start the pool's threads first.
        var output = new FirstWriteProbe();
        var callingThread = Environment.CurrentManagedThreadId;
        using var stop = new CancellationTokenSource();

        var run = SidecarHost.RunSessionAsync(new RecordingAdapter(), new MemoryStream(), output, new SidecarHostOptions(), stop.Token);

        Assert.Equal(callingThread, output.FirstWriteThread);
        Assert.False(output.FirstWriteWasAsync);
        Assert.StartsWith("{\"method\":\"ready\"", System.Text.Encoding.UTF8.GetString(output.ToArray()));
        stop.Cancel();
        await run.WaitAsync(TimeSpan.FromSeconds(10));
    }

    private sealed class FirstWriteProbe : MemoryStream
    {
        public int FirstWriteThread { get; private set; }

        public bool FirstWriteWasAsync { get; private set; }

        public override void Write(ReadOnlySpan<byte> buffer)
        {
            Record(async: false);
            base.Write(buffer);
        }

        public override void Write(byte[] buffer, int offset, int count)
        {
            Record(async: false);
            base.Write(buffer, offset, count);
        }

        public override ValueTask WriteAsync(ReadOnlyMemory<byte> buffer, CancellationToken cancellationToken = default)
        {
            Record(async: true);
            return base.WriteAsync(buffer, cancellationToken);
        }

        public override Task WriteAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken)
        {
            Record(async: true);
            return base.WriteAsync(buffer, offset, count, cancellationToken);
        }

        private void Record(bool async)
        {
            lock (this)
            {
                if (FirstWriteThread == 0)
                {
                    FirstWriteThread = Environment.CurrentManagedThreadId;
                    FirstWriteWasAsync = async;
                }
            }
        }
    }
}
