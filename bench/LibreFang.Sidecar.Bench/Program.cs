using System.Diagnostics;
using System.Globalization;
using LibreFang.Sidecar.Bench;

// Usage: LibreFang.Sidecar.Bench --sdk <binary> --baseline <binary> [--rounds N] [--quick] [--stop daemon|shutdown] [--grace SECONDS]
var options = BenchOptions.Parse(args);
var subjects = new[] { new Subject("sdk", options.Sdk, options.Stop), new Subject("baseline", options.Baseline, options.Stop) };
Console.WriteLine($"# process benchmarks, {options.Rounds} rounds, alternating; medians ({Environment.ProcessorCount} cores, {DateTime.UtcNow:yyyy-MM-dd})");
Console.WriteLine($"# every session ends with {options.Stop.Describe()}, then SIGKILL after {options.Stop.Grace.TotalSeconds:0.###} s");
Console.WriteLine();

var table = new ResultTable(subjects);
for (var round = 0; round < options.Rounds; round++)
{
    // Alternate the order each round so neither subject always runs on a warmer machine.
    var order = round % 2 == 0 ? subjects : subjects.Reverse().ToArray();
    foreach (var subject in order)
    {
        table.Add(subject, "startup: spawn -> first ready (ms)", await Sessions.StartupMsAsync(subject));
        table.Add(subject, "shutdown -> exit (ms)", await Sessions.ShutdownMsAsync(subject));
    }
}
// Adapters built with the SDK start from a 2 MiB minimum gen0 budget (src/LibreFang.Sidecar.Runtime/build/
// LibreFang.Sidecar.targets); the baseline has the runtime's sizing, which follows the CPU's cache. The "as shipped"
// rows compare the two binaries as they are; the others size both alike through DOTNET_GCgen0size (0 makes the runtime
// ignore the embedded value), once with the SDK's budget and once with the runtime's. At 10 000 sends the runtime's
// budget may not have been reached yet; 100 000 sends show where a long-running process settles.
const string SdkBudget = "200000"; // hexadecimal bytes, as the runtime reads it
var budgets = new (string Label, string? Sdk, string? Baseline)[]
{
    ("as shipped", null, null),
    ("both with a 2 MiB gen0 budget", SdkBudget, SdkBudget),
    ("both with the runtime's gen0 sizing", "0", null),
};
foreach (var rssSends in options.Quick ? new[] { 2_000 } : new[] { 10_000, 100_000 })
{
    for (var round = 0; round < Math.Max(1, options.Rounds / 3); round++)
    {
        foreach (var (label, sdkBudget, baselineBudget) in budgets)
        {
            var pair = new[] { (subjects[0], sdkBudget), (subjects[1], baselineBudget) };
            foreach (var (subject, budget) in round % 2 == 0 ? pair : pair.Reverse())
            {
                var sized = budget is null ? subject : subject with { Environment = new Dictionary<string, string> { ["DOTNET_GCgen0size"] = budget } };
                var (peak, anonymous) = await Sessions.PeakRssMiBAsync(sized, rssSends);
                table.Add(subject, $"peak RSS, {rssSends.ToString("N0", CultureInfo.InvariantCulture)} sends, {label} (MiB)", peak);
                table.Add(subject, $"anonymous memory after {rssSends.ToString("N0", CultureInfo.InvariantCulture)} sends, {label} (MiB)", anonymous);
            }
        }
    }
}
var throughputSends = options.Quick ? 2_000 : 50_000;
foreach (var window in new[] { 1, 16, 64, 128 })
{
    for (var round = 0; round < options.Rounds; round++)
    {
        foreach (var subject in round % 2 == 0 ? subjects : subjects.Reverse())
        {
            var (perSecond, cpuPerSend) = await Sessions.ThroughputAsync(subject, window, throughputSends);
            table.Add(subject, $"answered sends/s, window {window}", perSecond, higherIsBetter: true);
            table.Add(subject, $"CPU time per answered send, window {window} (µs)", cpuPerSend);
        }
    }
}
var floodSends = options.Quick ? 10_000 : 100_000;
var floodMetric = $"flood: answers delivered of {floodSends}";
for (var round = 0; round < Math.Max(1, options.Rounds / 5); round++)
{
    foreach (var subject in subjects)
    {
        var (delivered, seconds) = await Sessions.FloodAsync(subject, floodSends);
        table.Add(subject, floodMetric, delivered, higherIsBetter: true);
        table.Add(subject, "flood: time to last answer (s)", seconds);
    }
}
foreach (var subject in subjects)
{
    table.Add(subject, "binary size, stripped (KiB)", Sessions.StrippedSizeKiB(subject));
}

table.Print(Console.Out);
Console.WriteLine();
foreach (var subject in subjects)
{
    var (killed, stops) = Sessions.StopTally(subject);
    if (killed > 0)
    {
        // The shutdown -> exit row holds these stops too, at the grace plus the kill.
        Console.WriteLine($"! {subject.Name}: {killed} of {stops} stops ended in SIGKILL, the process still running {options.Stop.Grace.TotalSeconds:0.###} s after {options.Stop.Describe()}");
    }
}
foreach (var line in Targets.Lines(table, subjects[0], subjects[1], floodMetric, floodSends))
{
    Console.WriteLine(line);
}
return 0;

namespace LibreFang.Sidecar.Bench
{
    /// <summary>A binary under test; <paramref name="Environment"/> adds variables to its process.</summary>
    internal sealed record Subject(string Name, string Path, StopPolicy Stop, IReadOnlyDictionary<string, string>? Environment = null);

