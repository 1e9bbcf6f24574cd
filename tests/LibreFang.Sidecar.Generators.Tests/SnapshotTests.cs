namespace LibreFang.Sidecar.Generators.Tests;

/// <summary>The generated source, approved file by file.</summary>
public sealed class SnapshotTests
{
    [Fact]
    public void Minimal_adapter() => Verify("Minimal", "Demo.MinimalAdapter.g.cs", Sources.Minimal);

    [Fact]
    public void Full_adapter() => Verify("Full", "Demo.Full.FullAdapter.g.cs", Sources.Full);

    [Fact]
    public void Nested_adapter_inside_a_generic_type() => Verify("Nested", "Demo.Nested.Platform_TClient_.Inner.NestedAdapter.g.cs", Sources.Nested);

    [Fact]
    public void Adapter_in_the_global_namespace() => Verify("GlobalNamespace", "GlobalAdapter.g.cs", Sources.GlobalNamespace);

    [Fact]
    public void Two_adapters_in_one_project()
    {
        var (output, diagnostics, run) = GeneratorHarness.Run(Sources.Minimal, Sources.Second);

        Assert.Empty(diagnostics);
        var generated = GeneratorHarness.Generated(run);
        Assert.Equal(["Demo.MinimalAdapter.g.cs", "Demo.SecondAdapter.g.cs"], generated.Keys.Order());
        Snapshot.Match("TwoAdapters.Minimal", generated["Demo.MinimalAdapter.g.cs"]);
        Snapshot.Match("TwoAdapters.Second", generated["Demo.SecondAdapter.g.cs"]);
        GeneratorHarness.Load(output);
    }

    private static void Verify(string name, string hintName, string source)
    {
        var (output, diagnostics, run) = GeneratorHarness.Run(source);

        Assert.Empty(diagnostics);
        var generated = GeneratorHarness.Generated(run);
        Assert.Equal([hintName], generated.Keys);
        Snapshot.Match(name, generated[hintName]);
        // The generated code compiles without a warning together with the adapter.
        GeneratorHarness.Load(output);
    }
}

public sealed class SnapshotHelperTests : IDisposable
{
    private readonly string _directory = Path.Combine(Path.GetTempPath(), "snapshots-" + Guid.NewGuid().ToString("N"));

    [Fact]
    public void A_missing_approval_fails_and_writes_the_received_file()
    {
        var error = Assert.ThrowsAny<Exception>(() => Snapshot.Match(_directory, "x", "code\n", accept: false));

        Assert.Contains("no approved snapshot", error.Message);
        Assert.Equal("code\n", File.ReadAllText(Path.Combine(_directory, "x.received.cs")));
    }

    [Fact]
    public void A_difference_names_the_first_differing_line()
    {
        Snapshot.Match(_directory, "x", "a\nb\nc\n", accept: true);

        var error = Assert.ThrowsAny<Exception>(() => Snapshot.Match(_directory, "x", "a\nB\nc\n", accept: false));

        Assert.Contains("line 2: expected `b` but got `B`", error.Message);
    }

    [Fact]
    public void A_match_passes_ignoring_line_endings_and_a_bom_and_removes_a_stale_received_file()
    {
        Snapshot.Match(_directory, "x", "a\r\nb\r\n", accept: true);
        File.WriteAllText(Path.Combine(_directory, "x.received.cs"), "stale");

        Snapshot.Match(_directory, "x", "\uFEFFa\nb\n", accept: false);

        Assert.False(File.Exists(Path.Combine(_directory, "x.received.cs")));
    }

    public void Dispose()
    {
        if (Directory.Exists(_directory))
        {
            Directory.Delete(_directory, recursive: true);
        }
    }
}
