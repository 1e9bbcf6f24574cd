namespace LibreFang.Sidecar.Generators.Tests;

/// <summary>
/// Approved-file snapshots: <c>Snapshots/&lt;name&gt;.verified.cs</c> holds the approved output. A mismatch writes
/// <c>&lt;name&gt;.received.cs</c> beside it and fails with the first differing line; setting
/// <c>LIBREFANG_ACCEPT_SNAPSHOTS=1</c> approves the received output instead.
/// </summary>
internal static class Snapshot
{
    // Found from the repository root, not [CallerFilePath]: CI builds map source paths to /_/ (deterministic
    // builds), so a caller's file path does not exist on disk there.
    public static void Match(string name, string actual) =>
        Match(Path.Combine(RepositoryRoot(), "tests", "LibreFang.Sidecar.Generators.Tests", "Snapshots"), name, actual,
            Environment.GetEnvironmentVariable("LIBREFANG_ACCEPT_SNAPSHOTS") == "1");

    private static string RepositoryRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "LibreFang.Sidecar.sln")))
            {
                return dir.FullName;
            }
        }
        throw new InvalidOperationException("repository root not found above " + AppContext.BaseDirectory);
    }

    internal static void Match(string directory, string name, string actual, bool accept)
    {
        var verified = Path.Combine(directory, name + ".verified.cs");
        var received = Path.Combine(directory, name + ".received.cs");
        actual = Normalize(actual);
        if (accept)
        {
            Directory.CreateDirectory(directory);
            File.WriteAllText(verified, actual);
            File.Delete(received);
            return;
        }
        var expected = File.Exists(verified) ? Normalize(File.ReadAllText(verified)) : null;
        if (expected == actual)
        {
            File.Delete(received);
            return;
        }
        Directory.CreateDirectory(directory);
        File.WriteAllText(received, actual);
        throw new Xunit.Sdk.XunitException(expected is null
            ? $"no approved snapshot {verified}; review {received} and approve it (LIBREFANG_ACCEPT_SNAPSHOTS=1)"
            : $"snapshot {name} differs from {verified}: {FirstDifference(expected, actual)}; the output is in {received}");
    }

    internal static string FirstDifference(string expected, string actual)
    {
        var e = expected.Split('\n');
        var a = actual.Split('\n');
        for (var i = 0; i < Math.Max(e.Length, a.Length); i++)
        {
            var left = i < e.Length ? e[i] : "<end>";
            var right = i < a.Length ? a[i] : "<end>";
            if (left != right)
            {
                return $"line {i + 1}: expected `{left}` but got `{right}`";
            }
        }
        return "no line differs";
    }

    private static string Normalize(string text) => text.TrimStart('\uFEFF').Replace("\r\n", "\n");
}
