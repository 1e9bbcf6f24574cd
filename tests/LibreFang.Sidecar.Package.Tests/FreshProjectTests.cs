using System.Diagnostics;
using System.Text;
using System.Text.Json;

namespace LibreFang.Sidecar.Package.Tests;

/// <summary>
/// From nothing to a running native adapter, as a user would: pack both packages into a local feed, install the
/// template, create a project, build it against the feed (no project references), run its own tests, publish it as
/// Native AOT, then run --describe and a short session against the binary.
/// </summary>
public sealed class FreshProjectTests : IDisposable
{
    private static readonly TimeSpan StepTimeout = TimeSpan.FromMinutes(5);
    private readonly string _work = Path.Combine(Path.GetTempPath(), "librefang-fresh-" + Guid.NewGuid().ToString("N")[..8]);

    [Fact]
    public async Task A_project_from_the_template_builds_tests_publishes_and_runs()
    {
        var root = RepositoryRoot();
        var feed = Directory.CreateDirectory(Path.Combine(_work, "feed")).FullName;
        var hive = Path.Combine(_work, "hive");
        // A version no cache has seen, so the project restores exactly what was just packed.
        var version = "0.1.0-e2e." + DateTime.UtcNow.ToString("yyyyMMddHHmmss");

        await Run(root, "dotnet", "pack", "src/LibreFang.Sidecar.Runtime", "-c", "Release", "-o", feed, $"-p:Version={version}", ReleaseBuildExists(root) ? "--no-build" : "-nologo");
        await Run(root, "dotnet", "pack", "templates/LibreFang.Sidecar.Templates", "-c", "Release", "-o", feed, $"-p:Version={version}");
        var packages = Directory.GetFiles(feed, "*.nupkg").Select(Path.GetFileName).ToList();
        Assert.Contains($"LibreFang.Sidecar.{version}.nupkg", packages);
        Assert.Contains($"LibreFang.Sidecar.Templates.{version}.nupkg", packages);

        await Run(_work, "dotnet", "new", "install", Path.Combine(feed, $"LibreFang.Sidecar.Templates.{version}.nupkg"), "--debug:custom-hive", hive);
        var help = await Run(_work, "dotnet", "new", "librefang-sidecar", "--help", "--debug:custom-hive", hive);
        Assert.Contains("--platform", help);
        Assert.Contains("--sdkVersion", help);

        await Run(_work, "dotnet", "new", "librefang-sidecar", "-n", "Relay", "-o", "Relay", "--platform", "relay", "--sdkVersion", version, "--debug:custom-hive", hive);
        var project = Path.Combine(_work, "Relay");
        File.WriteAllText(Path.Combine(project, "nuget.config"), $"""
            <?xml version="1.0" encoding="utf-8"?>
            <configuration>
              <packageSources>
                <clear />
                <add key="local" value="{feed}" />
                <add key="nuget.org" value="https://api.nuget.org/v3/index.json" />
              </packageSources>
            </configuration>
            """);
        Assert.DoesNotContain("ProjectReference", File.ReadAllText(Path.Combine(project, "src", "Relay", "Relay.csproj")));

        var build = await Run(project, "dotnet", "build", "-c", "Release", "-nologo");
        Assert.Contains("0 Warning(s)", build);
        await Run(project, "dotnet", "test", "-c", "Release", "--no-build", "-nologo");
        var publish = await Run(project, "dotnet", "publish", "src/Relay", "-c", "Release", "-r", "linux-x64", "-o", "out", "-nologo");
        Assert.DoesNotMatch(@"warning IL[23]\d{3}", publish);

        var binary = Path.Combine(project, "out", "relay-adapter");
        Assert.True(File.Exists(binary), "the published binary is missing");
        // The package's build targets gave the binary the adapter GC budget (2 MiB, hexadecimal as the runtime reads
        // it). The AOT compiler emits each runtime option as its name and its value, NUL-terminated, one after the other.
        Assert.True(File.ReadAllBytes(binary).AsSpan().IndexOf("GCgen0size\0200000\0"u8) >= 0,
            "the published binary does not carry the package's GCgen0size setting");
        var describe = await RunBinary(binary, ["--describe"], stdin: null, new Dictionary<string, string?>());
        Assert.Equal(0, describe.Code);
        using (var schema = JsonDocument.Parse(describe.Stdout))
        {
            Assert.Equal("relay", schema.RootElement.GetProperty("name").GetString());
            Assert.Equal("RELAY_TOKEN", schema.RootElement.GetProperty("fields")[0].GetProperty("key").GetString());
        }

        var session = await RunBinary(binary, [],
            """
            {"method":"ready_ack"}
            {"method":"send","params":{"channel_id":"general","text":"hi","user":{"platform_id":"general","display_name":"Ann","librefang_user":null}}}
            {"method":"shutdown"}

            """, new Dictionary<string, string?> { ["RELAY_TOKEN"] = "t0ken" });
        Assert.Equal(0, session.Code);
        Assert.StartsWith("{\"method\":\"ready\"", session.Stdout);
        Assert.DoesNotContain("\"method\":\"error\"", session.Stdout);
        // send -> message: the new project answers the send (the template loops it back until delivery is written).
        var message = session.Stdout.Split('\n').Single(l => l.Contains("\"method\":\"message\"", StringComparison.Ordinal));
        using (var parsed = JsonDocument.Parse(message))
        {
            Assert.Equal("hi", parsed.RootElement.GetProperty("params").GetProperty("text").GetString());
            Assert.Equal("relay", parsed.RootElement.GetProperty("params").GetProperty("platform").GetString());
        }
        Assert.DoesNotContain("t0ken", session.Stderr);

        // A budget written the way people write sizes is refused by name, not read as some other number.
        var (code, stdout, _) = await Execute(project, "dotnet", ["build", "src/Relay", "-c", "Release", "-nologo", "-p:SidecarGCGen0Size=4MiB"], stdin: null, new Dictionary<string, string?>());
        Assert.NotEqual(0, code);
        Assert.Contains("SidecarGCGen0Size must be a gen0 GC budget in bytes", stdout);
    }

