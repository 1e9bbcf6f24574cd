namespace LibreFang.Sidecar.Conformance.Tests;

/// <summary>Locates the corpus: the repository's <c>conformance/corpus</c>, and the workspace's <c>../shared/corpus</c> when present.</summary>
internal static class Corpus
{
    public static string RepositoryRoot { get; } = FindRepositoryRoot();

    public static string Directory { get; } = Path.Combine(RepositoryRoot, "conformance", "corpus");

    public static string? SharedDirectory
    {
        get
        {
            var shared = Path.GetFullPath(Path.Combine(RepositoryRoot, "..", "shared", "corpus"));
            return System.IO.Directory.Exists(shared) ? shared : null;
        }
    }

    /// <summary>The file names (not paths) of one direction, sorted.</summary>
    public static IReadOnlyList<string> Files(string direction) =>
        System.IO.Directory.GetFiles(Path.Combine(Directory, direction), "*.json")
            .Select(Path.GetFileName).OfType<string>().Order(StringComparer.Ordinal).ToList();

    public static byte[] Read(string direction, string name) => File.ReadAllBytes(Path.Combine(Directory, direction, name));

    public static IReadOnlyList<string> RelativeFiles(string root) =>
        System.IO.Directory.GetFiles(root, "*", SearchOption.AllDirectories)
            .Select(f => Path.GetRelativePath(root, f).Replace('\\', '/'))
            .Order(StringComparer.Ordinal).ToList();

    private static string FindRepositoryRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "LibreFang.Sidecar.sln")))
            {
                return dir.FullName;
            }
        }
        throw new InvalidOperationException("LibreFang.Sidecar.sln not found above " + AppContext.BaseDirectory);
    }
}
