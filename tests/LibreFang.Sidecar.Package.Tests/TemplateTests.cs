using System.IO.Compression;
using System.Text.RegularExpressions;
using System.Xml.Linq;

namespace LibreFang.Sidecar.Package.Tests;

/// <summary>The template package itself: what it packs, and what two projects made from it share and do not share.</summary>
public sealed partial class TemplateTests : IDisposable
{
    private static readonly TimeSpan StepTimeout = TimeSpan.FromMinutes(3);
    private readonly string _work = Directory.CreateDirectory(Path.Combine(Path.GetTempPath(), "librefang-template-" + Guid.NewGuid().ToString("N")[..8])).FullName;

    // dotnet test sets these for its own build; left in place they would point `dotnet pack` at the test run's MSBuild.
    private static readonly Dictionary<string, string?> OwnEnvironment = new()
    {
        ["MSBuildExtensionsPath"] = null,
        ["MSBuildSDKsPath"] = null,
        ["MSBUILD_EXE_PATH"] = null,
    };

    [Fact]
    public async Task The_package_has_a_readme_and_its_own_version_as_the_SDK_default_and_each_project_gets_fresh_solution_GUIDs_and_its_feed()
    {
        var root = Processes.RepositoryRoot();
        const string version = "0.0.1-template-test";
        var pack = await Processes.Run(root, "dotnet", ["pack", "templates/LibreFang.Sidecar.Templates", "-c", "Release", "-o", _work, "-nologo", $"-p:Version={version}"], StepTimeout, OwnEnvironment);
        Assert.True(pack.Code == 0, pack.Describe("dotnet pack templates"));
        Assert.DoesNotContain("missing a readme", pack.Stdout);
        Assert.DoesNotMatch(": warning ", pack.Stdout);
        var package = Path.Combine(_work, $"LibreFang.Sidecar.Templates.{version}.nupkg");
        using (var zip = ZipFile.OpenRead(package))
        {
            using var nuspec = new StreamReader(zip.Entries.Single(e => e.FullName.EndsWith(".nuspec", StringComparison.Ordinal)).Open());
            Assert.Contains("<readme>README.md</readme>", await nuspec.ReadToEndAsync());
            Assert.Contains(zip.Entries, e => e.FullName == "README.md");
        }

        var hive = Path.Combine(_work, "hive");
        var install = await Processes.Run(_work, "dotnet", ["new", "install", package, "--debug:custom-hive", hive], StepTimeout, OwnEnvironment);
        Assert.True(install.Code == 0, install.Describe("dotnet new install"));
        var feed = Path.Combine(_work, "some feed");
        await New("First", "--localFeed", feed);
        await New("Second");

        var first = ProjectGuids(Path.Combine(_work, "First", "First.sln"));
        var second = ProjectGuids(Path.Combine(_work, "Second", "Second.sln"));
        var template = ProjectGuids(Path.Combine(root, "templates", "LibreFang.Sidecar.Templates", "content", "librefang-sidecar", "MyAdapter.sln"));
        Assert.Equal(2, first.Count);
        Assert.Empty(first.Intersect(second));
        Assert.Empty(first.Union(second).Intersect(template));
        // Each project's GUID is used consistently inside its solution (the configuration rows follow the declaration).
        var firstText = File.ReadAllText(Path.Combine(_work, "First", "First.sln"));
        Assert.All(first, guid => Assert.Equal(5, Regex.Matches(firstText, Regex.Escape(guid)).Count));

        Assert.Contains($"Version=\"{version}\"", File.ReadAllText(Path.Combine(_work, "First", "src", "First", "First.csproj")));
        Assert.Contains($"\"version\": \"{version}\"", File.ReadAllText(Path.Combine(_work, "First", ".config", "dotnet-tools.json")));

        var withFeed = XDocument.Load(Path.Combine(_work, "First", "nuget.config"));
        Assert.Equal(feed, Assert.Single(withFeed.Descendants("add")).Attribute("value")?.Value);
        var withoutFeed = File.ReadAllText(Path.Combine(_work, "Second", "nuget.config"));
        Assert.Empty(XDocument.Parse(withoutFeed).Descendants("add"));
        Assert.Contains("<!-- <add key=\"librefang-local\" value=", withoutFeed);

        async Task New(string name, params string[] options)
        {
            var made = await Processes.Run(_work, "dotnet", ["new", "librefang-sidecar", "-n", name, "-o", name, "--debug:custom-hive", hive, .. options], StepTimeout, OwnEnvironment);
            Assert.True(made.Code == 0, made.Describe($"dotnet new librefang-sidecar -n {name}"));
        }
    }

    [Fact]
    public void The_adapter_project_publishes_with_the_samples_size_settings()
    {
        var root = Processes.RepositoryRoot();
        var samples = Properties(Path.Combine(root, "samples", "Directory.Build.props"));
        var template = Properties(Path.Combine(root, "templates", "LibreFang.Sidecar.Templates", "content", "librefang-sidecar", "src", "MyAdapter", "MyAdapter.csproj"));
        string[] sizeSettings =
        [
            "PublishAot", "InvariantGlobalization", "OptimizationPreference", "UseSystemResourceKeys", "EventSourceSupport",
            "StackTraceSupport", "DebugType", "PublishReferencesDocumentationFiles", "PublishDocumentationFile", "AllowedReferenceRelatedFileExtensions",
        ];
        Assert.All(sizeSettings, name =>
        {
            Assert.True(samples.ContainsKey(name), $"samples/Directory.Build.props no longer sets {name}");
            Assert.True(template.TryGetValue(name, out var value), $"the template's adapter project does not set {name}");
            Assert.Equal(samples[name], value);
        });
    }

    private static Dictionary<string, string> Properties(string project) =>
        XDocument.Load(project).Descendants("PropertyGroup").Elements().GroupBy(e => e.Name.LocalName).ToDictionary(g => g.Key, g => g.Last().Value.Trim());

    private static List<string> ProjectGuids(string solution) =>
        ProjectLine().Matches(File.ReadAllText(solution)).Select(m => m.Groups[1].Value).ToList();

    [GeneratedRegex(@"^Project\(""\{[^}]+\}""\) = ""[^""]+"", ""[^""]+"", ""\{([0-9A-Fa-f-]+)\}""", RegexOptions.Multiline)]
    private static partial Regex ProjectLine();

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
