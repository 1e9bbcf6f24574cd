using System.IO.Pipelines;
using System.Reflection;
using System.Text;
using System.Text.Json;

namespace LibreFang.Sidecar.Generators.Tests;

/// <summary>Generated adapters compiled, loaded and driven by the real host.</summary>
public sealed class RunTests
{
    private static readonly Lazy<Type> FullAdapter = new(() =>
    {
        var (output, diagnostics, _) = GeneratorHarness.Run(Sources.Full);
        Assert.Empty(diagnostics);
        return GeneratorHarness.Load(output).GetType("Demo.Full.FullAdapter", throwOnError: true)!;
    });

    private static readonly Dictionary<string, string> ValidSettings = new() { ["FULL_TOKEN"] = "s3cret-token" };

    [Fact]
    public async Task Describe_prints_the_schema_from_the_attributes()
    {
        var (code, lines) = await RunAsync(["--describe"], [], new Dictionary<string, string>());

        Assert.Equal(0, code);
        using var schema = JsonDocument.Parse(Assert.Single(lines));
        var root = schema.RootElement;
        Assert.Equal("full", root.GetProperty("name").GetString());
        Assert.Equal("Full", root.GetProperty("display_name").GetString());
        Assert.Equal("Every handler and config type", root.GetProperty("description").GetString());
        var fields = root.GetProperty("fields").EnumerateArray().ToDictionary(f => f.GetProperty("key").GetString()!);
        Assert.Equal(11, fields.Count);
        Assert.Equal("secret", fields["FULL_TOKEN"].GetProperty("type").GetString());
        Assert.True(fields["FULL_TOKEN"].GetProperty("required").GetBoolean());
        Assert.Equal("xoxb-…", fields["FULL_TOKEN"].GetProperty("placeholder").GetString());
        Assert.Equal("number", fields["FULL_PORT"].GetProperty("type").GetString());
        Assert.True(fields["FULL_PORT"].GetProperty("advanced").GetBoolean());
        Assert.Equal("bool", fields["FULL_TLS"].GetProperty("type").GetString());
        Assert.Equal("list", fields["FULL_CHANNELS"].GetProperty("type").GetString());
        Assert.Equal(["fast", "safe"], fields["FULL_MODE"].GetProperty("options").EnumerateArray().Select(o => o.GetString()!));
        Assert.False(fields["FULL_NAME"].TryGetProperty("options", out _));
    }

    [Fact]
    public async Task A_session_announces_inferred_and_declared_capabilities_and_dispatches_each_command()
    {
        var settings = new Dictionary<string, string>(ValidSettings) { ["FULL_NAME"] = "bob", ["FULL_MODE"] = "fast" };
        var (code, lines) = await RunAsync([],
        [
            """{"method":"ready_ack"}""",
            """{"method":"send","params":{"channel_id":"c1","text":"hi","user":{"platform_id":"c1","display_name":"A","librefang_user":null}}}""",
            """{"method":"typing","params":{"channel_id":"c1"}}""",
            """{"method":"heartbeat"}""",
            """{"method":"future_thing"}""",
            """{"method":"shutdown"}""",
        ], settings);

        Assert.Equal(0, code);
        using var ready = JsonDocument.Parse(lines[0]);
        var parameters = ready.RootElement.GetProperty("params");
        Assert.Equal(["interactive", "reaction", "streaming", "typing", "thread", "typing_events"],
            parameters.GetProperty("capabilities").EnumerateArray().Select(c => c.GetString()!));
        Assert.Equal("bot-bob", parameters.GetProperty("account_id").GetString());
        Assert.True(parameters.GetProperty("suppress_error_responses").GetBoolean());
        Assert.Equal(1, parameters.GetProperty("protocol_version").GetInt32());
        Assert.Contains(lines, l => l.Contains("\"text\":\"bob:hi\""));
    }

    [Fact]
    public void Configuration_binds_every_type_and_keeps_initializer_defaults_for_unset_keys()
    {
        var adapter = Create(new Dictionary<string, string>
        {
            ["FULL_TOKEN"] = " tok ",
            ["FULL_PORT"] = "6697",
            ["FULL_RATIO"] = "0.25",
            ["FULL_BIG"] = "9007199254740993",
            ["FULL_PRICE"] = "12.50",
            ["FULL_TLS"] = "yes",
            ["FULL_CHANNELS"] = " #a, ,#b ",
            ["FULL_ADMINS"] = "ann,bob",
            ["FULL_TAGS"] = "x",
            ["FULL_MODE"] = "fast",
        });

        Assert.Equal("tok", Get(adapter, "Token"));
        Assert.Equal("default-name", Get(adapter, "Name"));
        Assert.Equal(6697, Get(adapter, "Port"));
        Assert.Equal(0.25, Get(adapter, "Ratio"));
        Assert.Equal(9007199254740993L, Get(adapter, "Big"));
        Assert.Equal(12.50m, Get(adapter, "Price"));
        Assert.Equal(true, Get(adapter, "Tls"));
        Assert.Equal(new[] { "#a", "#b" }, Get(adapter, "Channels"));
        Assert.Equal(new[] { "ann", "bob" }, (IReadOnlyList<string>)Get(adapter, "Admins")!);
        Assert.Equal((EquatableList<string>)new[] { "x" }, Get(adapter, "Tags"));
        Assert.Equal("fast", Get(adapter, "Mode"));
        Assert.Equal(true, Get(adapter, "Started"));
    }