    internal enum StopMode
    {
        /// <summary>As the daemon's stop: <c>shutdown</c>, then stdin closed at once, then the grace, then SIGKILL.</summary>
        Daemon,

        /// <summary><c>shutdown</c> with stdin left open, then the grace, then SIGKILL: whether the adapter acts on <c>shutdown</c> itself.</summary>
        ShutdownOnly,
    }

    /// <summary>How the driver ends every session. The grace defaults to the supervisor's <c>shutdown_grace_secs</c> (5 s).</summary>
    internal sealed record StopPolicy(StopMode Mode, TimeSpan Grace)
    {
        public string Describe() => Mode == StopMode.Daemon ? "shutdown and stdin EOF" : "shutdown (stdin left open)";
    }

    internal sealed record BenchOptions(string Sdk, string Baseline, int Rounds, bool Quick, StopPolicy Stop)
    {
        private const string Usage = "usage: --sdk <binary> --baseline <binary> [--rounds N] [--quick] [--stop daemon|shutdown] [--grace SECONDS]";

        public static BenchOptions Parse(string[] args)
        {
            string? sdk = null, baseline = null;
            var rounds = 15;
            var quick = false;
            var stopMode = StopMode.Daemon;
            var grace = TimeSpan.FromSeconds(5);
            for (var i = 0; i < args.Length; i++)
            {
                switch (args[i])
                {
                    case "--sdk": sdk = args[++i]; break;
                    case "--baseline": baseline = args[++i]; break;
                    case "--rounds": rounds = int.Parse(args[++i], CultureInfo.InvariantCulture); break;
                    case "--quick": quick = true; break;
                    case "--stop":
                        stopMode = args[++i] switch
                        {
                            "daemon" => StopMode.Daemon,
                            "shutdown" => StopMode.ShutdownOnly,
                            var other => throw new ArgumentException($"--stop takes daemon or shutdown, not '{other}'"),
                        };
                        break;
                    case "--grace":
                        grace = TimeSpan.FromSeconds(double.Parse(args[++i], CultureInfo.InvariantCulture));
                        if (grace <= TimeSpan.Zero)
                        {
                            throw new ArgumentException("--grace takes a number of seconds above 0");
                        }
                        break;
                    default: throw new ArgumentException("unknown option " + args[i] + "; " + Usage);
                }
            }
            if (sdk is null || baseline is null)
            {
                throw new ArgumentException(Usage);
            }
            return new(Path.GetFullPath(sdk), Path.GetFullPath(baseline), rounds, quick, new StopPolicy(stopMode, grace));
        }
    }

    internal sealed class ResultTable(IReadOnlyList<Subject> subjects)
    {
        private readonly List<string> _metrics = [];
        private readonly Dictionary<(string Metric, string Subject), List<double>> _samples = [];
        private readonly HashSet<string> _higherIsBetter = [];

        public void Add(Subject subject, string metric, double value, bool higherIsBetter = false)
        {
            if (!_metrics.Contains(metric))
            {
                _metrics.Add(metric);
            }
            if (higherIsBetter)
            {
                _higherIsBetter.Add(metric);
            }
            if (!_samples.TryGetValue((metric, subject.Name), out var list))
            {
                _samples[(metric, subject.Name)] = list = [];
            }
            list.Add(value);
        }

        /// <summary>All samples of <paramref name="metric"/> for the subject, or null when the run did not measure it.</summary>
        public IReadOnlyList<double>? Samples(Subject subject, string metric) => _samples.GetValueOrDefault((metric, subject.Name));

        public void Print(TextWriter output)
        {
            // The middle half of the samples (25th to 75th percentile) shows how far a median can be trusted: on a
            // small shared machine the throughput rows spread widely even within one run.
            output.WriteLine($"| metric | {string.Join(" | ", subjects.Select(s => s.Name))} | sdk / baseline | middle half: {string.Join("; ", subjects.Select(s => s.Name))} |");
            output.WriteLine($"| --- |{string.Concat(Enumerable.Repeat(" ---: |", subjects.Count))} ---: | ---: |");
            foreach (var metric in _metrics)
            {
                var medians = subjects.Select(s => Quantile(_samples[(metric, s.Name)], 0.5)).ToArray();
                var spreads = subjects.Select(s => $"{Format(Quantile(_samples[(metric, s.Name)], 0.25))}–{Format(Quantile(_samples[(metric, s.Name)], 0.75))}");
                var ratio = medians[1] == 0 ? double.NaN : medians[0] / medians[1];
                output.WriteLine($"| {metric} | {string.Join(" | ", medians.Select(Format))} | {ratio.ToString("0.00", CultureInfo.InvariantCulture)}x | {string.Join("; ", spreads)} |");
            }
            output.WriteLine();
            output.WriteLine("Ratios above 1 mean the SDK needs more (time, memory, bytes) or, for throughput and delivery, achieves more.");
        }

        /// <summary>The <paramref name="q"/> quantile, interpolating between the two nearest samples.</summary>
        public static double Quantile(IReadOnlyList<double> values, double q)
        {
            var sorted = values.Order().ToArray();
            var position = q * (sorted.Length - 1);
            var below = (int)Math.Floor(position);
            var above = Math.Min(below + 1, sorted.Length - 1);
            return sorted[below] + (sorted[above] - sorted[below]) * (position - below);
        }

        private static string Format(double value) => value.ToString(value >= 100 ? "0" : value >= 1 ? "0.0" : "0.000", CultureInfo.InvariantCulture);
    }
}
