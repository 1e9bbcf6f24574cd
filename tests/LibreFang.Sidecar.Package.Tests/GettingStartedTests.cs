using System.Text;
using System.Text.Json;
using System.Text.RegularExpressions;
using System.Xml.Linq;
using Xunit.Abstractions;

namespace LibreFang.Sidecar.Package.Tests;

/// <summary>
/// docs/getting-started.md, executed: its <c>bash tutorial</c> blocks run in order, as one shell session, in a clone of
/// this working tree, with an empty HOME (so empty NuGet caches, template list and tool caches) and the project made in
/// a folder outside the clone. Then every result the page promises is checked: packages made, 0 warnings, tests
/// passing, one native file published, the schema from --describe, the conformance runner passing. The test knows the
/// promises, not the commands: when a step is reworded, the test runs the new words; when the page drifts from the
/// product, it fails.
/// </summary>
public sealed partial class GettingStartedTests(ITestOutputHelper log) : IDisposable
{
    private static readonly TimeSpan TutorialTimeout = TimeSpan.FromMinutes(15);
    private static readonly TimeSpan StepTimeout = TimeSpan.FromMinutes(3);
    private readonly string _work = Path.Combine(Path.GetTempPath(), "librefang-tutorial-" + Guid.NewGuid().ToString("N")[..8]);

    [Fact]
    public void The_tutorial_has_every_step_of_the_repository_route_in_order()
    {
        var blocks = Tutorial.Blocks(File.ReadAllText(Path.Combine(Processes.RepositoryRoot(), "docs", "getting-started.md")));

        var steps = new[] { "./pack.sh", "dotnet new install", "--localFeed", "dotnet test", "dotnet publish", "librefang-sidecar-conformance" }
            .Select(command => blocks.ToList().FindIndex(b => b.Contains(command, StringComparison.Ordinal)))
            .ToList();
        Assert.DoesNotContain(-1, steps);
        Assert.Equal(steps.Order(), steps);
    }

