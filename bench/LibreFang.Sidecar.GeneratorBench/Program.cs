using System.Diagnostics;
using System.Globalization;
using LibreFang.Sidecar.GeneratorBench;
using LibreFang.Sidecar.Generators;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.Text;

// Measures the generator the way the IDE runs it: a cold run on a fresh driver, and an incremental run after a
// one-line edit in an unrelated file (the driver keeps its cached state). Medians of several rounds.
// Two reference generators run in the same rounds on the same sources: they do (almost) nothing themselves, so their
// figures are the Roslyn driver's own cost, the floor under ours.
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
// So every generator gets its own fresh compilation in every round, made of new tree objects (the same text and parse,
// new nodes): our generator remembers what it read per declaration node (AdapterModelCache), and a first build has
// never seen its nodes before.
CSharpCompilation FreshCompilation() => CSharpCompilation.Create("Bench", trees.Select(Renew), references, new CSharpCompilationOptions(OutputKind.DynamicallyLinkedLibrary));
static SyntaxTree Renew(SyntaxTree tree) => CSharpSyntaxTree.Create((CSharpSyntaxNode)tree.GetRoot(), (CSharpParseOptions)tree.Options, tree.FilePath);
var target = trees.Single(t => t.FilePath == "Entity1000.cs");
var editedTarget = target.WithChangedText(SourceText.From(target.ToString().Replace("x * 1000", "x * 1001", StringComparison.Ordinal)));
// A declaration-level edit in the same unrelated file (a new property): every declaration may now bind differently, so
// a generator cannot reuse what it read from the adapters before (see CompilationShape).
var declarationEditedTarget = target.WithChangedText(SourceText.From(target.ToString().Replace("public int Id", "public int Extra { get; set; }\n    public int Id", StringComparison.Ordinal)));

Subject[] subjects =
[
    new("ours", () => new SidecarAdapterGenerator()),
    new("floor: ForAttributeWithMetadataName, trivial transform", () => new AttributeFloorGenerator()),
    new("floor: CreateSyntaxProvider, syntax only", () => new SyntaxFloorGenerator()),
];

// Besides the wall time, what each run allocates: it does not depend on the machine's load, and on this benchmark
// it decides whether a run pays for a garbage collection (whose cost then moves the time by several milliseconds).
(Run Cold, Run Incremental, Run DeclarationEdit, int Files) Measure(Subject subject)
{
    var compilation = FreshCompilation();
    GeneratorDriver driver = CSharpGeneratorDriver.Create([subject.Create().AsSourceGenerator()], parseOptions: parse);
    var cold = Timed(() => driver = driver.RunGenerators(compilation));
    var files = driver.GetRunResult().GeneratedTrees.Length;
    var current = compilation.SyntaxTrees.Single(t => t.FilePath == target.FilePath);
    var edited = compilation.ReplaceSyntaxTree(current, editedTarget);
    var incremental = Timed(() => driver.RunGenerators(edited));
    // From the same state as the body edit (the driver after the cold run), not after it.
    var declarationEdited = compilation.ReplaceSyntaxTree(current, declarationEditedTarget);
    var declarationEdit = Timed(() => driver.RunGenerators(declarationEdited));
    return (cold, incremental, declarationEdit, files);
}

// Times one run. Each starts without the previous run's garbage, so one subject does not pay for another's
// allocations; a collection inside a run still happens when the run needs one, and is counted.
Run Timed(Action run)
{
    GC.Collect();
    GC.WaitForPendingFinalizers();
    var collections = GC.CollectionCount(0);
    var allocated = GC.GetAllocatedBytesForCurrentThread();
    var clock = Stopwatch.StartNew();
    run();
    var elapsed = clock.Elapsed.TotalMilliseconds;
    return new Run(elapsed, GC.GetAllocatedBytesForCurrentThread() - allocated, GC.CollectionCount(0) - collections);
}

// Warm up every subject on both paths before measuring. One round is far from enough: the runtime keeps moving
// Roslyn's methods to optimized code for many rounds (tiered compilation), and medians taken meanwhile measure the
// JIT. After one warm-up round the syntax-only floor's cold run read about 160 ms; after 20 rounds, about 30 ms.
const int warmUpRounds = 20;
for (var round = 0; round < warmUpRounds; round++)
{
    foreach (var subject in subjects)
    {
        Measure(subject);
    }
}

for (var round = 0; round < rounds; round++)
{
    // Rotate which subject goes first, so none always runs on a freshly collected, cool process.
    for (var k = 0; k < subjects.Length; k++)
    {
        var subject = subjects[(round + k) % subjects.Length];
        var (cold, incremental, declarationEdit, files) = Measure(subject);
        subject.Cold.Add(cold);
        subject.Incremental.Add(incremental);
        subject.DeclarationEdit.Add(declarationEdit);
        subject.Files = files;
    }
}

