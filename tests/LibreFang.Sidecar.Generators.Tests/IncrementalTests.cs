using System.Collections;
using System.Reflection;
using LibreFang.Sidecar.Generators.Model;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;

namespace LibreFang.Sidecar.Generators.Tests;

/// <summary>The pipeline caches: edits that do not change an adapter's model do no work downstream.</summary>
public sealed class IncrementalTests
{
    private static readonly string[] TrackedSteps =
        [SidecarAdapterGenerator.Steps.Results, SidecarAdapterGenerator.Steps.Models];

    [Fact]
    public void Rerunning_on_the_same_compilation_leaves_every_step_cached()
    {
        var compilation = GeneratorHarness.Compile(Sources.Full);
        var driver = GeneratorHarness.Driver().RunGenerators(compilation);

        driver = driver.RunGenerators(compilation);

        AssertAllOutputs(driver, IncrementalStepRunReason.Cached);
    }

    [Theory]
    [InlineData("Seen.Add(c); return", "Seen.Add(c); Seen.Add(c); return")]
    [InlineData("produced ", "produced now ")]
    public void Editing_a_handler_or_producer_body_leaves_the_model_unchanged(string oldText, string newText)
    {
        var compilation = GeneratorHarness.Compile(Sources.Full);
        var driver = GeneratorHarness.Driver().RunGenerators(compilation);
        var edited = Replace(compilation, oldText, newText);

        driver = driver.RunGenerators(edited);

        AssertAllOutputs(driver, IncrementalStepRunReason.Cached, IncrementalStepRunReason.Unchanged);
    }

    [Fact]
    public void Adding_an_unrelated_file_or_type_leaves_the_model_unchanged()
    {
        var compilation = GeneratorHarness.Compile(Sources.Full);
        var driver = GeneratorHarness.Driver().RunGenerators(compilation);
        var edited = compilation.AddSyntaxTrees(CSharpSyntaxTree.ParseText("namespace Other; public sealed class Unrelated { public int X { get; set; } }", GeneratorHarness.ParseOptions, path: "Other.cs"));

        driver = driver.RunGenerators(edited);

        AssertAllOutputs(driver, IncrementalStepRunReason.Cached, IncrementalStepRunReason.Unchanged);
    }

    [Fact]
    public void Adding_a_second_adapter_runs_new_work_for_it_only()
    {
        var compilation = GeneratorHarness.Compile(Sources.Minimal);
        var driver = GeneratorHarness.Driver().RunGenerators(compilation);
        var edited = compilation.AddSyntaxTrees(CSharpSyntaxTree.ParseText(Sources.Second, GeneratorHarness.ParseOptions, path: "Second.cs"));

        driver = driver.RunGenerators(edited);

        var models = driver.GetRunResult().Results[0].TrackedSteps[SidecarAdapterGenerator.Steps.Models];
        var reasons = models.SelectMany(s => s.Outputs).Select(o => o.Reason).ToList();
        Assert.Equal(2, reasons.Count);
        Assert.Single(reasons, r => r == IncrementalStepRunReason.New);
        Assert.Single(reasons, r => r is IncrementalStepRunReason.Cached or IncrementalStepRunReason.Unchanged);
    }

    [Fact]
    public void Changing_a_handlers_command_type_modifies_the_model()
    {
        var compilation = GeneratorHarness.Compile(Sources.Second);
        var driver = GeneratorHarness.Driver().RunGenerators(compilation);
        var edited = Replace(compilation, "OnTyping(TypingCommand typing)", "OnTyping(HeartbeatCommand typing)");

        driver = driver.RunGenerators(edited);

        var reasons = driver.GetRunResult().Results[0].TrackedSteps[SidecarAdapterGenerator.Steps.Models].SelectMany(s => s.Outputs).Select(o => o.Reason);
        Assert.Equal([IncrementalStepRunReason.Modified], reasons);
    }