    [Fact]
    public void Every_configuration_problem_is_reported_at_once_without_secret_values()
    {
        var error = Assert.Throws<ConfigurationException>(() => Create(new Dictionary<string, string>
        {
            ["FULL_PORT"] = "sixty",
            ["FULL_RATIO"] = "NaN",
            ["FULL_BIG"] = "1.5",
            ["FULL_PRICE"] = "cheap",
            ["FULL_TLS"] = "maybe",
            ["FULL_MODE"] = "reckless",
        }));

        Assert.Equal(["FULL_TOKEN", "FULL_PORT", "FULL_RATIO", "FULL_BIG", "FULL_PRICE", "FULL_TLS", "FULL_MODE"], error.Problems.Select(p => p.Key));
        Assert.Contains("FULL_TOKEN is required", error.Message);
        Assert.Contains("FULL_PORT must be a whole number, got 'sixty'", error.Message);
        Assert.Contains("FULL_RATIO must be a number, got 'NaN'", error.Message);
        Assert.Contains("FULL_BIG must be a whole number, got '1.5'", error.Message);
        Assert.Contains("FULL_PRICE must be a number, got 'cheap'", error.Message);
        Assert.Contains("FULL_TLS must be true or false", error.Message);
        Assert.Contains("FULL_MODE must be one of fast, safe (got 'reckless')", error.Message);
    }

    [Fact]
    public async Task A_configuration_error_emits_an_error_event_and_exits_2()
    {
        var (code, lines) = await RunAsync([], [], new Dictionary<string, string> { ["FULL_PORT"] = "x" });

        Assert.Equal(2, code);
        using var error = JsonDocument.Parse(Assert.Single(lines));
        Assert.Equal("error", error.RootElement.GetProperty("method").GetString());
        Assert.Contains("FULL_TOKEN", error.RootElement.GetProperty("params").GetProperty("message").GetString());
    }

    [Fact]
    public void A_secret_that_fails_to_parse_is_named_but_its_value_is_never_shown()
    {
        var binder = new SettingsBinder(new DictionarySettings(new Dictionary<string, string> { ["PIN"] = "hunter2" }));

        binder.Int32("PIN", secret: true);

        var problem = Assert.Single(binder.Problems);
        Assert.Equal("PIN must be a whole number", problem.Message);
        Assert.DoesNotContain("hunter2", problem.Message);
    }

    private static object Create(Dictionary<string, string> settings)
    {
        var create = FullAdapter.Value.GetMethod("Create", BindingFlags.Public | BindingFlags.Static)!;
        try
        {
            return create.Invoke(null, [new DictionarySettings(settings)])!;
        }
        catch (TargetInvocationException ex) when (ex.InnerException is not null)
        {
            throw ex.InnerException;
        }
    }

    private static object? Get(object adapter, string property) => adapter.GetType().GetProperty(property)!.GetValue(adapter);

    private static async Task<(int Code, List<string> Lines)> RunAsync(string[] args, string[] input, Dictionary<string, string> settings)
    {
        var stdin = new MemoryStream(Encoding.UTF8.GetBytes(string.Concat(input.Select(l => l + "\n"))));
        var stdout = new Pipe();
        var options = new SidecarHostOptions { Settings = new DictionarySettings(settings), Log = new SidecarLog(TextWriter.Null) };
        var run = typeof(SidecarHost).GetMethods().Single(m => m.Name == nameof(SidecarHost.RunAsync) && m.IsGenericMethod && m.GetParameters().Length == 5)
            .MakeGenericMethod(FullAdapter.Value);
        var code = await ((Task<int>)run.Invoke(null, [args, stdin, stdout.Writer.AsStream(), options, CancellationToken.None])!).WaitAsync(TimeSpan.FromSeconds(20));
        await stdout.Writer.CompleteAsync();
        var text = await new StreamReader(stdout.Reader.AsStream()).ReadToEndAsync();
        return (code, text.Split('\n', StringSplitOptions.RemoveEmptyEntries).ToList());
    }
}
