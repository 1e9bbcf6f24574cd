using System.Text.RegularExpressions;

namespace LibreFang.Sidecar.Package.Tests;

/// <summary>
/// The <c>[[sidecar_channels]]</c> block is explained once, in docs/getting-started.md; every other Markdown file that
/// shows one (samples, the template's README) uses the same keys in the same order and links to that explanation.
/// </summary>
public sealed partial class SidecarChannelsSnippetTests
{
    private const string Anchor = "getting-started.md#running-it-under-librefang";

    [Fact]
    public void Every_snippet_has_the_documented_shape_and_links_to_its_explanation()
    {
        var root = Processes.RepositoryRoot();
        var guide = File.ReadAllText(Path.Combine(root, "docs", "getting-started.md"));
        Assert.Contains("## Running it under LibreFang", guide);
        var documented = Shape(Assert.Single(Snippets(guide)));
        Assert.Equal(["name", "command", "channel_type"], documented.Keys);

        var others = Directory.EnumerateFiles(root, "*.md", SearchOption.AllDirectories)
            .Where(f => !f.Contains($"{Path.DirectorySeparatorChar}bin{Path.DirectorySeparatorChar}") && !f.Contains($"{Path.DirectorySeparatorChar}obj{Path.DirectorySeparatorChar}")
                && !f.Contains($"{Path.DirectorySeparatorChar}artifacts{Path.DirectorySeparatorChar}") && Path.GetFileName(f) != "getting-started.md")
            .Select(f => (File: Path.GetRelativePath(root, f), Text: File.ReadAllText(f)))
            .Where(f => Snippets(f.Text).Any())
            .ToList();
        Assert.Contains(others, f => f.File.StartsWith("templates", StringComparison.Ordinal));
        Assert.Contains(others, f => f.File.StartsWith("samples", StringComparison.Ordinal));
        Assert.All(others, file =>
        {
            Assert.True(file.Text.Contains(Anchor, StringComparison.Ordinal), $"{file.File} does not link to {Anchor}");
            foreach (var snippet in Snippets(file.Text))
            {
                var shape = Shape(snippet);
                Assert.True(documented.Keys.SequenceEqual(shape.Keys), $"{file.File}: keys {string.Join(", ", shape.Keys)}, documented {string.Join(", ", documented.Keys)}");
                Assert.True(shape.ChannelTypeIsName, $"{file.File}: channel_type differs from name");
                Assert.True(shape.Command.StartsWith("/opt/librefang/adapters/", StringComparison.Ordinal), $"{file.File}: command {shape.Command}");
                Assert.True(shape.HasEnvTable, $"{file.File}: no [sidecar_channels.env] table");
            }
        });
    }

    private sealed record SnippetShape(List<string> Keys, bool ChannelTypeIsName, string Command, bool HasEnvTable);

    private static SnippetShape Shape(string snippet)
    {
        var lines = snippet.Split('\n').Select(l => l.Trim()).ToList();
        var table = lines.SkipWhile(l => l != "[[sidecar_channels]]").Skip(1).TakeWhile(l => !l.StartsWith('[')).Where(l => l.Length > 0 && !l.StartsWith('#')).ToList();
        var values = table.Select(l => KeyValue().Match(l)).Where(m => m.Success).ToDictionary(m => m.Groups[1].Value, m => m.Groups[2].Value);
        return new SnippetShape(
            table.Select(l => KeyValue().Match(l).Groups[1].Value).ToList(),
            values.TryGetValue("name", out var name) && values.TryGetValue("channel_type", out var type) && name == type,
            values.GetValueOrDefault("command", ""),
            lines.Contains("[sidecar_channels.env]"));
    }

    private static IEnumerable<string> Snippets(string markdown) =>
        TomlBlock().Matches(markdown.Replace("\r\n", "\n")).Select(m => m.Groups[1].Value).Where(b => b.Contains("[[sidecar_channels]]", StringComparison.Ordinal));

    [GeneratedRegex(@"^```toml\n(.*?)^```", RegexOptions.Multiline | RegexOptions.Singleline)]
    private static partial Regex TomlBlock();

    [GeneratedRegex(@"^([a-z_]+)\s*=\s*""([^""]*)""")]
    private static partial Regex KeyValue();
}