    // The transform's own cache (AdapterModelCache): when another file changed only inside a method body, the
    // earlier model is returned as it was, without reading the class again.
    [Fact]
    public void A_body_edit_in_another_file_keeps_the_model_without_reading_the_class_again()
    {
        var compilation = GeneratorHarness.Compile(Sources.Minimal, OtherFile);
        var driver = GeneratorHarness.Driver().RunGenerators(compilation);
        var before = ResultModel(driver);
        var reads = AdapterModelBuilder.ReadsOnThisThread;

        driver = driver.RunGenerators(Replace(compilation, "x * 2", "x * 3"));

        Assert.Equal(reads, AdapterModelBuilder.ReadsOnThisThread);
        Assert.NotNull(before);
        Assert.Equal(before, ResultModel(driver));
    }

    [Fact]
    public void A_declaration_edit_in_another_file_reads_the_class_again()
    {
        var compilation = GeneratorHarness.Compile(Sources.Minimal, OtherFile);
        var driver = GeneratorHarness.Driver().RunGenerators(compilation);
        var before = ResultModel(driver);
        var reads = AdapterModelBuilder.ReadsOnThisThread;

        driver = driver.RunGenerators(Replace(compilation, "public int Compute", "public int Extra { get; set; }\n    public int Compute"));

        Assert.Equal(reads + 1, AdapterModelBuilder.ReadsOnThisThread);
        Assert.Equal(before, ResultModel(driver));
    }

    [Fact]
    public void A_constant_changed_in_another_file_reaches_the_generated_schema()
    {
        const string adapter = """
            using LibreFang.Sidecar;
            namespace Demo;
            [SidecarAdapter("keyed")]
            public sealed partial class KeyedAdapter
            {
                [ConfigField(Keys.Token)] public string Token { get; set; } = "";
                [OnCommand] private void OnSend(SendCommand send) { }
            }
            """;
        const string keys = "namespace Demo; public static class Keys { public const string Token = \"OLD_TOKEN\"; public static int Twice(int x) => x * 2; }";
        var compilation = GeneratorHarness.Compile(adapter, keys);
        var driver = GeneratorHarness.Driver().RunGenerators(compilation);
        Assert.Contains("OLD_TOKEN", GeneratedText(driver));

        driver = driver.RunGenerators(Replace(compilation, "\"OLD_TOKEN\"", "\"NEW_TOKEN\""));

        Assert.Contains("NEW_TOKEN", GeneratedText(driver));
        Assert.DoesNotContain("OLD_TOKEN", GeneratedText(driver));
    }

    [Fact]
    public void A_handler_added_in_another_part_of_the_class_reaches_the_dispatch()
    {
        const string part = """
            using LibreFang.Sidecar;
            namespace Demo;
            public sealed partial class MinimalAdapter
            {
                private void Helper(TypingCommand typing) { }
            }
            """;
        var compilation = GeneratorHarness.Compile(Sources.Minimal, part);
        var driver = GeneratorHarness.Driver().RunGenerators(compilation);
        Assert.DoesNotContain("Helper(", GeneratedText(driver));

        driver = driver.RunGenerators(Replace(compilation, "private void Helper", "[OnCommand] private void Helper"));

        Assert.Contains("Helper(", GeneratedText(driver));
    }

    [Theory]
    [InlineData("#nullable enable\n")]
    [InlineData("using static System.Math;\n")]
    public void A_directive_or_using_added_to_another_file_reads_the_class_again(string prefix)
    {
        var compilation = GeneratorHarness.Compile(Sources.Minimal, OtherFile);
        var driver = GeneratorHarness.Driver().RunGenerators(compilation);
        var reads = AdapterModelBuilder.ReadsOnThisThread;

        driver = driver.RunGenerators(Replace(compilation, "namespace Other;", prefix + "namespace Other;"));

        Assert.Equal(reads + 1, AdapterModelBuilder.ReadsOnThisThread);
    }

    private const string OtherFile = "namespace Other; public sealed class Unrelated { public int Compute(int x) => x * 2; }";

