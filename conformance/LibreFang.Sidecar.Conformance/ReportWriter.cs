using System.Text;
using System.Text.Json;

namespace LibreFang.Sidecar.Conformance;

/// <summary>Renders a report as a table for people or JSON for machines.</summary>
public static class ReportWriter
{
    /// <summary>The human summary: one row per check, its evidence under failures (under every check with <paramref name="details"/>).</summary>
    public static string Table(ConformanceReport report, bool color, bool details = false)
    {
        var text = new StringBuilder();
        var width = report.Checks.Max(c => c.Name.Length);
        foreach (var check in report.Checks)
        {
            var (label, code) = check.Status switch
            {
                CheckStatus.Pass => ("PASS", "32"),
                CheckStatus.Warn => ("WARN", "33"),
                CheckStatus.Fail => ("FAIL", "31"),
                _ => ("SKIP", "90"),
            };
            var status = color ? $"\u001b[{code}m{label}\u001b[0m" : label;
            text.Append(status).Append("  ").Append(check.Name.PadRight(width)).Append("  ").AppendLine(check.Summary);
            if (check.Status == CheckStatus.Fail || details)
            {
                foreach (var evidence in check.Evidence)
                {
                    text.Append("        ").AppendLine(evidence.Length > 400 ? evidence[..400] + "…" : evidence);
                }
            }
        }
        var failed = report.Checks.Count(c => c.Status == CheckStatus.Fail);
        text.AppendLine(failed == 0 ? "all required checks passed" : $"{failed} check(s) failed");
        return text.ToString();
    }

    /// <summary>The machine form: checks with status, summary and evidence, and the overall verdict.</summary>
    public static string Json(ConformanceReport report)
    {
        using var stream = new MemoryStream();
        using (var json = new Utf8JsonWriter(stream, new JsonWriterOptions { Indented = true }))
        {
            json.WriteStartObject();
            json.WriteBoolean("passed", report.Passed);
            json.WriteStartArray("checks");
            foreach (var check in report.Checks)
            {
                json.WriteStartObject();
                json.WriteString("name", check.Name);
                json.WriteString("status", check.Status.ToString().ToLowerInvariant());
                json.WriteString("summary", check.Summary);
                json.WriteStartArray("evidence");
                foreach (var evidence in check.Evidence)
                {
                    json.WriteStringValue(evidence);
                }
                json.WriteEndArray();
                json.WriteEndObject();
            }
            json.WriteEndArray();
            json.WriteEndObject();
        }
        return Encoding.UTF8.GetString(stream.ToArray());
    }
}
