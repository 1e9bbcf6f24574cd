using System.Diagnostics;

namespace LibreFang.Sidecar.Irc.Tests.EndToEnd;

/// <summary>
/// The IRC sample as the supervisor runs it: the Native AOT binary from <c>artifacts/samples/irc</c> (what
/// <c>samples/publish.sh</c> produces). When it is missing or older than the sources, it is published once first.
/// </summary>
internal static class AdapterBinary
{
    private static readonly Lazy<Task<string>> Published = new(PublishIfStaleAsync);

    public static Task<string> PathAsync() => Published.Value;

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

    private static async Task<string> PublishIfStaleAsync()
    {
        var root = RepositoryRoot;
        var output = Path.Combine(root, "artifacts", "samples", "irc");
        var binary = Path.Combine(output, "librefang-irc");
        var built = File.Exists(binary) ? File.GetLastWriteTimeUtc(binary) : DateTime.MinValue;
        var newest = new[] { "samples/Irc", "src/LibreFang.Sidecar.Runtime", "src/LibreFang.Sidecar.Generators" }
            .SelectMany(d => Directory.EnumerateFiles(Path.Combine(root, d), "*.cs", SearchOption.AllDirectories))
            .Where(f => !f.Contains($"{Path.DirectorySeparatorChar}obj{Path.DirectorySeparatorChar}", StringComparison.Ordinal))
            .Max(File.GetLastWriteTimeUtc);
        if (built >= newest)
        {
            return binary;
        }
        var info = new ProcessStartInfo("dotnet", ["publish", Path.Combine(root, "samples", "Irc"), "-c", "Release", "-r", "linux-x64",
            "-o", output, "-nologo"])
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
            throw new InvalidOperationException($"publishing the IRC sample failed:\n{await stdout}\n{await stderr}");
        }
        return binary;
    }

    /// <summary>The environment of a plain-TCP adapter talking to a loopback server.</summary>
    public static Dictionary<string, string?> Environment(int port, string nick = "fang", string channels = "#fang") => new()
    {
        ["IRC_SERVER"] = "127.0.0.1",
        ["IRC_PORT"] = port.ToString(System.Globalization.CultureInfo.InvariantCulture),
        ["IRC_TLS"] = "false",
        ["IRC_NICK"] = nick,
        ["IRC_CHANNELS"] = channels,
    };

    /// <summary>Starts the binary and completes the handshake: the first <c>ready</c>, then <c>ready_ack</c>.</summary>
    public static async Task<AdapterProcess> StartAsync(Dictionary<string, string?> environment)
    {
        var adapter = AdapterProcess.Start(await PathAsync(), [], environment);
        var ready = await adapter.NextEventAsync("ready");
        Assert.Empty(ready.GetProperty("params").GetProperty("capabilities").EnumerateArray());
        await adapter.WriteLineAsync("""{"method":"ready_ack"}""");
        return adapter;
    }

    public static string Send(string channelId, string text) =>
        "{\"method\":\"send\",\"params\":{\"channel_id\":" + System.Text.Json.JsonSerializer.Serialize(channelId) + ",\"text\":"
        + System.Text.Json.JsonSerializer.Serialize(text) + ",\"user\":{\"platform_id\":\"alice\",\"display_name\":\"Alice\",\"librefang_user\":null}}}";
}
