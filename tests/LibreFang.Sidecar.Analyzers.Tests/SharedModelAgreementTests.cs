extern alias generator;
using LibreFang.Sidecar.Analyzers.Model;
using LibreFang.Sidecar.Analyzers.Tests.Infrastructure;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using GeneratedModel = generator::LibreFang.Sidecar.Generators.Model.AdapterModel;
using Generator = generator::LibreFang.Sidecar.Generators.SidecarAdapterGenerator;

namespace LibreFang.Sidecar.Analyzers.Tests;

/// <summary>
/// The same adapter declarations through the generator (its pipeline model: what the dispatch calls) and through the
/// analyzers (what LFS0201/LFS0501/LFS0502 count as handled, what LFS0401/LFS0601 treat as the producer). The two
/// assemblies each compile the shared model; these tests check that their answers are the same.
/// </summary>
public sealed class SharedModelAgreementTests
{
    private const string Base = """
        public abstract class HandlersBase
        {
            [OnCommand] protected ValueTask OnSend(SendCommand send, IEventEmitter events, CancellationToken cancellationToken) => default;
            [OnCommand] protected virtual void OnTyping(TypingCommand typing) { }
            [OnCommand] private void OnReaction(ReactionCommand reaction) { }
        }

        public abstract class GenericBase<T>
        {
            [OnCommand] protected Task OnStreamStart(StreamStartCommand start) => Task.CompletedTask;
        }

        public abstract class ProducerBase
        {
            public Task ProduceAsync(IEventEmitter events, CancellationToken cancellationToken) => Task.CompletedTask;
        }

        public abstract class CatchAllBase
        {
            [OnCommand] protected void OnAny(Command command) { }
        }

        """;

    public static TheoryData<string, string> Declarations() => new()
    {
        { "own handlers", """
            [SidecarAdapter("a")] public sealed partial class Adapter
            {
                [OnCommand] private void OnSend(SendCommand send) { }
                [OnCommand] private ValueTask OnTyping(TypingCommand typing, CancellationToken cancellationToken) => default;
            }
            """ },
        { "inherited protected, overridden and private handlers", """
            [SidecarAdapter("a")] public sealed partial class Adapter : HandlersBase
            {
                protected override void OnTyping(TypingCommand typing) { }
            }
            """ },
        { "override that carries the attribute too", """
            [SidecarAdapter("a")] public sealed partial class Adapter : HandlersBase
            {
                [OnCommand] protected override void OnTyping(TypingCommand typing) { }
            }
            """ },
        { "duplicate across base and class", """
            [SidecarAdapter("a")] public sealed partial class Adapter : HandlersBase
            {
                [OnCommand] private void Again(SendCommand send) { }
            }
            """ },
        { "generic base", """
            [SidecarAdapter("a")] public sealed partial class Adapter : GenericBase<int>
            {
                [OnCommand] private void OnStreamDelta(StreamDeltaCommand delta) { }
                [OnCommand] private void OnStreamEnd(StreamEndCommand end) { }
            }
            """ },
        { "invalid signatures and runtime commands", """
            [SidecarAdapter("a")] public sealed partial class Adapter
            {
                [OnCommand] private int OnSend(SendCommand send) => 0;
                [OnCommand] private static void OnTyping(TypingCommand typing) { }
                [OnCommand] private void OnAck(ReadyAckCommand ack) { }
                [OnCommand] private void OnHeartbeat(HeartbeatCommand heartbeat) { }
            }
            """ },
        { "inherited catch-all", """
            [SidecarAdapter("a")] public sealed partial class Adapter : CatchAllBase { }
            """ },
        { "inherited producer", """
            [SidecarAdapter("a", IgnoredCommands = new[] { typeof(SendCommand) })] public sealed partial class Adapter : ProducerBase { }
            """ },
        { "producer of another shape", """
            [SidecarAdapter("a")] public sealed partial class Adapter
            {
                [OnCommand] private void OnSend(SendCommand send) { }
                public ValueTask ProduceAsync(IEventEmitter events) => default;
            }
            """ },
    };

