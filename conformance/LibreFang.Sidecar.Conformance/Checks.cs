using System.Text;
using LibreFang.Sidecar.Protocol;

namespace LibreFang.Sidecar.Conformance;

/// <summary>The checks, each against a fresh adapter process where isolation matters.</summary>
internal sealed class Checks(RunnerOptions options, Transcript transcript)
{
    private static readonly TimeSpan Short = TimeSpan.FromMilliseconds(300);
    private const string Ack = """{"method":"ready_ack"}""";
    private const string Shutdown = """{"method":"shutdown"}""";

    private readonly List<string> _invalidLines = [];
    private readonly Dictionary<string, int> _linesPerSession = [];

    public static string Send(string text, string channel = "conformance") =>
        "{\"method\":\"send\",\"params\":{\"channel_id\":\"" + channel + "\",\"text\":\"" + text + "\",\"content\":{\"Text\":\"" + text +
        "\"},\"user\":{\"platform_id\":\"" + channel + "\",\"display_name\":\"Conformance\",\"librefang_user\":null}}}";

    public async Task<CheckResult> DescribeAsync()
    {
        transcript.Label = "describe";
        await using var session = AdapterSession.Start(options, transcript, "--describe", stdinFromDevNull: true);
        if (!await session.WaitForExitAsync(TimeSpan.FromSeconds(5)))
        {
            return Fail("describe", "did not exit within the daemon's 5 s limit (the probe is killed)");
        }
        await session.DrainAsync(Short);
        var stdout = string.Join("\n", session.Seen.Select(l => l.Text));
        if (session.ExitCode != 0)
        {
            return Fail("describe", $"exited {session.ExitCode}; the daemon requires 0", stdout);
        }
        var schema = EventParser.ParseSchema(Encoding.UTF8.GetBytes(stdout));
        if (!schema.IsSuccess)
        {
            return Fail("describe", "stdout is not exactly one valid schema object: " + schema.Error!.Message, stdout);
        }
        var misplaced = schema.Value!.Fields.Where(f => (f.Options is not null) != (f.Type == FieldType.Select)).Select(f => f.Key).ToList();
        if (misplaced.Count > 0)
        {
            return Fail("describe", "options belong to select fields only (and select needs them): " + string.Join(", ", misplaced), stdout);
        }
        return Pass("describe", $"schema '{schema.Value.Name}' with {schema.Value.Fields.Count} field(s), exit 0 in {session.Elapsed.TotalMilliseconds:0} ms", stdout);
    }

    /// <summary>Startup: the first ready in time and valid, then no re-announcement after the ack. Returns the ready.</summary>
    public async Task<(CheckResult Result, ReadyEvent? Ready)> StartupAsync()
    {
        transcript.Label = "startup";
        await using var session = AdapterSession.Start(options, transcript);
        var first = await session.NextAsync(options.ReadyTimeout);
        Record(session);
        if (first is null)
        {
            return (Fail("startup", $"no stdout line within {options.ReadyTimeout.TotalSeconds:0} s (the supervisor kills and restarts it)"), null);
        }
        if (first.Event is not ReadyEvent ready)
        {
            return (Fail("startup", "the first line is not a valid ready: " + (first.Rejection ?? first.Event!.Method), first.Text), null);
        }
        var readyMs = first.At.TotalMilliseconds;
        (CheckResult, ReadyEvent?) ExitedAfterReady() => (Fail("startup",
            $"exited (code {session.ExitCode}) after its ready, before any shutdown (the supervisor restarts it)", session.FramesSince(0, Frames)), null);
        try
        {
            await session.WriteAsync(Ack, options.StallFailure);
        }
        catch (AdapterInputException) when (session.HasExited) // a closed pipe has already waited for the exit
        {
            return ExitedAfterReady(); // gone before the ack could be written
        }
        var ackAt = session.Elapsed;
        await session.DrainAsync(Short);
        var extra = await session.WaitForAsync(l => l.Event is ReadyEvent && l.At > ackAt + Short, options.AckWindow);
        var exitedEarly = await session.HasExitedAsync();
        await StopAsync(session);
        Record(session);
        if (exitedEarly)
        {
            return ExitedAfterReady();
        }
        return extra is not null
            ? (Fail("startup", $"ready re-announced {(extra.At - ackAt).TotalMilliseconds:0} ms after ready_ack", extra.Text), ready)
            : (Pass("startup", $"first ready after {readyMs:0} ms; capabilities [{string.Join(", ", ready.Capabilities)}]; quiet after ready_ack", first.Text), ready);
    }

