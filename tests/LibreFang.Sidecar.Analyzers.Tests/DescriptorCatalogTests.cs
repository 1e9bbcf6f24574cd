using System.Text.RegularExpressions;
using LibreFang.Sidecar.Analyzers.CodeFixes;
using LibreFang.Sidecar.Analyzers.Tests.Infrastructure;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CodeFixes;
using Microsoft.CodeAnalysis.Diagnostics;

namespace LibreFang.Sidecar.Analyzers.Tests;

/// <summary>The catalogue, the analyzers, the fixes, the docs and the release-tracking files agree with each other.</summary>
public sealed class DescriptorCatalogTests
{
    public static TheoryData<string> Ids()
    {
        var data = new TheoryData<string>();
        foreach (var descriptor in DiagnosticDescriptors.All)
        {
            data.Add(descriptor.Id);
        }
        return data;
    }

    [Fact]
    public void Ids_are_unique_and_inside_the_documented_ranges()
    {
        var ids = DiagnosticDescriptors.All.Select(d => d.Id).ToList();
        Assert.Equal(ids.Count, ids.Distinct().Count());
        Assert.All(ids, id => Assert.Matches(@"^LFS0[0-6]\d\d$", id));
    }

    [Fact]
    public void Every_shared_adapter_rule_has_a_descriptor_and_no_two_share_one()
    {
        var rules = Enum.GetValues<LibreFang.Sidecar.Roslyn.AdapterRule>();
        var descriptors = rules.Select(DiagnosticDescriptors.For).ToList();
        Assert.Equal(rules.Length, descriptors.Distinct().Count());
        Assert.All(descriptors, d => Assert.Contains(d, DiagnosticDescriptors.All));
        Assert.Equal(Enumerable.Range(1, 14).Append(20).Select(i => $"LFS{i:0000}"), descriptors.Select(d => d.Id).Order());
    }

    [Fact]
    public void A_rule_leaves_the_generator_only_a_stub_exactly_when_its_diagnostic_is_an_error()
    {
        foreach (var rule in Enum.GetValues<LibreFang.Sidecar.Roslyn.AdapterRule>())
        {
            var problem = new LibreFang.Sidecar.Roslyn.AdapterProblem(rule, Location.None);
            Assert.Equal(DiagnosticDescriptors.For(rule).DefaultSeverity == DiagnosticSeverity.Error, problem.PreventsGeneration);
        }
    }

    [Fact]
    public void Help_links_are_built_from_the_one_repository_url_in_Directory_Build_props()
    {
        var props = System.Xml.Linq.XDocument.Load(RepositoryPaths.Combine("Directory.Build.props"));
        var urls = props.Descendants("RepositoryUrl").Select(e => e.Value.Trim()).ToList();
        var url = Assert.Single(urls);

        Assert.Equal(LibreFang.Sidecar.Roslyn.RepositoryInfo.Url, url);
        Assert.Equal(DiagnosticDescriptors.HelpLinkBase, url + "/blob/main/docs/diagnostics/");
        // The address is written nowhere else in the Roslyn sources.
        foreach (var file in new[] { "src/LibreFang.Sidecar.Analyzers", "src/LibreFang.Sidecar.Analyzers.CodeFixes", "src/LibreFang.Sidecar.Generators", "src/Shared" }
            .SelectMany(d => Directory.EnumerateFiles(RepositoryPaths.Combine(d), "*.cs", SearchOption.AllDirectories))
            .Where(f => !f.Contains(Path.DirectorySeparatorChar + "obj" + Path.DirectorySeparatorChar, StringComparison.Ordinal)))
        {
            Assert.DoesNotContain("github.com/librefang", File.ReadAllText(file), StringComparison.Ordinal);
        }
    }

