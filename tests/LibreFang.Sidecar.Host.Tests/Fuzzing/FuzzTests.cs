using System.Diagnostics;
using System.Globalization;
using System.Text;
using System.Text.Json;
using LibreFang.Sidecar.Protocol;
using LibreFang.Sidecar.Testing;
using Xunit.Abstractions;

namespace LibreFang.Sidecar.Host.Tests.Fuzzing;

/// <summary>
/// Seeded process-level fuzzing of the published Echo. CI runs 20 000 lines; <c>LIBREFANG_FUZZ_LINES=1000000</c> runs
/// the long mode (its figures are in docs/host.md), <c>LIBREFANG_FUZZ_SEED</c> picks another seed.
/// </summary>
[Collection(nameof(HardeningTests))]
public sealed class FuzzTests(ITestOutputHelper output)
{
    /// <summary>docs/host.md documents this bound on peak resident memory with 16 MiB lines in the stream.</summary>
    private const long PeakResidentBoundBytes = 160L * 1024 * 1024;
    private const string EndMarker = "end of fuzz";

    [Fact]
    public async Task Fuzzed_commands_never_break_the_session_lose_an_answer_or_emit_an_invalid_event()
    {
        var lines = int.Parse(Environment.GetEnvironmentVariable("LIBREFANG_FUZZ_LINES") ?? "20000", CultureInfo.InvariantCulture);
        var seed = int.Parse(Environment.GetEnvironmentVariable("LIBREFANG_FUZZ_SEED") ?? "20261201", CultureInfo.InvariantCulture);
        // Short mode still meets two 16 MiB lines; the long mode meets one in every 200 000 lines, as in the report that
        // found the memory peak.
        var fuzzer = new CommandFuzzer(seed, Path.Combine(PublishedBinary.RepositoryRoot, "conformance", "corpus", "commands"),
            hugeLineEvery: lines <= 20_000 ? lines / 2 : 200_000);
        await using var echo = AdapterProcess.Start(await PublishedBinary.EchoAsync(), [], new Dictionary<string, string?>());
        Assert.Equal("ready", Method(await echo.NextEventAsync()));
        var clock = Stopwatch.StartNew();

        var checker = Task.Run(() => CheckOutputAsync(echo));
        // Not disposed: that would close stdin, and EOF ends the session before the shutdown this test sends.
        var stdin = new BufferedStream(echo.Stdin, 256 * 1024);
        {
            await stdin.WriteAsync(Encoding.UTF8.GetBytes("{\"method\":\"ready_ack\"}\n"));
            for (var i = 0; i < lines; i++)
            {
                await stdin.WriteAsync(fuzzer.Next(i));
                Assert.False(echo.HasExited, $"the adapter exited after line {i}");
            }
            // The last line may be a truncated one; a newline ends it before the closing send.
            await stdin.WriteAsync(Encoding.UTF8.GetBytes("\n" + CommandFuzzer.Send(EndMarker) + "\n"));
            await stdin.FlushAsync();
        }
        var expected = fuzzer.ValidSends;

        var answered = await checker.WaitAsync(TimeSpan.FromMinutes(lines / 20_000 + 2));
        Assert.Equal(expected, answered.Answers);
        var peak = PeakResidentBytes(echo.ProcessId);
        var stop = Stopwatch.StartNew();
        await echo.WriteLineAsync("{\"method\":\"shutdown\"}");
        var code = await echo.WaitForExitAsync(TimeSpan.FromSeconds(5));
        stop.Stop();

        output.WriteLine($"seed {seed}: {lines} fuzzed lines, {expected} valid sends answered in order, {answered.Lines} stdout lines valid, " +
            $"{answered.Errors} error events; {clock.Elapsed.TotalSeconds:F1} s; peak RSS {peak / 1024.0 / 1024:F1} MiB; exit {code} after {stop.ElapsedMilliseconds} ms");
        Assert.Equal(0, code);
        Assert.True(stop.Elapsed < TimeSpan.FromSeconds(1), $"exit took {stop.ElapsedMilliseconds} ms after shutdown");
        Assert.True(peak < PeakResidentBoundBytes, $"peak RSS {peak / 1024 / 1024} MiB is over the documented {PeakResidentBoundBytes / 1024 / 1024} MiB");
    }

    private static async Task<(int Answers, long Lines, long Errors)> CheckOutputAsync(AdapterProcess echo)
    {
        int next = 0;
        long lines = 0, errors = 0;
        while (true)
        {
            var line = await echo.NextLineAsync(TimeSpan.FromSeconds(60));
            lines++;
            // Every line must be an event the daemon accepts: the same rules the conformance runner applies.
            var parsed = EventParser.Parse(Encoding.UTF8.GetBytes(line));
            Assert.True(parsed.Error is null, $"stdout line {lines} is not an event the daemon accepts ({parsed.Error?.Message}): {Cut(line)}");
            switch (parsed.Value)
            {
                case ErrorEvent:
                    errors++;
                    break;
                case MessageEvent { ChannelId: CommandFuzzer.Channel, Text: "you said: " + EndMarker }:
                    return (next, lines, errors);
                case MessageEvent { ChannelId: CommandFuzzer.Channel } message:
                    Assert.Equal("you said: f" + next, message.Text);
                    next++;
                    break;
            }
        }
    }

    private static long PeakResidentBytes(int pid)
    {
        var line = File.ReadLines($"/proc/{pid}/status").First(l => l.StartsWith("VmHWM:", StringComparison.Ordinal));
        return long.Parse(line.Split(' ', StringSplitOptions.RemoveEmptyEntries)[1], CultureInfo.InvariantCulture) * 1024;
    }

    private static string Cut(string line) => line.Length > 300 ? line[..300] + "…" : line;

    private static string Method(JsonElement frame) => frame.GetProperty("method").GetString()!;
}
