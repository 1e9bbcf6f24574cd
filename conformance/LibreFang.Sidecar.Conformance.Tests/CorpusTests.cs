using System.Text.Json;
using LibreFang.Sidecar.Protocol;

namespace LibreFang.Sidecar.Conformance.Tests;

/// <summary>
/// Every corpus file, in every direction that applies. The tests enumerate the corpus folders: a file added upstream
/// without an expectation here fails the suite instead of being skipped.
/// </summary>
public sealed class CorpusTests
{
    private static readonly ChannelUser Alice = new("c1", "Alice");
    private static readonly ChannelUser Bob = new("c1", "Bob");

    /// <summary>What our builders produce for each event file (producer side).</summary>
    private static readonly Dictionary<string, SidecarEvent> BuiltEvents = new()
    {
        ["error.json"] = new ErrorEvent("boom"),
        ["message_minimal.json"] = new MessageBuilder("1", "Bob").Text("hi").Build(),
        ["message_text.json"] = new MessageBuilder("42", "Alice").Content(Content.Text("hello")).ChannelId("-100123").Platform("telegram").Build(),
        ["qr_ready.json"] = new QrReadyEvent("wxp://f2f0YGcQ-xxxxxxxxxxxxxxxxxxxx", "https://login.example/qr?code=abc", "Scan within 5 minutes",
            new DateTimeOffset(2026, 5, 28, 20, 0, 0, TimeSpan.Zero)),
        ["qr_status.json"] = new QrStatusEvent(QrStatuses.Confirmed, "Login confirmed"),
        ["ready_full.json"] = new ReadyEvent
        {
            Capabilities = [Capabilities.Typing, Capabilities.Reaction, Capabilities.Interactive, Capabilities.Thread, Capabilities.Streaming],
            AccountId = "bot-1",
            ProtocolVersion = 1,
        },
        ["typing.json"] = new TypingEvent("u", "n", true),
    };

    /// <summary>Event files no SDK emits (the legacy bare ready) are checked on the consumer side only.</summary>
    private static readonly Dictionary<string, SidecarEvent> ConsumedOnlyEvents = new()
    {
        ["ready_minimal.json"] = new ReadyEvent(),
    };

    /// <summary>The typed value each command file must parse to.</summary>
    private static readonly Dictionary<string, Command> Commands = new()
    {
        ["heartbeat.json"] = HeartbeatCommand.Instance,
        ["interactive.json"] = new InteractiveCommand("c1", new InteractiveMessage("pick",
            [[Content.Button("Yes", "y"), Content.Button("Docs", "d", url: "https://x")]])),
        ["reaction.json"] = new ReactionCommand("c1", "55", "👍"),
        ["ready_ack.json"] = ReadyAckCommand.Instance,
        ["send_full.json"] = new SendCommand("c1", "hello", Alice, Content.Text("hello"), "t1"),
        ["send_minimal.json"] = new SendCommand("c1", "hi", Bob),
        ["shutdown.json"] = ShutdownCommand.Instance,
        ["stream_delta.json"] = new StreamDeltaCommand("s1", "Hel"),
        ["stream_end.json"] = new StreamEndCommand("s1"),
        ["stream_start.json"] = new StreamStartCommand("c1", "s1"),
        ["stream_start_threaded.json"] = new StreamStartCommand("c1", "s1", "t1"),
        ["typing.json"] = new TypingCommand("c1"),
    };

    public static TheoryData<string> EventFiles => [.. Corpus.Files("events")];

    public static TheoryData<string> CommandFiles => [.. Corpus.Files("commands")];

    [Fact]
    public void Every_event_file_has_an_expectation_and_every_expectation_a_file()
    {
        var expected = BuiltEvents.Keys.Concat(ConsumedOnlyEvents.Keys).Order(StringComparer.Ordinal);
        Assert.Equal(expected, Corpus.Files("events"));
    }