    [Theory]
    [MemberData(nameof(Declarations))]
    public void What_the_generator_dispatches_is_what_the_analyzers_count_as_handled(string name, string declaration)
    {
        var compilation = DirectCompilation.Compile(Base + declaration);
        var generated = GeneratorModel(compilation);
        var symbols = SidecarSymbols.TryCreate(compilation)!;
        var type = compilation.GetTypeByMetadataName("Adapter")!;
        var analyzed = AdapterModel.Create(type, symbols, compilation, CancellationToken.None)!;

        var dispatched = generated.Dispatch.Where(d => d.Handler is not null || generated.CatchAll is not null).Select(d => d.CommandType).Order().ToList();
        var handled = symbols.Commands.All.Where(c => c.Demand != LibreFang.Sidecar.Roslyn.CommandDemand.Runtime && analyzed.Handles(c))
            .Select(c => c.Info.FullName).Order().ToList();
        Assert.True(dispatched.SequenceEqual(handled), $"{name}: dispatched [{string.Join(", ", dispatched)}], handled [{string.Join(", ", handled)}]");
        Assert.Equal(generated.CatchAll is not null, analyzed.HasCatchAllHandler);

        // A capability the generator infers from handlers is one whose commands the analyzers see all handled. (A
        // catch-all implies no capability, and the capability rules stand aside for it.)
        foreach (var (capability, commands) in generated.CatchAll is null ? symbols.Commands.CapabilityCommands : [])
        {
            Assert.Equal(commands.All(analyzed.Handles), generated.Capabilities.Contains(capability));
        }

        // The method the generated ISidecarAdapter.ProduceAsync calls is the one LFS0401 and LFS0601 treat as the producer.
        var producers = AllMethods(type).Where(symbols.IsProducer).ToList();
        if (generated.ProducerMethod is null)
        {
            Assert.Empty(producers);
        }
        else
        {
            Assert.Equal(generated.ProducerMethod, Assert.Single(producers).Name);
        }
    }

    [Fact]
    public void Both_command_catalogues_list_the_same_commands_with_the_same_demands()
    {
        var compilation = DirectCompilation.Compile(Base);
        var runtime = generator::LibreFang.Sidecar.Roslyn.RuntimeSymbols.Create(compilation)!;
        var generatorView = generator::LibreFang.Sidecar.Generators.Model.CommandCatalog.For(compilation, runtime).Commands
            .Select(c => (c.FullName, c.Name, Demand: c.Demand.ToString(), c.Capability)).ToList();
        var analyzerView = SidecarSymbols.TryCreate(compilation)!.Commands.All
            .Select(c => (c.Info.FullName, c.Info.Name, Demand: c.Demand.ToString(), c.Capability)).ToList();

        Assert.Equal(generatorView, analyzerView);
        Assert.Contains(analyzerView, c => c.Demand == "Optional");
        Assert.Contains(analyzerView, c => c.Demand == "Runtime");
        Assert.Contains(analyzerView, c => c.Demand == "CapabilityGated");
        Assert.Contains(analyzerView, c => c.Demand == "Required");
    }

    private static GeneratedModel GeneratorModel(Compilation compilation)
    {
        var driver = CSharpGeneratorDriver.Create([new Generator().AsSourceGenerator()], parseOptions: DirectCompilation.ParseOptions,
            driverOptions: new GeneratorDriverOptions(IncrementalGeneratorOutputKind.None, trackIncrementalGeneratorSteps: true));
        var run = driver.RunGenerators(compilation).GetRunResult().Results.Single();
        Assert.Empty(run.Diagnostics);
        return run.TrackedSteps[Generator.Steps.Models].SelectMany(s => s.Outputs).Select(o => (GeneratedModel)o.Value).Single();
    }

    private static IEnumerable<IMethodSymbol> AllMethods(INamedTypeSymbol type)
    {
        for (var current = type; current is not null; current = current.BaseType)
        {
            foreach (var method in current.GetMembers().OfType<IMethodSymbol>())
            {
                yield return method;
            }
        }
    }
}