    [Theory]
    [MemberData(nameof(Ids))]
    public void Every_descriptor_links_to_its_docs_page_and_the_page_exists_and_names_it(string id)
    {
        var descriptor = DiagnosticDescriptors.All.Single(d => d.Id == id);
        Assert.Equal($"{LibreFang.Sidecar.Roslyn.RepositoryInfo.Url}/blob/main/docs/diagnostics/{id}.md", descriptor.HelpLinkUri);

        var page = RepositoryPaths.Combine("docs", "diagnostics", id + ".md");
        Assert.True(File.Exists(page), $"missing docs page {page}");
        var text = File.ReadAllText(page);
        Assert.StartsWith($"# {id}: {descriptor.Title}", text, StringComparison.Ordinal);
        foreach (var section in new[] { "## What it flags", "## Why it matters for a sidecar", "## How to fix", "## Example" })
        {
            Assert.Contains(section, text, StringComparison.Ordinal);
        }
        Assert.Contains($"| severity | {descriptor.DefaultSeverity.ToString().ToLowerInvariant()} |", text, StringComparison.Ordinal);

        var index = File.ReadAllText(RepositoryPaths.Combine("docs", "diagnostics", "README.md"));
        Assert.Contains($"[{id}]({id}.md)", index, StringComparison.Ordinal);
    }

    [Fact]
    public void The_release_tracking_files_list_exactly_the_catalogue()
    {
        var directory = RepositoryPaths.Combine("src", "LibreFang.Sidecar.Analyzers");
        var rows = new[] { "AnalyzerReleases.Shipped.md", "AnalyzerReleases.Unshipped.md" }
            .SelectMany(file => File.ReadAllLines(Path.Combine(directory, file)))
            .Select(line => Regex.Match(line, @"^(LFS\d{4})\s*\|\s*([^|]+?)\s*\|\s*(\w+)\s*\|"))
            .Where(match => match.Success)
            .ToList();

        Assert.Equal(
            DiagnosticDescriptors.All.Select(d => d.Id).OrderBy(id => id),
            rows.Select(r => r.Groups[1].Value).OrderBy(id => id));
        foreach (var row in rows)
        {
            var descriptor = DiagnosticDescriptors.All.Single(d => d.Id == row.Groups[1].Value);
            Assert.Equal(descriptor.Category, row.Groups[2].Value);
            Assert.Equal(descriptor.DefaultSeverity.ToString(), row.Groups[3].Value);
        }
    }

    [Fact]
    public void The_analyzers_report_every_descriptor_and_nothing_else()
    {
        var supported = AnalyzerTypes<DiagnosticAnalyzer>(typeof(DiagnosticDescriptors).Assembly)
            .SelectMany(analyzer => analyzer.SupportedDiagnostics)
            .Select(d => d.Id)
            .ToList();
        Assert.Equal(DiagnosticDescriptors.All.Select(d => d.Id).OrderBy(id => id), supported.OrderBy(id => id));
    }

    [Fact]
    public void Every_code_fix_fixes_catalogued_ids_and_offers_fix_all()
    {
        var fixes = AnalyzerTypes<CodeFixProvider>(typeof(StdoutWriteCodeFixProvider).Assembly).ToList();
        Assert.NotEmpty(fixes);
        foreach (var fix in fixes)
        {
            Assert.All(fix.FixableDiagnosticIds, id => Assert.Contains(DiagnosticDescriptors.All, d => d.Id == id));
            Assert.NotNull(fix.GetFixAllProvider());
        }
        var fixable = fixes.SelectMany(f => f.FixableDiagnosticIds).ToHashSet();
        Assert.Equal(
            new[] { "LFS0101", "LFS0201", "LFS0202", "LFS0501", "LFS0502", "LFS0601" },
            fixable.OrderBy(id => id));
    }

    private static IEnumerable<T> AnalyzerTypes<T>(System.Reflection.Assembly assembly) =>
        assembly.GetTypes()
            .Where(t => typeof(T).IsAssignableFrom(t) && !t.IsAbstract)
            .Select(t => (T)Activator.CreateInstance(t)!);
}