    [Fact]
    public void Every_command_file_has_an_expectation_and_every_expectation_a_file()
    {
        Assert.Equal(Commands.Keys.Order(StringComparer.Ordinal), Corpus.Files("commands"));
    }

    [Theory]
    [MemberData(nameof(EventFiles))]
    public void Builders_produce_each_event_file(string file)
    {
        if (ConsumedOnlyEvents.ContainsKey(file))
        {
            return; // no SDK emits it; see the consumer-side test
        }
        AssertSameJson(Corpus.Read("events", file), WireFormat.EventToUtf8(BuiltEvents[file]), file);
    }

    [Theory]
    [MemberData(nameof(EventFiles))]
    public void The_daemon_rules_accept_each_event_file_as_the_expected_event(string file)
    {
        var parsed = EventParser.Parse(Corpus.Read("events", file));

        Assert.True(parsed.IsSuccess, $"{file}: {parsed.Error?.Message}");
        var expected = BuiltEvents.TryGetValue(file, out var built) ? built : ConsumedOnlyEvents[file];
        // The parser reads what is on the wire: a mirrored text is a text.
        if (expected is MessageEvent { Text: null, Content: TextContent mirrored } message)
        {
            expected = message with { Text = mirrored.Text };
        }
        Assert.Equal(expected, parsed.Value);
    }

    [Theory]
    [MemberData(nameof(CommandFiles))]
    public void Each_command_file_parses_to_the_expected_command(string file)
    {
        var parsed = CommandParser.Parse(Corpus.Read("commands", file));

        Assert.True(parsed.IsSuccess, $"{file}: {parsed.Error?.Message}");
        Assert.Equal(Commands[file], parsed.Value);
    }

    [Theory]
    [MemberData(nameof(CommandFiles))]
    public void Each_command_re_serialized_equals_its_file(string file)
    {
        var parsed = CommandParser.Parse(Corpus.Read("commands", file)).Value!;

        AssertSameJson(Corpus.Read("commands", file), WireFormat.CommandToUtf8(parsed), file);
    }

    [Fact]
    public void Send_full_carries_every_field_typed()
    {
        var send = Assert.IsType<SendCommand>(CommandParser.Parse(Corpus.Read("commands", "send_full.json")).Value);

        Assert.Equal("c1", send.ChannelId);
        Assert.Equal("hello", send.Text);
        Assert.Equal(new TextContent("hello"), send.Content);
        Assert.Equal("t1", send.ThreadId);
        Assert.Equal(new ChannelUser("c1", "Alice", null), send.User);
    }

    [Fact]
    public void Interactive_buttons_are_typed_rows_with_absent_optionals()
    {
        var interactive = Assert.IsType<InteractiveCommand>(CommandParser.Parse(Corpus.Read("commands", "interactive.json")).Value);

        var row = Assert.Single(interactive.Message.Buttons);
        Assert.Equal(2, row.Count);
        Assert.Equal(("Yes", "y", (string?)null), (row[0].Label, row[0].Action, row[0].Url));
        Assert.Equal(("Docs", "d", "https://x"), (row[1].Label, row[1].Action, row[1].Url));
        Assert.Null(row[0].Style);
    }

    [Fact]
    public void Legacy_reaction_has_an_empty_phase_and_no_tool()
    {
        var reaction = Assert.IsType<ReactionCommand>(CommandParser.Parse(Corpus.Read("commands", "reaction.json")).Value);

        Assert.Equal("", reaction.Phase);
        Assert.Null(reaction.ToolName);
    }

    private static void AssertSameJson(byte[] expected, byte[] actual, string file)
    {
        using var expectedDocument = JsonDocument.Parse(expected);
        using var actualDocument = JsonDocument.Parse(actual);
        Assert.True(JsonElement.DeepEquals(expectedDocument.RootElement, actualDocument.RootElement),
            $"{file}: expected {expectedDocument.RootElement.GetRawText()} but produced {System.Text.Encoding.UTF8.GetString(actual)}");
    }
}