    public async Task<CheckResult> CommandsBeforeAckAsync()
    {
        transcript.Label = "early";
        await using var session = AdapterSession.Start(options, transcript);
        await session.WriteAsync(Send("before-ready"), options.StallFailure);
        await session.WriteAsync("""{"method":"typing","params":{"channel_id":"conformance"}}""", options.StallFailure);
        await session.DrainAsync(TimeSpan.FromMilliseconds(800));
        var alive = !await session.HasExitedAsync();
        session.LogExit();
        var frames = session.FramesSince(0, Frames);
        await StopAsync(session);
        Record(session);
        return alive
            ? Pass("commands before ready_ack", "a send and a typing before the ack did not crash it", frames)
            : Fail("commands before ready_ack", $"exited (code {session.ExitCode}) after a send that arrived before ready_ack", frames);
    }

    public async Task<CheckResult> RobustnessAsync(bool answersSends)
    {
        transcript.Label = "robustness";
        await using var session = AdapterSession.Start(options, transcript);
        await session.NextAsync(options.ReadyTimeout);
        await session.WriteAsync(Ack, options.StallFailure);
        var faultsStart = session.Mark();
        var problems = new List<string>();
        var inputs = new (string Name, byte[] Bytes)[]
        {
            ("unknown method", Line("""{"method":"future_thing","params":{"x":1}}""")),
            ("malformed JSON", Line("""{"method":"send","params":{""")),
            ("non-object", Line("[1,2,3]")),
            ("missing method", Line("""{"params":{}}""")),
            ("missing required fields", Line("""{"method":"send","params":{"channel_id":"c"}}""")),
            ("wrong field types", Line("""{"method":"send","params":{"channel_id":5,"text":null,"user":"x"}}""")),
            ("invalid UTF-8", [.. "{\"method\":\"typing\",\"params\":{\"channel_id\":\""u8, 0xFF, 0xFE, .. "\"}}\n"u8]),
            ("heartbeat", Line("""{"method":"heartbeat"}""")),
            ("50 duplicate ready_acks", Encoding.UTF8.GetBytes(string.Concat(Enumerable.Repeat(Ack + "\n", 50)))),
            ("stream commands for an unknown stream", Line("""{"method":"stream_delta","params":{"stream_id":"nope","text":"x"}}""" + "\n" + """{"method":"stream_end","params":{"stream_id":"nope"}}""")),
        };
        var written = new List<string>();
        async Task<bool> WriteInputAsync(string name, byte[] bytes)
        {
            try
            {
                await session.WriteBytesAsync(bytes, $"<{name}>", options.StallFailure);
            }
            catch (AdapterInputException ex)
            {
                // A closed pipe here usually means an earlier input killed it, more slowly than the drain below waited.
                problems.Add(session.HasExited && written.Count > 0
                    ? ExitedAfter(session, written) + $"; writing {name} found stdin closed"
                    : $"{name}: {ex.Message}");
                return false;
            }
            written.Add(name);
            await session.DrainAsync(TimeSpan.FromMilliseconds(150));
            if (await session.HasExitedAsync())
            {
                problems.Add(ExitedAfter(session, written));
                return false;
            }
            return true;
        }
        foreach (var (name, bytes) in inputs)
        {
            if (!await WriteInputAsync(name, bytes))
            {
                break;
            }
        }

        // What it answered to the faults, before the burst floods stdout.
        var faultAnswers = session.FramesSince(faultsStart, "out").Take(6).ToList();

        // A burst written while stdout is not read: stdin must keep draining.
        var stall = TimeSpan.Zero;
        if (problems.Count == 0)
        {
            session.PauseReading();
            try
            {
                for (var i = 0; i < 2000; i++)
                {
                    var took = await session.WriteAsync(Send("burst-" + i), options.StallFailure);
                    stall = took > stall ? took : stall;
                }
            }
            catch (AdapterInputException ex)
            {
                problems.Add("burst of 2000 sends with stdout unread: " + ex.Message);
            }
            await Task.Delay(500);
            session.ResumeReading();
            await session.DrainAsync(TimeSpan.FromMilliseconds(500));
        }

        // The 8 MiB line comes after the burst: parsing it keeps an adapter off stdin for a while, and written before
        // the burst that time showed up as the burst's stall (always at the write that filled the 64 KiB pipe).
        if (problems.Count == 0)
        {
            await WriteInputAsync("8 MiB FileData send", Line(BigFileSend(8 * 1024 * 1024)));
        }

        var probeStart = session.Mark();
        if (problems.Count == 0)
        {
            if (await session.HasExitedAsync())
            {
                problems.Add("exited during the burst");
            }
            else if (answersSends)
            {
                var probe = await ProbeAsync(session, "probe-after-faults");
                if (!probe)
                {
                    problems.Add("did not answer a valid send after the faults");
                }
            }
        }
        await StopAsync(session);
        Record(session);
        if (problems.Count > 0)
        {
            // The last frames before the failure show it: the input that killed it and the exit, or the stalled write.
            var tail = session.FramesSince(faultsStart, "in", "out", "sys");
            return Fail("robustness", string.Join("; ", problems), [.. faultAnswers, .. tail.TakeLast(8)]);
        }
        // The evidence of a pass: its answers to the faults, then the probe, its answer and the exit.
        string[] evidence = [.. faultAnswers, .. session.FramesSince(probeStart, "in", "out", "sys")
            .Where(e => e.Contains("probe-after-faults", StringComparison.Ordinal) || !e.Contains("burst-", StringComparison.Ordinal))
            .TakeLast(6)];
        var summary = $"survived {inputs.Length + 1} fault classes and a 2000-send burst with stdout unread (worst stdin stall {stall.TotalMilliseconds:0} ms){(answersSends ? "; answered a probe afterwards" : "")}";
        return stall > options.StallLimit
            ? new CheckResult("robustness", CheckStatus.Warn, summary + $"; a stall over {options.StallLimit.TotalSeconds:0.#} s blocks the daemon's command loop that long", evidence)
            : Pass("robustness", summary, evidence);
    }

