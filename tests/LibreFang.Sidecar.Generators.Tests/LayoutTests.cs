using System.Text.RegularExpressions;

namespace LibreFang.Sidecar.Generators.Tests;

/// <summary>
/// The generator's model files and the shared model depend on each other in one direction only: no file uses a type
/// declared in a file that (directly or not) uses a type of its own. A cycle is what made AdapterModelBuilder and
/// CommandCatalog one unit; this keeps it from coming back.
/// </summary>
public sealed partial class LayoutTests
{
    [Theory]
    [InlineData("src/LibreFang.Sidecar.Generators/Model")]
    [InlineData("src/Shared")]
    [InlineData("src/LibreFang.Sidecar.Generators/Model", "src/Shared")]
    public void There_is_no_file_level_dependency_cycle(params string[] folders)
    {
        var root = RepositoryRoot();
        var files = folders.SelectMany(f => Directory.EnumerateFiles(Path.Combine(root, f), "*.cs", SearchOption.AllDirectories))
            .ToDictionary(f => Path.GetRelativePath(root, f), f => CodeOnly(File.ReadAllText(f)));
        var declaredIn = new Dictionary<string, string>();
        foreach (var (file, code) in files)
        {
            foreach (Match match in Declaration().Matches(code))
            {
                declaredIn[match.Groups["name"].Value] = file;
            }
        }
        var edges = files.ToDictionary(f => f.Key, f => declaredIn
            .Where(d => d.Value != f.Key && Regex.IsMatch(f.Value, $@"\b{d.Key}\b"))
            .Select(d => d.Value).ToHashSet());

        foreach (var start in edges.Keys)
        {
            var cycle = FindPathBack(start, start, edges, []);
            Assert.True(cycle is null, "file-level cycle: " + string.Join(" -> ", cycle ?? []));
        }
    }

    private static List<string>? FindPathBack(string start, string current, Dictionary<string, HashSet<string>> edges, HashSet<string> seen)
    {
        foreach (var next in edges[current])
        {
            if (next == start)
            {
                return [current, start];
            }
            if (seen.Add(next) && FindPathBack(start, next, edges, seen) is { } path)
            {
                path.Insert(0, current);
                return path;
            }
        }
        return null;
    }

    /// <summary>The source without comments and string literals, which name types without depending on them.</summary>
    private static string CodeOnly(string source) => Regex.Replace(source, @"//[^\n]*|""(?:[^""\\\n]|\\.)*""", " ");

    [GeneratedRegex(@"\b(?:class|record|struct|enum|interface)\s+(?<name>[A-Z]\w*)")]
    private static partial Regex Declaration();

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
}
