using System.IO.Pipelines;
using System.Text;

namespace LibreFang.Sidecar.Generators.Tests;

/// <summary>
/// The inheritance policy of the shared conventions: [OnCommand] methods, the producer and the hooks declared on a
/// base class belong to the adapter and are dispatched. (The analyzer suite checks that the same handlers count as
/// handled.)
/// </summary>
public sealed class InheritanceTests
{
    private const string BaseAndDerived = """
        using System.Threading;
        using System.Threading.Tasks;
        using LibreFang.Sidecar;
        namespace Demo;

        public abstract class EchoBase
        {
            [OnCommand]
            protected ValueTask OnSend(SendCommand send, IEventEmitter events, CancellationToken cancellationToken) =>
                events.EmitAsync(new MessageBuilder("u", "U").Text("base:" + send.Text).ChannelId(send.ChannelId).Build(), cancellationToken);

            [OnCommand]
            protected virtual ValueTask OnTyping(TypingCommand typing, IEventEmitter events, CancellationToken cancellationToken) => default;

            public virtual ReadyEvent ConfigureReady(ReadyEvent ready) => ready;
        }

        [SidecarAdapter("inherited")]
        public sealed partial class InheritedAdapter : EchoBase
        {
            // An override without the attribute: the base slot is the handler, and the call reaches this body.
            protected override ValueTask OnTyping(TypingCommand typing, IEventEmitter events, CancellationToken cancellationToken) =>
                events.EmitAsync(new MessageBuilder("u", "U").Text("typing-override").ChannelId(typing.ChannelId).Build(), cancellationToken);

            public override ReadyEvent ConfigureReady(ReadyEvent ready) => ready with { AccountId = "overridden" };
        }
        """;

    [Fact]
    public async Task A_handler_declared_on_a_base_class_is_dispatched()
    {
        var (output, diagnostics, run) = GeneratorHarness.Run(BaseAndDerived);
        Assert.Empty(diagnostics);
        var generated = GeneratorHarness.Generated(run)["Demo.InheritedAdapter.g.cs"];
        Assert.Contains("OnSend(", generated, StringComparison.Ordinal);
        var adapter = GeneratorHarness.Load(output).GetType("Demo.InheritedAdapter", throwOnError: true)!;

        var lines = await RunSessionAsync(adapter,
        [
            """{"method":"ready_ack"}""",
            """{"method":"send","params":{"channel_id":"c1","text":"hi","user":{"platform_id":"c1","display_name":"A","librefang_user":null}}}""",
            """{"method":"typing","params":{"channel_id":"c1"}}""",
            """{"method":"shutdown"}""",
        ]);

        Assert.True(lines.Any(l => l.Contains("\"text\":\"base:hi\"", StringComparison.Ordinal)), string.Join("\n", lines));
        Assert.True(lines.Any(l => l.Contains("\"text\":\"typing-override\"", StringComparison.Ordinal)), string.Join("\n", lines));
        Assert.Contains("\"account_id\":\"overridden\"", lines[0], StringComparison.Ordinal);
        // Both handlers make the typing capability inferred, exactly as for handlers declared on the class.
        Assert.Contains("\"typing\"", lines[0], StringComparison.Ordinal);
    }

    [Fact]
    public void A_handler_overridden_with_the_attribute_on_both_is_dispatched_once()
    {
        var (output, diagnostics, run) = GeneratorHarness.Run("""
            using System.Threading.Tasks;
            using LibreFang.Sidecar;
            namespace Demo;

            public abstract class Base
            {
                [OnCommand] protected virtual ValueTask OnSend(SendCommand send) => default;
            }

            [SidecarAdapter("override")]
            public sealed partial class OverrideAdapter : Base
            {
                [OnCommand] protected override ValueTask OnSend(SendCommand send) => default;
            }
            """);

        Assert.Empty(diagnostics);
        var generated = GeneratorHarness.Generated(run)["Demo.OverrideAdapter.g.cs"];
        Assert.DoesNotContain("Not available", generated, StringComparison.Ordinal);
        Assert.Single(System.Text.RegularExpressions.Regex.Matches(generated, @"OnSend\("));
        GeneratorHarness.Load(output);
    }

    [Fact]
    public void A_private_handler_on_a_base_class_leaves_only_the_stub()
    {
        var (output, diagnostics, run) = GeneratorHarness.Run("""
            using System.Threading.Tasks;
            using LibreFang.Sidecar;
            namespace Demo;

            public abstract class Base
            {
                [OnCommand] private ValueTask OnSend(SendCommand send) => default;
            }

            [SidecarAdapter("private")]
            public sealed partial class PrivateBaseAdapter : Base
            {
            }
            """);

        Assert.Empty(diagnostics);
        Assert.Contains("Not available", GeneratorHarness.Generated(run)["Demo.PrivateBaseAdapter.g.cs"], StringComparison.Ordinal);
        Assert.Empty(output.GetDiagnostics().Where(d => d.Severity == Microsoft.CodeAnalysis.DiagnosticSeverity.Error));
    }

    [Fact]
    public void A_producer_declared_on_a_base_class_is_the_adapters_producer()
    {
        var (output, _, run) = GeneratorHarness.Run("""
            using System.Threading;
            using System.Threading.Tasks;
            using LibreFang.Sidecar;
            namespace Demo;

            public abstract class Base
            {
                protected Task ProduceAsync(IEventEmitter events, CancellationToken cancellationToken) => Task.CompletedTask;
            }

            [SidecarAdapter("producer", IgnoredCommands = new[] { typeof(SendCommand) })]
            public sealed partial class ProducerAdapter : Base
            {
            }
            """);

        Assert.Contains("ISidecarAdapter.ProduceAsync(", GeneratorHarness.Generated(run)["Demo.ProducerAdapter.g.cs"], StringComparison.Ordinal);
        GeneratorHarness.Load(output);
    }

    private static async Task<List<string>> RunSessionAsync(Type adapter, string[] input)
    {
        var stdin = new MemoryStream(Encoding.UTF8.GetBytes(string.Concat(input.Select(l => l + "\n"))));
        var stdout = new Pipe();
        var options = new SidecarHostOptions { Settings = new DictionarySettings(new Dictionary<string, string>()), Log = new SidecarLog(TextWriter.Null) };
        var run = typeof(SidecarHost).GetMethods().Single(m => m.Name == nameof(SidecarHost.RunAsync) && m.IsGenericMethod && m.GetParameters().Length == 5)
            .MakeGenericMethod(adapter);
        var code = await ((Task<int>)run.Invoke(null, [Array.Empty<string>(), stdin, stdout.Writer.AsStream(), options, CancellationToken.None])!).WaitAsync(TimeSpan.FromSeconds(20));
        Assert.Equal(0, code);
        await stdout.Writer.CompleteAsync();
        var text = await new StreamReader(stdout.Reader.AsStream()).ReadToEndAsync();
        return text.Split('\n', StringSplitOptions.RemoveEmptyEntries).ToList();
    }
}