    private static object? ResultModel(GeneratorDriver driver) =>
        Assert.Single(driver.GetRunResult().Results[0].TrackedSteps[SidecarAdapterGenerator.Steps.Results].SelectMany(s => s.Outputs)).Value;

    private static string GeneratedText(GeneratorDriver driver) =>
        string.Concat(driver.GetRunResult().GeneratedTrees.Select(t => t.ToString()));

    [Fact]
    public void No_model_type_holds_a_symbol_compilation_syntax_node_location_or_plain_collection()
    {
        var modelTypes = typeof(SidecarAdapterGenerator).Assembly.GetTypes().Where(t => t.Namespace == typeof(AdapterModel).Namespace && !t.IsAbstract);
        var checkedTypes = new HashSet<Type>();
        foreach (var type in modelTypes.Where(t => t.Name.EndsWith("Model", StringComparison.Ordinal)))
        {
            Walk(type, checkedTypes, type.Name);
        }
        Assert.Contains(typeof(AdapterModel), checkedTypes);
        Assert.Contains(typeof(HandlerModel), checkedTypes);
    }

    private static void Walk(Type type, HashSet<Type> seen, string path)
    {
        if (!seen.Add(type) || type.IsPrimitive || type.IsEnum || type == typeof(string))
        {
            return;
        }
        Assert.False(typeof(ISymbol).IsAssignableFrom(type), $"{path} holds an ISymbol");
        Assert.False(typeof(Compilation).IsAssignableFrom(type), $"{path} holds a Compilation");
        Assert.False(typeof(SyntaxNode).IsAssignableFrom(type), $"{path} holds a SyntaxNode");
        Assert.False(typeof(Location).IsAssignableFrom(type), $"{path} holds a Location");
        if (type.IsGenericType && type.GetGenericTypeDefinition() == typeof(EquatableArray<>))
        {
            Walk(type.GetGenericArguments()[0], seen, path + "[]");
            return;
        }
        if (type.IsGenericType && type.GetGenericTypeDefinition() == typeof(Nullable<>))
        {
            Walk(type.GetGenericArguments()[0], seen, path);
            return;
        }
        Assert.False(typeof(IEnumerable).IsAssignableFrom(type), $"{path} is a collection without value equality ({type})");
        foreach (var field in type.GetFields(BindingFlags.Instance | BindingFlags.Public | BindingFlags.NonPublic))
        {
            Walk(field.FieldType, seen, path + "." + field.Name);
        }
    }

    private static Compilation Replace(Compilation compilation, string oldText, string newText)
    {
        var tree = compilation.SyntaxTrees.Single(t => t.ToString().Contains(oldText, StringComparison.Ordinal));
        return compilation.ReplaceSyntaxTree(tree, tree.WithChangedText(Microsoft.CodeAnalysis.Text.SourceText.From(tree.ToString().Replace(oldText, newText, StringComparison.Ordinal))));
    }

    private static void AssertAllOutputs(GeneratorDriver driver, params IncrementalStepRunReason[] allowed)
    {
        var result = driver.GetRunResult().Results[0];
        Assert.True(result.TrackedSteps.ContainsKey(SidecarAdapterGenerator.Steps.Results), "the results step did not run");
        Assert.True(result.TrackedSteps.ContainsKey(SidecarAdapterGenerator.Steps.Models), "the models step did not run");
        foreach (var step in TrackedSteps)
        {
            if (!result.TrackedSteps.TryGetValue(step, out var runs))
            {
                continue;
            }
            foreach (var output in runs.SelectMany(r => r.Outputs))
            {
                Assert.True(allowed.Contains(output.Reason), $"step {step} produced {output.Reason}");
            }
        }
        Assert.All(result.TrackedOutputSteps.SelectMany(s => s.Value).SelectMany(r => r.Outputs),
            output => Assert.True(allowed.Contains(output.Reason), $"an output step produced {output.Reason}"));
    }
}