    private static bool ReleaseBuildExists(string root) =>
        File.Exists(Path.Combine(root, "src", "LibreFang.Sidecar.Runtime", "bin", "Release", "net10.0", "LibreFang.Sidecar.Runtime.dll"))
        && File.Exists(Path.Combine(root, "src", "LibreFang.Sidecar.Analyzers.CodeFixes", "bin", "Release", "netstandard2.0", "LibreFang.Sidecar.Analyzers.CodeFixes.dll"));

    private static async Task<string> Run(string directory, string fileName, params string[] args)
    {
        var (code, stdout, stderr) = await Execute(directory, fileName, args, stdin: null, new Dictionary<string, string?>());
        Assert.True(code == 0, $"`{fileName} {string.Join(' ', args)}` exited {code}\n{stdout}\n{stderr}");
        return stdout;
    }

    private static Task<(int Code, string Stdout, string Stderr)> RunBinary(string binary, string[] args, string? stdin, Dictionary<string, string?> environment) =>
        Execute(Path.GetDirectoryName(binary)!, binary, args, stdin, environment);

    private static async Task<(int Code, string Stdout, string Stderr)> Execute(string directory, string fileName, string[] args, string? stdin, Dictionary<string, string?> environment)
    {
        var info = new ProcessStartInfo(fileName)
        {
            WorkingDirectory = directory,
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var arg in args)
        {
            info.ArgumentList.Add(arg);
        }
        info.Environment["DOTNET_NOLOGO"] = "1";
        info.Environment["DOTNET_CLI_TELEMETRY_OPTOUT"] = "1";
        // The repository's build settings must not leak into the user's project.
        info.Environment["MSBuildExtensionsPath"] = null;
        foreach (var (key, value) in environment)
        {
            info.Environment[key] = value;
        }
        using var process = Process.Start(info)!;
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        if (stdin is not null)
        {
            await process.StandardInput.WriteAsync(stdin);
        }
        process.StandardInput.Close();
        using var timeout = new CancellationTokenSource(StepTimeout);
        try
        {
            await process.WaitForExitAsync(timeout.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException($"`{fileName} {string.Join(' ', args)}` did not finish within {StepTimeout}");
        }
        return (process.ExitCode, await output, await error);
    }

    private static string RepositoryRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "LibreFang.Sidecar.sln")))
            {
                return dir.FullName;
            }
        }
        throw new InvalidOperationException("repository root not found");
    }

    public void Dispose()
    {
        try
        {
            Directory.Delete(_work, recursive: true);
        }
        catch (IOException)
        {
        }
    }
}