    /// <summary>
    /// The daemon stops reading stdout, and bad lines arrive that the adapter logs. An adapter whose log and stdout share
    /// a lock (as .NET's console streams do) stops draining stdin at the first log line, and the daemon's writes, which
    /// have no timeout, hang with it.
    /// </summary>
    public async Task<CheckResult> StalledStdoutWithLoggingAsync(bool answersSends)
    {
        transcript.Label = "stalled stdout + log";
        await using var session = AdapterSession.Start(options, transcript);
        await session.NextAsync(options.ReadyTimeout);
        await session.WriteAsync(Ack, options.StallFailure);
        var start = session.Mark();
        session.PauseReading();
        var stall = TimeSpan.Zero;
        string? problem = null;
        try
        {
            // Enough answers to fill the stdout pipe first, then bad lines among more sends.
            for (var i = 0; i < 2000; i++)
            {
                var took = await session.WriteAsync(Send("fill-" + i), options.StallFailure);
                stall = took > stall ? took : stall;
            }
            for (var i = 0; i < 500; i++)
            {
                var took = await session.WriteAsync("""{"method":"send","params":{""" + "\"bad-" + i + "\":}}", options.StallFailure);
                took += await session.WriteAsync(Send("after-bad-" + i), options.StallFailure);
                stall = took > stall ? took : stall;
            }
        }
        catch (AdapterInputException ex)
        {
            problem = "stdin stopped draining while stdout was unread and bad lines were logged: " + ex.Message;
        }
        await Task.Delay(500);
        session.ResumeReading();
        await session.DrainAsync(TimeSpan.FromMilliseconds(500));
        if (problem is null && await session.HasExitedAsync())
        {
            problem = $"exited (code {session.ExitCode}) while stdout was unread";
        }
        if (problem is null && answersSends && !await ProbeAsync(session, "probe-after-stall"))
        {
            problem = "did not answer a valid send once stdout was read again";
        }
        await StopAsync(session);
        Record(session);
        var evidence = session.FramesSince(start, "in", "out", "sys").Where(e => !e.Contains("fill-", StringComparison.Ordinal)).TakeLast(8).ToArray();
        if (problem is not null)
        {
            return Fail("stalled stdout + log", problem, evidence);
        }
        var summary = $"kept draining stdin through 2000 sends and 500 bad lines with stdout unread (worst stdin stall {stall.TotalMilliseconds:0} ms)";
        return stall > options.StallLimit
            ? new CheckResult("stalled stdout + log", CheckStatus.Warn, summary + $"; a stall over {options.StallLimit.TotalSeconds:0.#} s blocks the daemon's command loop that long", evidence)
            : Pass("stalled stdout + log", summary, evidence);
    }

