using System.Globalization;

namespace LibreFang.Sidecar.Bench;

/// <summary>
/// One machine-readable line per figure issue 22 sets a target for, from this run's medians: <c>target: NAME = VALUE</c>.
/// bench/targets.sh collects them over several runs. A figure the run did not measure (--quick) has no line.
/// </summary>
internal static class Targets
{
    public static IEnumerable<string> Lines(ResultTable table, Subject sdk, Subject baseline, string floodMetric, int floodSends)
    {
        string? Ratio(string metric)
        {
            var (ours, theirs) = (table.Samples(sdk, metric), table.Samples(baseline, metric));
            if (ours is null || theirs is null)
            {
                return null;
            }
            var denominator = ResultTable.Quantile(theirs, 0.5);
            return denominator == 0 ? null : (ResultTable.Quantile(ours, 0.5) / denominator).ToString("0.00", CultureInfo.InvariantCulture) + "x";
        }

        var figures = new (string Name, string? Value)[]
        {
            ("peak RSS 10k sends 2MiB gen0", Ratio("peak RSS, 10,000 sends, both with a 2 MiB gen0 budget (MiB)")),
            ("peak RSS 100k sends 2MiB gen0", Ratio("peak RSS, 100,000 sends, both with a 2 MiB gen0 budget (MiB)")),
            // Not one of the issue's targets: the peak RSS without the binary's and libraries' file pages (see README).
            ("anonymous memory 10k sends 2MiB gen0", Ratio("anonymous memory after 10,000 sends, both with a 2 MiB gen0 budget (MiB)")),
            ("anonymous memory 100k sends 2MiB gen0", Ratio("anonymous memory after 100,000 sends, both with a 2 MiB gen0 budget (MiB)")),
            ("CPU per send window 1", Ratio("CPU time per answered send, window 1 (µs)")),
            ("sends/s window 64", Ratio("answered sends/s, window 64")),
            ("binary size stripped", table.Samples(sdk, "binary size, stripped (KiB)") is { } size
                ? ResultTable.Quantile(size, 0.5).ToString("0", CultureInfo.InvariantCulture) + " KiB"
                : null),
            ("startup", Ratio("startup: spawn -> first ready (ms)")),
            // Any lost answer matters, so the worst round counts here rather than the median.
            ("flood delivered", table.Samples(sdk, floodMetric) is { } delivered
                ? (100.0 * delivered.Min() / floodSends).ToString("0.###", CultureInfo.InvariantCulture) + "%"
                : null),
        };
        foreach (var (name, value) in figures)
        {
            if (value is not null)
            {
                yield return $"target: {name} = {value}";
            }
        }
    }
}