    [Fact]
    [Trait("Category", "Tutorial")]
    public async Task The_tutorial_runs_as_written_from_a_clone_in_a_clean_environment()
    {
        var root = Processes.RepositoryRoot();
        var blocks = Tutorial.Blocks(File.ReadAllText(Path.Combine(root, "docs", "getting-started.md")));
        Assert.NotEmpty(blocks);
        var clone = await CloneWorkingTree(root, Path.Combine(_work, "librefang-sidecar-dotnet"));
        var home = Directory.CreateDirectory(Path.Combine(_work, "home")).FullName;
        CopyFeedConfiguration(home);
        var environment = CleanEnvironment(home);

        var script = new StringBuilder("set -euxo pipefail\nexec 2>&1\n");
        for (var i = 0; i < blocks.Count; i++)
        {
            script.Append($"echo \"::step {i}:: $(date +%s%N)\"\n{blocks[i]}\n");
        }
        // What the page's own variables and working directory are at its end, for the checks below.
        script.Append("echo \"::end:: $(date +%s%N)\"\nprintf '::pwd::%s\\n' \"$PWD\"\nprintf '::adapter::%s\\n' \"${adapter:-}\"\n");
        var run = await Processes.Run(clone, "bash", ["-c", script.ToString()], TutorialTimeout, environment, cleanEnvironment: true);
        Assert.True(run.Code == 0, run.Describe("the getting-started tutorial"));
        var output = run.Stdout;
        LogStepDurations(blocks, output);
        string StepOutput(string command)
        {
            var index = blocks.ToList().FindIndex(b => b.Contains(command, StringComparison.Ordinal));
            Assert.True(index >= 0, $"no tutorial step runs {command}");
            var start = output.IndexOf($"::step {index}::", StringComparison.Ordinal);
            var end = output.IndexOf(index + 1 < blocks.Count ? $"::step {index + 1}::" : "::end::", start, StringComparison.Ordinal);
            return output[start..end];
        }

        // 0 warnings anywhere: packing, restoring, building, testing, publishing (the template's warnings are errors too).
        Assert.DoesNotMatch(WarningLine(), output);

        // 1. The packages, with the SDK's symbols, in the documented folder.
        var packages = Path.Combine(clone, "artifacts", "packages");
        var made = Directory.GetFiles(packages).Select(Path.GetFileName).ToList();
        Assert.Contains(made, f => SdkPackage().IsMatch(f!));
        Assert.Contains(made, f => SdkSymbols().IsMatch(f!));
        Assert.Contains(made, f => f!.StartsWith("LibreFang.Sidecar.Templates.", StringComparison.Ordinal) && f.EndsWith(".nupkg", StringComparison.Ordinal));
        Assert.Contains(made, f => f!.StartsWith("LibreFang.Sidecar.Testing.", StringComparison.Ordinal) && f.EndsWith(".nupkg", StringComparison.Ordinal));
        var packOutput = StepOutput("./pack.sh");
        Assert.All(made, f => Assert.Contains(f!, packOutput));

        // 3. The project, outside the clone, restoring from the local feed through its nuget.config.
        var project = Line(output, "::pwd::");
        Assert.StartsWith(home + Path.DirectorySeparatorChar, project);
        Assert.Contains($"value=\"{packages}\"", File.ReadAllText(Path.Combine(project, "nuget.config")));
        Assert.DoesNotContain("ProjectReference", File.ReadAllText(Directory.GetFiles(Path.Combine(project, "src"), "*.csproj", SearchOption.AllDirectories).Single()));

        // 4. Its tests pass.
        var test = StepOutput("dotnet test");
        Assert.Matches(@"Passed!\s+-\s+Failed:\s+0,\s+Passed:\s+4\b", test);
        // The test project drives the adapter through the test kit, with no plumbing of its own.
        var testProject = Directory.GetFiles(Path.Combine(project, "tests"), "*.csproj", SearchOption.AllDirectories).Single();
        Assert.Contains("\"LibreFang.Sidecar.Testing\"", File.ReadAllText(testProject));
        Assert.DoesNotContain("Pipe", string.Concat(Directory.GetFiles(Path.GetDirectoryName(testProject)!, "*.cs").Select(File.ReadAllText)));

        // 5. One native file in the publish folder: no .dbg, no DLLs; the package's build targets reached the AOT compiler.
        var adapter = Line(output, "::adapter::");
        Assert.True(File.Exists(adapter), $"the published binary the page names is missing: '{adapter}'");
        Assert.Equal(new[] { adapter }, Directory.GetFileSystemEntries(Path.GetDirectoryName(adapter)!));
        var bytes = File.ReadAllBytes(adapter);
        Assert.True(bytes.AsSpan().StartsWith("\u007fELF"u8), "the published binary is not a native ELF executable");
        // GCgen0size (2 MiB, hexadecimal) is a runtime option only the Native AOT compiler embeds, as name and value.
        Assert.True(bytes.AsSpan().IndexOf("GCgen0size\0200000\0"u8) >= 0, "the binary was not compiled by Native AOT with the package's targets");
        var describeLine = StepOutput("--describe").Split('\n').Single(l => l.StartsWith("{\"name\"", StringComparison.Ordinal));
        using (var schema = JsonDocument.Parse(describeLine))
        {
            Assert.Equal("myplatform", schema.RootElement.GetProperty("name").GetString());
            Assert.Contains(schema.RootElement.GetProperty("fields").EnumerateArray(), f => f.GetProperty("key").GetString() == "MYPLATFORM_TOKEN");
        }

        // 6. The conformance runner passes.
        Assert.Contains("all required checks passed", StepOutput("librefang-sidecar-conformance"));

        // Beyond the page: a session against the binary, with the template's ILogger output on stderr.
        var session = await Processes.Run(project, adapter, [], StepTimeout,
            new Dictionary<string, string?> { ["MYPLATFORM_TOKEN"] = "t0ken", ["LIBREFANG_SIDECAR_LOG_LEVEL"] = "debug" },
            stdin: """
            {"method":"ready_ack"}
            {"method":"send","params":{"channel_id":"general","text":"hi","user":{"platform_id":"general","display_name":"Ann","librefang_user":null}}}
            {"method":"shutdown"}

            """);
        Assert.Equal(0, session.Code);
        Assert.StartsWith("{\"method\":\"ready\"", session.Stdout);
        var message = session.Stdout.Split('\n').Single(l => l.Contains("\"method\":\"message\"", StringComparison.Ordinal));
        using (var parsed = JsonDocument.Parse(message))
        {
            Assert.Equal("hi", parsed.RootElement.GetProperty("params").GetProperty("text").GetString());
        }
        var logged = session.Stderr.Split('\n').Single(l => l.Contains("delivering a message", StringComparison.Ordinal));
        using (var entry = JsonDocument.Parse(logged))
        {
            Assert.Equal("debug", entry.RootElement.GetProperty("level").GetString());
            // The constructor's ILogger<PlatformAdapter>: its category is the adapter's full name.
            Assert.Equal("MyAdapter.PlatformAdapter", entry.RootElement.GetProperty("fields").GetProperty("category").GetString());
            Assert.Equal("general", entry.RootElement.GetProperty("fields").GetProperty("Channel").GetString());
        }
        Assert.DoesNotContain("t0ken", session.Stderr);

        // A GC budget written the way people write sizes is refused by name, not read as some other number.
        var refused = await Processes.Run(project, "dotnet", ["build", "src/MyAdapter", "-c", "Release", "-nologo", "-p:SidecarGCGen0Size=4MiB"], StepTimeout, environment, cleanEnvironment: true);
        Assert.NotEqual(0, refused.Code);
        Assert.Contains("SidecarGCGen0Size must be a gen0 GC budget in bytes", refused.Stdout);
    }