    // The exit is noticed after a short drain, so a slow death may belong to any input written so far: name them all.
    private static string ExitedAfter(AdapterSession session, List<string> written) => written.Count == 1
        ? $"exited (code {session.ExitCode}) after {written[0]}"
        : $"exited (code {session.ExitCode}) after {written[^1]} (inputs written so far: {string.Join(", ", written)})";

    public async Task<CheckResult> ShutdownAsync()
    {
        transcript.Label = "shutdown";
        await using var session = AdapterSession.Start(options, transcript);
        await session.NextAsync(options.ReadyTimeout);
        await session.WriteAsync(Ack, options.StallFailure);
        await session.DrainAsync(Short);
        var mark = session.Mark();
        var sent = session.Elapsed;
        await session.WriteAsync(Shutdown, options.StallFailure);
        var exited = await session.WaitForExitAsync(options.ExitTimeout);
        var exitMs = (session.Elapsed - sent).TotalMilliseconds;
        await session.DrainAsync(Short);
        Record(session);
        var frames = session.FramesSince(mark, Frames);
        return exited
            ? Pass("shutdown", $"exited {exitMs:0} ms after shutdown (code {session.ExitCode})", frames)
            : Fail("shutdown", $"still running {options.ExitTimeout.TotalSeconds:0.#} s after shutdown (the supervisor SIGKILLs within milliseconds)", frames);
    }

    public async Task<CheckResult> EndOfInputAsync()
    {
        transcript.Label = "eof";
        await using var session = AdapterSession.Start(options, transcript);
        await session.NextAsync(options.ReadyTimeout);
        var mark = session.Mark();
        var closed = session.Elapsed;
        session.CloseStdin();
        var exited = await session.WaitForExitAsync(options.ExitTimeout);
        var exitMs = (session.Elapsed - closed).TotalMilliseconds;
        // What the adapter wrote while exiting is still in the pipe: it must be valid frames too.
        await session.DrainAsync(Short);
        Record(session);
        var frames = session.FramesSince(mark, Frames);
        return exited
            ? Pass("stdin EOF", $"exited {exitMs:0} ms after stdin closed (code {session.ExitCode})", frames)
            : Fail("stdin EOF", $"still running {options.ExitTimeout.TotalSeconds:0.#} s after stdin closed", frames);
    }

    public async Task<CheckResult> CapabilitiesAsync(ReadyEvent ready)
    {
        if (!ready.Capabilities.Contains(Capabilities.Typing))
        {
            return new CheckResult("capabilities", CheckStatus.Skip, "does not declare typing", []);
        }
        transcript.Label = "capabilities";
        await using var session = AdapterSession.Start(options, transcript);
        await session.NextAsync(options.ReadyTimeout);
        await session.WriteAsync(Ack, options.StallFailure);
        var mark = session.Mark();
        await session.WriteAsync("""{"method":"typing","params":{"channel_id":"conformance"}}""", options.StallFailure);
        var error = await session.WaitForAsync(l => l.Event is ErrorEvent, TimeSpan.FromMilliseconds(700));
        var frames = session.FramesSince(mark, Frames);
        await StopAsync(session);
        Record(session);
        return error is null
            ? Pass("capabilities", "declares typing and handles a typing command without an error within 700 ms", frames)
            : Fail("capabilities", "declares typing but answers a typing command with an error event", frames);
    }

