using System.Diagnostics;
using System.Text.RegularExpressions;
using LibreFang.Sidecar.Analyzers.Tests.Infrastructure;
using Microsoft.CodeAnalysis;

namespace LibreFang.Sidecar.Analyzers.Tests;

/// <summary>
/// The analyzers in the real compiler: `dotnet build` of tests/AnalyzerViolations (which references the analyzer
/// project the way a package would) must report exactly the diagnostics its `// expect:` comments name, with the
/// descriptors' default severities.
/// </summary>
public sealed partial class RealCompilerTests
{
    private static readonly TimeSpan BuildTimeout = TimeSpan.FromMinutes(5);

    [GeneratedRegex(@"^(?<file>[^\s(][^(]*)\((?<line>\d+),(?<column>\d+)\): (?<severity>error|warning) (?<id>[A-Z]+[0-9]+):", RegexOptions.Multiline)]
    private static partial Regex DiagnosticLine();

    [GeneratedRegex(@"//\s*expect:(?<ids>(\s+LFS\d{4})+)")]
    private static partial Regex ExpectComment();

    [Fact]
    public async Task A_plain_dotnet_build_reports_every_rule_exactly_where_the_sample_breaks_it()
    {
        var project = RepositoryPaths.Combine("tests", "AnalyzerViolations", "AnalyzerViolations.csproj");
        var expected = ReadExpectations(Path.GetDirectoryName(project)!);
        Assert.Equal(
            DiagnosticDescriptors.All.Select(d => d.Id).OrderBy(id => id),
            expected.Select(e => e.Id).Distinct().OrderBy(id => id));

        var (exitCode, output, errorLog) = await BuildAsync(project);

        var reported = DiagnosticLine().Matches(output)
            .Select(m => (File: Path.GetFileName(m.Groups["file"].Value.Trim()), Line: int.Parse(m.Groups["line"].Value), Id: m.Groups["id"].Value, Severity: m.Groups["severity"].Value))
            // MSBuild prints a diagnostic more than once; the compiler's own log below counts them.
            .Distinct()
            .ToList();
        Assert.DoesNotContain(reported, d => d.Severity == "error" && !d.Id.StartsWith("LFS", StringComparison.Ordinal));
        Assert.Equal(
            expected.Select(e => $"{e.File}:{e.Line}:{e.Id}").OrderBy(s => s, StringComparer.Ordinal),
            reported.Where(d => d.Id.StartsWith("LFS", StringComparison.Ordinal)).Select(d => $"{d.File}:{d.Line}:{d.Id}").OrderBy(s => s, StringComparer.Ordinal));

        foreach (var diagnostic in reported.Where(d => d.Id.StartsWith("LFS", StringComparison.Ordinal)))
        {
            var descriptor = DiagnosticDescriptors.All.Single(d => d.Id == diagnostic.Id);
            Assert.Equal(descriptor.DefaultSeverity == DiagnosticSeverity.Error ? "error" : "warning", diagnostic.Severity);
        }
        // LFS0101 and LFS0302 are errors: the build must fail because of them and nothing else.
        Assert.NotEqual(0, exitCode);

        // The compiler's error log has each reported diagnostic once: the generator and the analyzer never both report
        // a problem, so each LFS diagnostic appears exactly once there.
        var logged = CompilerLogResults(errorLog).Where(r => r.Id.StartsWith("LFS", StringComparison.Ordinal)).ToList();
        Assert.Equal(
            expected.Select(e => $"{e.File}:{e.Line}:{e.Id}").OrderBy(s => s, StringComparer.Ordinal),
            logged.Select(d => $"{d.File}:{d.Line}:{d.Id}").OrderBy(s => s, StringComparer.Ordinal));
    }

    /// <summary>(file, line, id) of every result in a SARIF 2.1 log.</summary>
    private static List<(string File, int Line, string Id)> CompilerLogResults(string sarif)
    {
        using var document = System.Text.Json.JsonDocument.Parse(sarif);
        var results = new List<(string, int, string)>();
        foreach (var run in document.RootElement.GetProperty("runs").EnumerateArray())
        {
            foreach (var result in run.GetProperty("results").EnumerateArray())
            {
                var location = result.GetProperty("locations")[0].GetProperty("physicalLocation");
                var uri = location.GetProperty("artifactLocation").GetProperty("uri").GetString()!;
                results.Add((Path.GetFileName(uri), location.GetProperty("region").GetProperty("startLine").GetInt32(), result.GetProperty("ruleId").GetString()!));
            }
        }
        return results;
    }

    private static List<(string File, int Line, string Id)> ReadExpectations(string directory)
    {
        var expectations = new List<(string, int, string)>();
        foreach (var file in Directory.EnumerateFiles(directory, "*.cs", SearchOption.TopDirectoryOnly))
        {
            var lines = File.ReadAllLines(file);
            for (var i = 0; i < lines.Length; i++)
            {
                var match = ExpectComment().Match(lines[i]);
                foreach (var id in match.Success ? match.Groups["ids"].Value.Split(' ', StringSplitOptions.RemoveEmptyEntries) : [])
                {
                    expectations.Add((Path.GetFileName(file), i + 1, id));
                }
            }
        }
        return expectations;
    }

    private static async Task<(int ExitCode, string Output, string ErrorLog)> BuildAsync(string project)
    {
        // A fresh artifacts folder: nothing collides with the solution's own bin/obj, and the compiler always runs.
        var artifacts = Path.Combine(Path.GetTempPath(), "lfs-analyzer-violations-" + Guid.NewGuid().ToString("N"));
        var errorLog = Path.Combine(artifacts, "compiler.sarif");
        var start = new ProcessStartInfo("dotnet")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            WorkingDirectory = RepositoryPaths.Root,
        };
        foreach (var argument in new[]
        {
            "build", project, "--artifacts-path", artifacts, "-nologo", "-nodeReuse:false", "-v:q", "-clp:NoSummary",
            "-p:UseSharedCompilation=false", "-p:ErrorLog=" + errorLog + "%2Cversion=2.1",
        })
        {
            start.ArgumentList.Add(argument);
        }
        // The test host's MSBuild variables would point the child build at the wrong toolset.
        foreach (var key in start.Environment.Keys.Where(k => k.StartsWith("MSBuild", StringComparison.OrdinalIgnoreCase)).ToList())
        {
            start.Environment.Remove(key);
        }
        start.Environment["DOTNET_CLI_TELEMETRY_OPTOUT"] = "1";
        start.Environment["DOTNET_NOLOGO"] = "1";

        try
        {
            using var process = Process.Start(start)!;
            var stdout = process.StandardOutput.ReadToEndAsync();
            var stderr = process.StandardError.ReadToEndAsync();
            using var timeout = new CancellationTokenSource(BuildTimeout);
            try
            {
                await process.WaitForExitAsync(timeout.Token);
            }
            catch (OperationCanceledException)
            {
                process.Kill(entireProcessTree: true);
                throw new TimeoutException($"dotnet build of {project} did not finish within {BuildTimeout}.");
            }
            var output = await stdout + await stderr;
            return (process.ExitCode, output, File.Exists(errorLog) ? await File.ReadAllTextAsync(errorLog) : throw new InvalidOperationException("no compiler error log:\n" + output));
        }
        finally
        {
            if (Directory.Exists(artifacts))
            {
                Directory.Delete(artifacts, recursive: true);
            }
        }
    }
}
