using System.Collections.Concurrent;
using System.Diagnostics;

namespace LibreFang.Sidecar.Testing;

/// <summary>
/// A project's Native AOT binary as <c>samples/publish.sh</c> leaves it under <c>artifacts/</c>. When the binary is
/// missing or older than its sources it is published first, once per test run, under a lock file so that test
/// projects running in parallel never publish into the same <c>obj</c> directories at once.
/// </summary>
internal static class PublishedBinary
{
    private static readonly ConcurrentDictionary<string, Lazy<Task<string>>> Published = new();

    /// <summary>The Echo sample: <c>artifacts/samples/echo/librefang-echo</c>.</summary>
    public static Task<string> EchoAsync() => PathAsync("samples/Echo", "artifacts/samples/echo", "librefang-echo",
        ["samples/Echo", "src/LibreFang.Sidecar.Runtime", "src/LibreFang.Sidecar.Generators"]);

    /// <summary>The IRC sample: <c>artifacts/samples/irc/librefang-irc</c>.</summary>
    public static Task<string> IrcAsync() => PathAsync("samples/Irc", "artifacts/samples/irc", "librefang-irc",
        ["samples/Irc", "src/LibreFang.Sidecar.Runtime", "src/LibreFang.Sidecar.Generators"]);

    /// <summary>The web chat sample: <c>artifacts/samples/webchat/librefang-webchat</c>.</summary>
    public static Task<string> WebChatAsync() => PathAsync("samples/WebChat", "artifacts/samples/webchat", "librefang-webchat",
        ["samples/WebChat", "src/LibreFang.Sidecar.Runtime", "src/LibreFang.Sidecar.Generators"]);

    /// <summary>The conformance runner: <c>artifacts/conformance/librefang-sidecar-conformance</c>.</summary>
    public static Task<string> ConformanceRunnerAsync() => PathAsync("conformance/LibreFang.Sidecar.Conformance", "artifacts/conformance",
        "librefang-sidecar-conformance", ["conformance/LibreFang.Sidecar.Conformance", "src/LibreFang.Sidecar.Runtime"]);

    public static string RepositoryRoot
    {
        get
        {
            for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
            {
                if (File.Exists(Path.Combine(dir.FullName, "LibreFang.Sidecar.sln")))
                {
                    return dir.FullName;
                }
            }
            throw new InvalidOperationException("the repository root (LibreFang.Sidecar.sln) is not above " + AppContext.BaseDirectory);
        }
    }

    private static Task<string> PathAsync(string project, string output, string name, string[] sources) =>
        Published.GetOrAdd(project, _ => new Lazy<Task<string>>(() => PublishIfStaleAsync(project, output, name, sources))).Value;

    private static async Task<string> PublishIfStaleAsync(string project, string output, string name, string[] sources)
    {
        var root = RepositoryRoot;
        var binary = Path.Combine(root, output, name);
        using var exclusive = await AcquireLockAsync(Path.Combine(root, "artifacts", ".publish.lock"));
        if (File.Exists(binary) && File.GetLastWriteTimeUtc(binary) >= NewestSource(root, sources))
        {
            return binary;
        }
        var info = new ProcessStartInfo("dotnet", ["publish", Path.Combine(root, project), "-c", "Release", "-r", "linux-x64",
            "-o", Path.Combine(root, output), "-nologo"])
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        using var process = Process.Start(info)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync();
        if (process.ExitCode != 0)
        {
            throw new InvalidOperationException($"publishing {project} failed:\n{await stdout}\n{await stderr}");
        }
        return binary;
    }

    // The build settings every published project inherits count as sources too.
    private static readonly string[] SharedBuildFiles = ["Directory.Build.props", "Directory.Packages.props", "samples/Directory.Build.props", "samples/Directory.Build.targets"];

    private static DateTime NewestSource(string root, string[] sources) => sources
        .SelectMany(d => Directory.EnumerateFiles(Path.Combine(root, d), "*", SearchOption.AllDirectories))
        .Where(f => f.EndsWith(".cs", StringComparison.Ordinal) || f.EndsWith(".csproj", StringComparison.Ordinal)
            || f.EndsWith(".props", StringComparison.Ordinal) || f.EndsWith(".targets", StringComparison.Ordinal)
            || f.EndsWith(".html", StringComparison.Ordinal))
        .Where(f => !f.Contains($"{Path.DirectorySeparatorChar}obj{Path.DirectorySeparatorChar}", StringComparison.Ordinal)
            && !f.Contains($"{Path.DirectorySeparatorChar}bin{Path.DirectorySeparatorChar}", StringComparison.Ordinal))
        .Concat(SharedBuildFiles.Select(f => Path.Combine(root, f)).Where(File.Exists))
        .Max(File.GetLastWriteTimeUtc);

    private static async Task<FileStream> AcquireLockAsync(string path)
    {
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        for (var attempt = 0; ; attempt++)
        {
            try
            {
                return new FileStream(path, FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None);
            }
            catch (IOException) when (attempt < 1200)
            {
                await Task.Delay(500);
            }
        }
    }
}