    public async Task<CheckResult> EchoProfileAsync()
    {
        transcript.Label = "echo";
        const int count = 500;
        await using var session = AdapterSession.Start(options, transcript);
        await session.NextAsync(options.ReadyTimeout);
        await session.WriteAsync(Ack, options.StallFailure);
        var mark = session.Mark();
        var single = await ProbeAsync(session, "round-trip");
        var roundTrip = session.FramesSince(mark, Frames);
        if (!single)
        {
            await StopAsync(session);
            Record(session);
            return Fail("echo profile", "a send was not answered with a message containing its text within 5 s", roundTrip);
        }
        var writes = Task.Run(async () =>
        {
            for (var i = 0; i < count; i++)
            {
                await session.WriteAsync(Send($"order-{i:D4}"), options.StallFailure);
            }
        });
        var next = 0;
        var outOfOrder = 0;
        while (next < count)
        {
            var line = await session.WaitForAsync(l => l.Event is MessageEvent m && TextOf(m).Contains("order-", StringComparison.Ordinal), TimeSpan.FromSeconds(10));
            if (line is null)
            {
                break;
            }
            var digits = TextOf((MessageEvent)line.Event!).Split("order-")[1];
            if (digits.Length < 4 || !int.TryParse(digits.AsSpan(0, 4), System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var index))
            {
                continue; // an answer that mangled the token: counted as lost below
            }
            if (index != next)
            {
                outOfOrder++;
            }
            next = Math.Max(next, index) + 1;
        }
        await writes;
        await StopAsync(session);
        Record(session);
        return next == count && outOfOrder == 0
            ? Pass("echo profile", $"round trip ok; {count} sends answered in order, none lost", roundTrip)
            : Fail("echo profile", $"{next} of {count} answered, {outOfOrder} out of order", roundTrip);
    }

    /// <summary>Every stdout line of every session, checked against the daemon's rules.</summary>
    public CheckResult EventValidity() => _invalidLines.Count == 0
        ? Pass("stdout frames", $"all {_linesPerSession.Values.Sum()} stdout lines of {_linesPerSession.Count} sessions are events the daemon accepts")
        : Fail("stdout frames", $"{_invalidLines.Count} stdout line(s) the daemon would log and drop", _invalidLines.Take(10).ToArray());

    private async Task<bool> ProbeAsync(AdapterSession session, string token)
    {
        await session.WriteAsync(Send(token), options.StallFailure);
        return await session.WaitForAsync(l => l.Event is MessageEvent m && TextOf(m).Contains(token, StringComparison.Ordinal), TimeSpan.FromSeconds(5)) is not null;
    }

    private static string TextOf(MessageEvent message) => message.Text ?? (message.Content as TextContent)?.Text ?? "";

    private async Task StopAsync(AdapterSession session)
    {
        session.LogExit();
        if (!session.HasExited)
        {
            try
            {
                await session.WriteAsync(Shutdown, options.StallFailure);
            }
            catch (AdapterInputException)
            {
            }
            await session.WaitForExitAsync(options.ExitTimeout);
        }
        await session.DrainAsync(TimeSpan.FromMilliseconds(100));
    }

    private void Record(AdapterSession session)
    {
        _linesPerSession[transcript.Label] = session.Seen.Count;
        foreach (var line in session.Seen.Where(l => l.Rejection is not null))
        {
            var entry = $"[{transcript.Label}] {line.Text} → {line.Rejection}";
            if (!_invalidLines.Contains(entry))
            {
                _invalidLines.Add(entry);
            }
        }
    }

    // Evidence is the protocol traffic and the exit; stderr stays in the transcript.
    private static readonly string[] Frames = ["in", "out", "sys"];

    private static byte[] Line(string text) => Encoding.UTF8.GetBytes(text + "\n");

    private static string BigFileSend(int bytes)
    {
        var data = new StringBuilder(bytes * 4);
        for (var i = 0; i < bytes; i++)
        {
            data.Append(i % 251).Append(',');
        }
        data.Length--;
        return "{\"method\":\"send\",\"params\":{\"channel_id\":\"conformance\",\"text\":\"file\",\"content\":{\"FileData\":{\"data\":[" + data +
            "],\"filename\":\"big.bin\",\"mime_type\":\"application/octet-stream\"}},\"user\":{\"platform_id\":\"conformance\",\"display_name\":\"Conformance\",\"librefang_user\":null}}}";
    }

    private static CheckResult Pass(string name, string summary, params string[] evidence) => new(name, CheckStatus.Pass, summary, evidence);

    private static CheckResult Fail(string name, string summary, params string[] evidence) => new(name, CheckStatus.Fail, summary, evidence);
}
