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