static double Median(IEnumerable<double> values) => values.Order().ElementAt(values.Count() / 2);
static string Percent(double part, double whole) => $"{100 * part / whole:0.0} %";
static string Megabytes(List<Run> runs) => $"{Median(runs.Select(r => (double)r.AllocatedBytes)) / 1e6:0.0}";
var oursCold = Median(subjects[0].Cold.Select(r => r.Milliseconds));
var collected = subjects.Sum(s => s.Cold.Count(r => r.Collections > 0) + s.Incremental.Count(r => r.Collections > 0) + s.DeclarationEdit.Count(r => r.Collections > 0));
Console.WriteLine($"# generator cost: {adapters} adapters + {unrelated} unrelated types, {rounds} rounds, medians; {collected} of {subjects.Length * rounds * 3} timed runs collected garbage");
Console.WriteLine();
Console.WriteLine("| generator | run | time (ms) | vs its cold | vs our cold | allocated (MB) |");
Console.WriteLine("| --- | --- | ---: | ---: | ---: | ---: |");
foreach (var subject in subjects)
{
    var cold = Median(subject.Cold.Select(r => r.Milliseconds));
    var incremental = Median(subject.Incremental.Select(r => r.Milliseconds));
    Console.WriteLine($"| {subject.Name} | cold (new driver, {subject.Files} files generated) | {cold:0.0} | 100 % | {Percent(cold, oursCold)} | {Megabytes(subject.Cold)} |");
    Console.WriteLine($"| {subject.Name} | incremental (one-line edit in an unrelated file) | {incremental:0.00} | {Percent(incremental, cold)} | {Percent(incremental, oursCold)} | {Megabytes(subject.Incremental)} |");
}
foreach (var subject in subjects)
{
    var cold = Median(subject.Cold.Select(r => r.Milliseconds));
    var declarationEdit = Median(subject.DeclarationEdit.Select(r => r.Milliseconds));
    Console.WriteLine($"| {subject.Name} | incremental (a property added to an unrelated class) | {declarationEdit:0.00} | {Percent(declarationEdit, cold)} | {Percent(declarationEdit, oursCold)} | {Megabytes(subject.DeclarationEdit)} |");
}

// The analyzers, measured after the generator so the two do not share a warm-up. Fewer warm-up rounds: a whole
// compilation's analysis takes long enough to reach optimized code within a few.
const int analyzerWarmUpRounds = 5;
for (var round = 0; round < analyzerWarmUpRounds; round++)
{
    AnalyzerCost.Measure(FreshCompilation, target, editedTarget, parse);
}
var analyzerRuns = Enumerable.Range(0, rounds).Select(_ => AnalyzerCost.Measure(FreshCompilation, target, editedTarget, parse)).ToList();
var buildWall = Median(analyzerRuns.Select(r => r.Build.WallMilliseconds));
var buildOwn = Median(analyzerRuns.Select(r => r.Build.OwnMilliseconds));
var documentWall = Median(analyzerRuns.Select(r => r.EditedDocument.WallMilliseconds));
var documentOwn = Median(analyzerRuns.Select(r => r.EditedDocument.OwnMilliseconds));
Console.WriteLine();
Console.WriteLine($"# analyzers ({AnalyzerCost.Names.Count}): the same compilation with the generated sources, {rounds} rounds, medians; {analyzerRuns[0].Build.Diagnostics} diagnostics reported");
Console.WriteLine();
Console.WriteLine("| analyzer | build: whole compilation, own time (ms) | IDE after the edit: the edited document, own time (ms) |");
Console.WriteLine("| --- | ---: | ---: |");
for (var i = 0; i < AnalyzerCost.Names.Count; i++)
{
    Console.WriteLine($"| {AnalyzerCost.Names[i]} | {Median(analyzerRuns.Select(r => r.Build.PerAnalyzer[i])):0.00} | {Median(analyzerRuns.Select(r => r.EditedDocument.PerAnalyzer[i])):0.00} |");
}
Console.WriteLine($"| all, own time | {buildOwn:0.0} | {documentOwn:0.00} |");
Console.WriteLine($"| all, wall time (with the binding the analysis forces) | {buildWall:0.0} | {documentWall:0.00} |");
// The same project without its adapters (the runtime still referenced): what the rules cost where they have nothing to check.
CSharpCompilation FreshWithoutAdapters() => CSharpCompilation.Create("Bench", trees.Skip(adapters).Select(Renew), references, new CSharpCompilationOptions(OutputKind.DynamicallyLinkedLibrary));
var noAdapterRuns = Enumerable.Range(0, rounds).Select(_ => AnalyzerCost.Measure(FreshWithoutAdapters, target, editedTarget, parse)).ToList();
Console.WriteLine($"| all, own time, the same project without adapters | {Median(noAdapterRuns.Select(r => r.Build.OwnMilliseconds)):0.0} | {Median(noAdapterRuns.Select(r => r.EditedDocument.OwnMilliseconds)):0.00} |");
var oursIncremental = Median(subjects[0].Incremental.Select(r => r.Milliseconds));
Console.WriteLine();
Console.WriteLine($"generator + analyzers' own time: cold {oursCold + buildOwn:0.0} ms, after the edit {oursIncremental + documentOwn:0.0} ms ({Percent(oursIncremental + documentOwn, oursCold + buildOwn)})");

// The two targets, one line each, in a fixed form that scripts grep for (medians of this run).
var floorIncremental = Median(subjects[1].Incremental.Select(r => r.Milliseconds));
Console.WriteLine();
Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"target: generator incremental / FAWMN floor = {oursIncremental / floorIncremental:0.00}x"));
Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"target: generator + analyzers own time per edit = {oursIncremental + documentOwn:0.0} ms"));

internal sealed class Subject(string name, Func<IIncrementalGenerator> create)
{
    public string Name { get; } = name;
    public Func<IIncrementalGenerator> Create { get; } = create;
    public List<Run> Cold { get; } = [];
    public List<Run> Incremental { get; } = [];
    public List<Run> DeclarationEdit { get; } = [];
    public int Files { get; set; }
}

/// <summary>One timed driver run: wall-clock milliseconds, the bytes the measuring thread allocated, and the gen0 collections inside it.</summary>
internal readonly record struct Run(double Milliseconds, long AllocatedBytes, int Collections);
