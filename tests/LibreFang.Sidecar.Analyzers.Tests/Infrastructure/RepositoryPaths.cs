namespace LibreFang.Sidecar.Analyzers.Tests.Infrastructure;

/// <summary>Locates files of the repository the tests run from.</summary>
internal static class RepositoryPaths
{
    public static string Root { get; } = FindRoot();

    public static string Combine(params string[] parts) => Path.Combine(new[] { Root }.Concat(parts).ToArray());

    private static string FindRoot()
    {
        for (var directory = new DirectoryInfo(AppContext.BaseDirectory); directory is not null; directory = directory.Parent)
        {
            if (File.Exists(Path.Combine(directory.FullName, "LibreFang.Sidecar.sln")))
            {
                return directory.FullName;
            }
        }
        throw new InvalidOperationException("LibreFang.Sidecar.sln not found above " + AppContext.BaseDirectory);
    }
}
