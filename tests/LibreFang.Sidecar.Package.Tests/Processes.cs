using System.Diagnostics;

namespace LibreFang.Sidecar.Package.Tests;

/// <summary>Runs a process to completion with captured output, an optional stdin, and a chosen environment.</summary>
internal static class Processes
{
    public sealed record Result(int Code, string Stdout, string Stderr)
    {
        public string Describe(string command) => $"`{command}` exited {Code}\n--- stdout\n{Tail(Stdout)}\n--- stderr\n{Tail(Stderr)}";
    }

    /// <param name="environment">With <paramref name="cleanEnvironment"/>, the whole environment; otherwise overrides (null removes).</param>
    public static async Task<Result> Run(string directory, string fileName, IEnumerable<string> args, TimeSpan timeout,
        IReadOnlyDictionary<string, string?>? environment = null, string? stdin = null, bool cleanEnvironment = false)
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
        if (cleanEnvironment)
        {
            info.Environment.Clear();
        }
        foreach (var (key, value) in environment ?? new Dictionary<string, string?>())
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
        using var deadline = new CancellationTokenSource(timeout);
        try
        {
            await process.WaitForExitAsync(deadline.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException($"`{fileName} {string.Join(' ', args)}` did not finish within {timeout}\n{Tail(await output)}");
        }
        return new Result(process.ExitCode, await output, await error);
    }

    /// <summary>Enough of the end of a long log to see what failed, without flooding the test report.</summary>
    public static string Tail(string text) => text.Length <= 12_000 ? text : "…" + text[^12_000..];

    public static string RepositoryRoot()
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
}
