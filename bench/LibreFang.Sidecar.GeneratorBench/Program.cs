using System.Diagnostics;
using System.Globalization;
using LibreFang.Sidecar.Generators;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.Text;

// Measures the generator the way the IDE runs it: a cold run on a fresh driver, and an incremental run after a
// one-line edit in an unrelated file (the driver keeps its cached state). Medians of several rounds.
var rounds = args.Length > 0 ? int.Parse(args[0], CultureInfo.InvariantCulture) : 15;
const int adapters = 200;
const int unrelated = 2000;

var references = ((string)AppContext.GetData("TRUSTED_PLATFORM_ASSEMBLIES")!).Split(Path.PathSeparator)
    .Where(p => Path.GetFileName(p).StartsWith("System.", StringComparison.Ordinal) || Path.GetFileName(p) is "netstandard.dll")
    .Select(p => (MetadataReference)MetadataReference.CreateFromFile(p))
    .Append(MetadataReference.CreateFromFile(typeof(LibreFang.Sidecar.Command).Assembly.Location))
    .ToList();
var parse = new CSharpParseOptions(LanguageVersion.Latest);
var trees = new List<SyntaxTree>();
for (var i = 0; i < adapters; i++)
{
    trees.Add(CSharpSyntaxTree.ParseText($$"""
        using System.Threading; using System.Threading.Tasks; using LibreFang.Sidecar;
        namespace Bench.Adapters;
        [SidecarAdapter("a{{i}}", DisplayName = "Adapter {{i}}")]
        public sealed partial class Adapter{{i}}
        {
            [ConfigField("A{{i}}_TOKEN", Type = FieldType.Secret, Required = true)] public required string Token { get; init; }
            [ConfigField("A{{i}}_PORT")] public int Port { get; init; } = 80;
            [ConfigField("A{{i}}_CHANNELS")] public string[] Channels { get; init; } = [];
            [OnCommand] private ValueTask OnSend(SendCommand send, IEventEmitter events, CancellationToken ct) => events.EmitAsync(new ErrorEvent(send.Text), ct);
            [OnCommand] private void OnTyping(TypingCommand typing) { }
            private Task ProduceAsync(IEventEmitter events, CancellationToken ct) => Task.CompletedTask;
        }
        """, parse, path: $"Adapter{i}.cs"));
}
for (var i = 0; i < unrelated; i++)
{
    trees.Add(CSharpSyntaxTree.ParseText($$"""
        namespace Bench.Model;
        public sealed class Entity{{i}}
        {
            public int Id { get; set; }
            public string Name { get; set; } = "";
            public int Compute(int x) => x * {{i}} + Id;
        }
        """, parse, path: $"Entity{i}.cs"));
}
// A new Compilation object has empty semantic caches, like a real first build; reusing one would flatter the cold run.
CSharpCompilation FreshCompilation() => CSharpCompilation.Create("Bench", trees, references, new CSharpCompilationOptions(OutputKind.DynamicallyLinkedLibrary));
var target = trees.Single(t => t.FilePath == "Entity1000.cs");

GeneratorDriver NewDriver() => CSharpGeneratorDriver.Create([new SidecarAdapterGenerator().AsSourceGenerator()], parseOptions: parse);

// Warm the JIT once so the cold figure measures the generator, not the first JIT of Roslyn.
NewDriver().RunGenerators(FreshCompilation());

var cold = new List<double>();
var incremental = new List<double>();
var generatedFiles = 0;
for (var round = 0; round < rounds; round++)
{
    var compilation = FreshCompilation();
    var clock = Stopwatch.StartNew();
    var driver = NewDriver().RunGenerators(compilation);
    cold.Add(clock.Elapsed.TotalMilliseconds);
    generatedFiles = driver.GetRunResult().GeneratedTrees.Length;

    var edited = compilation.ReplaceSyntaxTree(target, target.WithChangedText(SourceText.From(target.ToString().Replace("x * 1000", "x * 1001", StringComparison.Ordinal))));
    clock.Restart();
    driver.RunGenerators(edited);
    incremental.Add(clock.Elapsed.TotalMilliseconds);
}

static double Median(List<double> values) => values.Order().ElementAt(values.Count / 2);
Console.WriteLine($"# generator cost: {adapters} adapters + {unrelated} unrelated types, {rounds} rounds, medians");
Console.WriteLine();
Console.WriteLine("| run | time (ms) | vs cold |");
Console.WriteLine("| --- | ---: | ---: |");
Console.WriteLine($"| cold (new driver, {generatedFiles} files generated) | {Median(cold):0.0} | 100 % |");
Console.WriteLine($"| incremental (one-line edit in an unrelated file) | {Median(incremental):0.00} | {100 * Median(incremental) / Median(cold):0.0} % |");