    /// <summary>
    /// What a new user's shell has: PATH (where dotnet is) and a HOME, nothing from this test run (dotnet test sets
    /// MSBuild variables that would leak the repository's build into the user's project). Telemetry is off, and MSBuild
    /// keeps no build nodes alive after the run, so the test leaves no process behind.
    /// </summary>
    private static Dictionary<string, string?> CleanEnvironment(string home)
    {
        var environment = new Dictionary<string, string?>
        {
            ["PATH"] = Environment.GetEnvironmentVariable("PATH"),
            ["HOME"] = home,
            ["DOTNET_CLI_TELEMETRY_OPTOUT"] = "1",
            ["DOTNET_NOLOGO"] = "1",
            ["MSBUILDDISABLENODEREUSE"] = "1",
        };
        if (Environment.GetEnvironmentVariable("DOTNET_ROOT") is { } dotnetRoot)
        {
            environment["DOTNET_ROOT"] = dotnetRoot;
        }
        return environment;
    }

    /// <summary>
    /// An empty HOME gives NuGet its default configuration, nuget.org alone. A machine that reaches packages through a
    /// mirror configured for its user would lose it, and the test would measure the network instead of the docs; so
    /// the user's list of package sources, and nothing else from that file (no credentials, no cache locations), is
    /// carried into the clean HOME. Where no user configuration exists, NuGet writes its default, as for a new user.
    /// </summary>
    private static void CopyFeedConfiguration(string home)
    {
        var userConfig = Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), ".nuget", "NuGet", "NuGet.Config");
        if (!File.Exists(userConfig) || XDocument.Load(userConfig).Root?.Element("packageSources") is not { } sources)
        {
            return;
        }
        var target = Directory.CreateDirectory(Path.Combine(home, ".nuget", "NuGet")).FullName;
        new XDocument(new XElement("configuration", new XElement(sources))).Save(Path.Combine(target, "NuGet.Config"));
    }

    /// <summary>
    /// A clone of this repository as it is on disk: the committed history, with the working tree's edits and new
    /// files on top, so the test checks the change under test, not only what was committed.
    /// </summary>
    private static async Task<string> CloneWorkingTree(string root, string destination)
    {
        var clone = await Processes.Run(root, "git", ["clone", "--quiet", root, destination], StepTimeout);
        Assert.True(clone.Code == 0, clone.Describe("git clone"));
        var files = await Processes.Run(root, "git", ["ls-files", "-z", "--cached", "--others", "--exclude-standard"], StepTimeout);
        Assert.True(files.Code == 0, files.Describe("git ls-files"));
        foreach (var path in files.Stdout.Split('\0', StringSplitOptions.RemoveEmptyEntries))
        {
            var source = Path.Combine(root, path);
            var target = Path.Combine(destination, path);
            if (File.Exists(source))
            {
                Directory.CreateDirectory(Path.GetDirectoryName(target)!);
                File.Copy(source, target, overwrite: true);
            }
            else if (File.Exists(target))
            {
                File.Delete(target);
            }
        }
        return destination;
    }

    private void LogStepDurations(IReadOnlyList<string> blocks, string output)
    {
        var starts = StepMarker().Matches(output).Select(m => long.Parse(m.Groups[1].Value, System.Globalization.CultureInfo.InvariantCulture)).ToList();
        for (var i = 0; i + 1 < starts.Count && i < blocks.Count; i++)
        {
            log.WriteLine($"{(starts[i + 1] - starts[i]) / 1e9,6:F1} s  {blocks[i].Split('\n')[0]}");
        }
    }

    private static string Line(string output, string marker) =>
        output.Split('\n').Single(l => l.StartsWith(marker, StringComparison.Ordinal))[marker.Length..].TrimEnd('\r');

    [GeneratedRegex(@"^::(?:step \d+|end):: (\d+)", RegexOptions.Multiline)]
    private static partial Regex StepMarker();

    [GeneratedRegex(@"warning [A-Z]{2,}\d{3,}|: warning ")]
    private static partial Regex WarningLine();

    [GeneratedRegex(@"^LibreFang\.Sidecar\.\d+\.\d+\.\d+(-[0-9A-Za-z.-]+)?\.nupkg$")]
    private static partial Regex SdkPackage();

    [GeneratedRegex(@"^LibreFang\.Sidecar\.\d+\.\d+\.\d+(-[0-9A-Za-z.-]+)?\.snupkg$")]
    private static partial Regex SdkSymbols();

    public void Dispose()
    {
        try
        {
            Directory.Delete(_work, recursive: true);
        }
        catch (IOException)
        {
        }
        catch (UnauthorizedAccessException)
        {
        }
    }
}
