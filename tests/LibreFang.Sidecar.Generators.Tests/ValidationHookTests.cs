using System.IO.Pipelines;
using System.Reflection;
using System.Text;
using System.Text.Json;

namespace LibreFang.Sidecar.Generators.Tests;

/// <summary>
/// <c>ValidateConfiguration(ConfigurationProblems)</c>: the generated <c>Create</c> calls it after binding, and every
/// problem it adds comes out together as one <c>error</c> event and exit code 2, like a binding problem.
/// </summary>
public sealed class ValidationHookTests
{
    private const string Source = """
        using System.Threading; using System.Threading.Tasks; using LibreFang.Sidecar;
        namespace Demo;
        [SidecarAdapter("checked")]
        public sealed partial class CheckedAdapter
        {
            [ConfigField("CHK_TLS")] public bool Tls { get; init; }
            [ConfigField("CHK_PORT")] public int Port { get; init; } = 6667;
            [ConfigField("CHK_CERT")] public string Certificate { get; init; } = "";

            private void ValidateConfiguration(ConfigurationProblems problems)
            {
                if (Tls && Port == 6667) problems.Add("CHK_PORT", "CHK_PORT 6667 is the plain-text port; use 6697 with CHK_TLS");
                if (Tls && Certificate.Length == 0) problems.Add("CHK_CERT", "CHK_CERT is required when CHK_TLS is on");
            }

            [OnCommand] private void OnAny(Command command) { }
        }
        """;

    private static readonly Lazy<Type> Adapter = new(() =>
    {
        var (output, diagnostics, _) = GeneratorHarness.Run(Source);
        Assert.Empty(diagnostics);
        var errors = output.GetDiagnostics().Where(d => d.Severity == Microsoft.CodeAnalysis.DiagnosticSeverity.Error).ToList();
        Assert.True(errors.Count == 0, string.Join("\n", errors));
        return GeneratorHarness.Load(output).GetType("Demo.CheckedAdapter", throwOnError: true)!;
    });

    [Fact]
    public void Create_reports_every_problem_the_hook_adds_at_once()
    {
        var error = Assert.Throws<ConfigurationException>(() => Create(new() { ["CHK_TLS"] = "true" }));

        Assert.Equal(["CHK_PORT", "CHK_CERT"], error.Problems.Select(p => p.Key));
    }

    [Fact]
    public void Create_returns_the_adapter_when_the_hook_adds_nothing()
    {
        var adapter = Create(new() { ["CHK_TLS"] = "true", ["CHK_PORT"] = "6697", ["CHK_CERT"] = "/etc/cert.pem" });

        Assert.Equal(6697, adapter.GetType().GetProperty("Port")!.GetValue(adapter));
    }

    [Fact]
    public void A_binding_problem_is_reported_before_the_hook_runs_on_values_that_are_not_there()
    {
        var error = Assert.Throws<ConfigurationException>(() => Create(new() { ["CHK_TLS"] = "true", ["CHK_PORT"] = "x" }));

        Assert.Equal("CHK_PORT", Assert.Single(error.Problems).Key);
    }

    [Fact]
    public async Task The_host_reports_the_problems_as_one_error_event_and_exits_2()
    {
        var stdout = new Pipe();
        var options = new SidecarHostOptions
        {
            Settings = new DictionarySettings(new Dictionary<string, string> { ["CHK_TLS"] = "yes" }),
            Log = new SidecarLog(TextWriter.Null),
        };
        var run = typeof(SidecarHost).GetMethods().Single(m => m.Name == nameof(SidecarHost.RunAsync) && m.IsGenericMethod && m.GetParameters().Length == 5)
            .MakeGenericMethod(Adapter.Value);
        var code = await ((Task<int>)run.Invoke(null, [Array.Empty<string>(), new MemoryStream(), stdout.Writer.AsStream(), options, CancellationToken.None])!)
            .WaitAsync(TimeSpan.FromSeconds(20));
        await stdout.Writer.CompleteAsync();
        var lines = (await new StreamReader(stdout.Reader.AsStream(), Encoding.UTF8).ReadToEndAsync()).Split('\n', StringSplitOptions.RemoveEmptyEntries);

        Assert.Equal(2, code);
        using var error = JsonDocument.Parse(Assert.Single(lines));
        Assert.Equal("error", error.RootElement.GetProperty("method").GetString());
        var message = error.RootElement.GetProperty("params").GetProperty("message").GetString()!;
        Assert.Contains("CHK_PORT 6667 is the plain-text port", message, StringComparison.Ordinal);
        Assert.Contains("CHK_CERT is required when CHK_TLS is on", message, StringComparison.Ordinal);
    }

    private static object Create(Dictionary<string, string> settings)
    {
        try
        {
            return Adapter.Value.GetMethod("Create", BindingFlags.Public | BindingFlags.Static)!.Invoke(null, [new DictionarySettings(settings)])!;
        }
        catch (TargetInvocationException ex) when (ex.InnerException is not null)
        {
            throw ex.InnerException;
        }
    }
}
