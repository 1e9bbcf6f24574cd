using System.Text;
using LibreFang.Sidecar.Protocol;

namespace LibreFang.Sidecar.Tests.Protocol;

/// <summary>Command parsing: the upstream cases (ported), every malformed class, and the round trip of every command type.</summary>
public sealed class CommandParserTests
{
    private const string User = "\"user\":{\"platform_id\":\"c1\",\"display_name\":\"Bob\",\"librefang_user\":null}";

    [Fact]
    public void All_kinds_parse_to_their_types_and_values()
    {
        Assert.Equal(new SendCommand("c1", "hello", new ChannelUser("c1", "Bob"), Content.Text("hello"), "t"),
            JsonAssert.Parse("""{"method":"send","params":{"channel_id":"c1","text":"hello","content":{"Text":"hello"},"thread_id":"t",USER}}""".Replace("USER", User)));
        Assert.Same(ReadyAckCommand.Instance, JsonAssert.Parse("""{"method":"ready_ack"}"""));
        Assert.Same(ShutdownCommand.Instance, JsonAssert.Parse("""{"method":"shutdown"}"""));
        Assert.Same(HeartbeatCommand.Instance, JsonAssert.Parse("""{"method":"heartbeat"}"""));
        Assert.Equal(new TypingCommand("c1"), JsonAssert.Parse("""{"method":"typing","params":{"channel_id":"c1"}}"""));
        Assert.Equal(new ReactionCommand("c1", "m", "👍", "", null), JsonAssert.Parse("""{"method":"reaction","params":{"channel_id":"c1","message_id":"m","reaction":"👍"}}"""));
        Assert.Equal(new InteractiveCommand("c1", new InteractiveMessage("pick", [])), JsonAssert.Parse("""{"method":"interactive","params":{"channel_id":"c1","message":{"text":"pick","buttons":[]}}}"""));
        Assert.Equal(new StreamStartCommand("c1", "s"), JsonAssert.Parse("""{"method":"stream_start","params":{"channel_id":"c1","stream_id":"s"}}"""));
        Assert.Equal(new StreamDeltaCommand("s", "Hel"), JsonAssert.Parse("""{"method":"stream_delta","params":{"stream_id":"s","text":"Hel"}}"""));
        Assert.Equal(new StreamEndCommand("s"), JsonAssert.Parse("""{"method":"stream_end","params":{"stream_id":"s"}}"""));
    }

    [Fact]
    public void Reaction_carries_phase_and_tool_name()
    {
        var reaction = Assert.IsType<ReactionCommand>(JsonAssert.Parse("""{"method":"reaction","params":{"channel_id":"c1","message_id":"55","reaction":"⚙️","phase":"tool_use","tool_name":"web_fetch"}}"""));
        Assert.Equal((AgentPhases.ToolUse, "web_fetch"), (reaction.Phase, reaction.ToolName));
    }

    [Fact]
    public void Stream_start_carries_thread_id_when_present()
    {
        Assert.Equal("t-1", Assert.IsType<StreamStartCommand>(JsonAssert.Parse("""{"method":"stream_start","params":{"channel_id":"c","stream_id":"s","thread_id":"t-1"}}""")).ThreadId);
        Assert.Null(Assert.IsType<StreamStartCommand>(JsonAssert.Parse("""{"method":"stream_start","params":{"channel_id":"c","stream_id":"s","thread_id":null}}""")).ThreadId);
    }

    [Theory]
    [InlineData("""{"method":"shutdown","params":null}""")]
    [InlineData("""{"method":"shutdown","params":"junk"}""")]
    [InlineData("""{"method":"heartbeat","params":[1,2]}""")]
    [InlineData("""{"params":{"x":1},"method":"ready_ack"}""")]
    public void Parameterless_commands_ignore_whatever_params_hold(string line) => Assert.True(CommandParser.Parse(Encoding.UTF8.GetBytes(line)).IsSuccess);

    [Fact]
    public void Unknown_methods_are_tolerated_with_the_raw_frame_kept()
    {
        var unknown = Assert.IsType<UnknownCommand>(JsonAssert.Parse("""{"method":"some_future_thing","params":{"x":1}}"""));
        Assert.Equal("some_future_thing", unknown.Method);
        Assert.Equal("""{"method":"some_future_thing","params":{"x":1}}""", unknown.RawFrame);

        var arrayParams = Assert.IsType<UnknownCommand>(JsonAssert.Parse("""{"method":"future","params":["future","shape"]}"""));
        Assert.Contains("[\"future\",\"shape\"]", arrayParams.RawFrame);
    }

    [Fact]
    public void Extra_fields_are_ignored_and_key_order_is_free()
    {
        Assert.Equal(new TypingCommand("c1"), JsonAssert.Parse("""{"jsonrpc":"2.0","params":{"x":[1,{"y":2}],"channel_id":"c1"},"id":7,"method":"typing"}"""));
    }

    [Fact]
    public void Surrounding_whitespace_and_a_trailing_carriage_return_are_accepted()
    {
        Assert.Equal(new TypingCommand("c1"), JsonAssert.Parse("  {\"method\":\"typing\",\"params\":{\"channel_id\":\"c1\"}} \r"));
    }

    [Theory]
    [InlineData("{not json", "invalid JSON")]
    [InlineData("not-json{", "invalid JSON")]
    [InlineData("{\"method\":\"send\",}", "invalid JSON")]
    [InlineData("{\"method\":\"typing\",\"params\":{\"channel_id\":\"c1\"}} {\"method\":\"typing\"}", "JSON")]
    [InlineData("123", "expected a JSON object, got number")]
    [InlineData("\"a string\"", "expected a JSON object, got string")]
    [InlineData("[1,2,3]", "expected a JSON object, got array")]
    [InlineData("true", "expected a JSON object, got boolean")]
    [InlineData("null", "expected a JSON object, got null")]
    [InlineData("{}", "missing method")]
    [InlineData("{\"params\":{}}", "missing method")]
    [InlineData("{\"method\":null}", "method must be a string, got null")]
    [InlineData("{\"method\":[]}", "method must be a string, got array")]
    [InlineData("{\"method\":{}}", "method must be a string, got object")]
    [InlineData("{\"method\":true}", "method must be a string, got boolean")]
    [InlineData("{\"method\":7}", "method must be a string, got number")]
    public void Each_malformed_envelope_is_an_error_that_names_the_problem(string line, string expected) =>
        Assert.Contains(expected, JsonAssert.ParseError(line).Message);

    [Theory]
    [InlineData("[1]", "array")]
    [InlineData("\"bad\"", "string")]
    [InlineData("true", "boolean")]
    [InlineData("7", "number")]
    [InlineData("[]", "array")]
    [InlineData("\"\"", "string")]
    [InlineData("false", "boolean")]
    public void A_known_method_rejects_params_that_are_not_an_object(string parameters, string kind)
    {
        var error = JsonAssert.ParseError("{\"method\":\"send\",\"params\":" + parameters + "}");
        Assert.Equal($"send: params must be a JSON object, got {kind}", error.Message);
        Assert.Equal("params", error.Field);
    }

    [Theory]
    [InlineData("""{"method":"send","params":{"text":"hi",USER}}""", "send: params.channel_id is missing", "params.channel_id")]
    [InlineData("""{"method":"send","params":{"channel_id":"c1",USER}}""", "send: params.text is missing", "params.text")]
    [InlineData("""{"method":"send","params":{"channel_id":"c1","text":"hi"}}""", "send: params.user is missing", "params.user")]
    [InlineData("""{"method":"send","params":null}""", "send: params.channel_id is missing", "params.channel_id")]
    [InlineData("""{"method":"send"}""", "send: params.channel_id is missing", "params.channel_id")]
    [InlineData("""{"method":"send","params":{"channel_id":5,"text":"hi",USER}}""", "send: params.channel_id must be a string, got number", "params.channel_id")]
    [InlineData("""{"method":"send","params":{"channel_id":null,"text":"hi",USER}}""", "send: params.channel_id must be a string, got null", "params.channel_id")]
    [InlineData("""{"method":"send","params":{"channel_id":"c","text":"hi","user":{"platform_id":"c"}}}""", "send: params.user.display_name is missing", "params.user.display_name")]
    [InlineData("""{"method":"send","params":{"channel_id":"c","text":"hi","user":"bob"}}""", "send: params.user must be an object, got string", "params.user")]
    [InlineData("""{"method":"send","params":{"channel_id":"c","text":"hi","thread_id":9,USER}}""", "send: params.thread_id must be a string or null, got number", "params.thread_id")]
    [InlineData("""{"method":"send","params":{"channel_id":"c","text":"hi","content":"hello",USER}}""", "send: params.content must be an object", "params.content")]
    [InlineData("""{"method":"send","params":{"channel_id":"c","text":"hi","content":{},USER}}""", "send: params.content must have exactly one variant key, got none", "params.content")]
    [InlineData("""{"method":"send","params":{"channel_id":"c","text":"hi","content":{"Text":"a","Image":{"url":"u"}},USER}}""", "send: params.content must have exactly one variant key, got more", "params.content")]
    [InlineData("""{"method":"send","params":{"channel_id":"c","text":"hi","content":{"Voice":{"url":"u"}},USER}}""", "send: params.content.Voice.duration_seconds is missing", "params.content.Voice.duration_seconds")]
    [InlineData("""{"method":"send","params":{"channel_id":"c","text":"hi","content":{"Voice":{"url":"u","duration_seconds":-1}},USER}}""", "send: params.content.Voice.duration_seconds must be a whole number from 0 to 4294967295", "params.content.Voice.duration_seconds")]
    [InlineData("""{"method":"send","params":{"channel_id":"c","text":"hi","content":{"PollAnswer":{"poll_id":"p","option_ids":[256]}},USER}}""", "send: params.content.PollAnswer.option_ids[0] must be a whole number from 0 to 255", "params.content.PollAnswer.option_ids[0]")]
    [InlineData("""{"method":"send","params":{"channel_id":"c","text":"hi","content":{"Command":{"name":"start"}},USER}}""", "send: params.content.Command.args is missing", "params.content.Command.args")]
    [InlineData("""{"method":"send","params":{"channel_id":"c","text":"hi","content":{"MediaGroup":{"items":[{"Gif":{}}]}},USER}}""", "send: params.content.MediaGroup.items[0] has an unknown item kind 'Gif'", "params.content.MediaGroup.items[0]")]
    [InlineData("""{"method":"typing","params":{}}""", "typing: params.channel_id is missing", "params.channel_id")]
    [InlineData("""{"method":"reaction","params":{"channel_id":"c","message_id":"m"}}""", "reaction: params.reaction is missing", "params.reaction")]
    [InlineData("""{"method":"reaction","params":{"channel_id":"c","message_id":55,"reaction":"x"}}""", "reaction: params.message_id must be a string, got number", "params.message_id")]
    [InlineData("""{"method":"interactive","params":{"channel_id":"c"}}""", "interactive: params.message is missing", "params.message")]
    [InlineData("""{"method":"interactive","params":{"channel_id":"c","message":{"text":"t"}}}""", "interactive: params.message.buttons is missing", "params.message.buttons")]
    [InlineData("""{"method":"interactive","params":{"channel_id":"c","message":{"text":"t","buttons":[{"label":"a"}]}}}""", "interactive: params.message.buttons[0] must be an array, got object", "params.message.buttons[0]")]
    [InlineData("""{"method":"interactive","params":{"channel_id":"c","message":{"text":"t","buttons":[[{"label":"a"}]]}}}""", "interactive: params.message.buttons[0][0].action is missing", "params.message.buttons[0][0].action")]
    [InlineData("""{"method":"stream_start","params":{"channel_id":"c"}}""", "stream_start: params.stream_id is missing", "params.stream_id")]
    [InlineData("""{"method":"stream_delta","params":{"stream_id":"s","text":["a"]}}""", "stream_delta: params.text must be a string, got array", "params.text")]
    [InlineData("""{"method":"stream_end","params":{}}""", "stream_end: params.stream_id is missing", "params.stream_id")]
    public void Each_missing_or_mistyped_field_is_an_error_naming_the_method_and_field(string line, string message, string field)
    {
        var error = JsonAssert.ParseError(line.Replace("USER", User));

        Assert.StartsWith(message, error.Message);
        Assert.Equal(field, error.Field);
    }

    [Fact]
    public void Invalid_utf8_is_an_error_naming_it()
    {
        var error = JsonAssert.ParseErrorBytes([.. "{\"method\":\"typing\",\"params\":{\"channel_id\":\""u8, 0xFF, .. "\"}}"u8]);
        Assert.Equal("command line is not valid UTF-8", error.Message);
    }

    [Fact]
    public void Unknown_content_variants_are_kept_raw_and_written_back_unchanged()
    {
        var send = Assert.IsType<SendCommand>(JsonAssert.Parse("""{"method":"send","params":{"channel_id":"c","text":"x","content":{"Hologram":{"depth":3}},USER}}""".Replace("USER", User)));

        var unknown = Assert.IsType<UnknownContent>(send.Content);
        Assert.Equal("Hologram", unknown.Variant);
        JsonAssert.Same("""{"Hologram":{"depth":3}}""", unknown.RawJson);
        Assert.Contains("\"content\":{\"Hologram\":{\"depth\":3}}", WireFormat.CommandToJson(send));
    }

    [Fact]
    public void A_64_MiB_file_data_line_parses()
    {
        var data = new byte[16 * 1024 * 1024];
        new Random(7).NextBytes(data);
        var send = new SendCommand("c", "file", new ChannelUser("c", "A"), Content.FileData(data, "big.bin", "application/octet-stream"));
        var line = WireFormat.CommandToUtf8(send);
        Assert.True(line.Length > 48 * 1024 * 1024);

        var parsed = CommandParser.Parse(line);

        Assert.Equal(send, parsed.Value);
    }

    public static TheoryData<Command> EveryCommandType => new()
    {
        new SendCommand("c1", "hi", new ChannelUser("c1", "Bob")),
        new SendCommand("c1", "héllo 👋 你好", new ChannelUser("c1", "Ünïcode", "lf-user"), Content.Text("héllo 👋"), "t1"),
        new SendCommand("", "", new ChannelUser("", ""), Content.Poll("Q?", ["a", "b"], true, 1, "why")),
        new SendCommand("c", "x", new ChannelUser("c", "A"), Content.MediaGroup(MediaGroupItem.Photo("p", "c"), MediaGroupItem.Video("v", durationSeconds: uint.MaxValue))),
        new SendCommand("c", "x", new ChannelUser("c", "A"), Content.Location(-33.8688, 151.2093)),
        ReadyAckCommand.Instance,
        ShutdownCommand.Instance,
        HeartbeatCommand.Instance,
        new TypingCommand("c1"),
        new ReactionCommand("c1", "55", "👍"),
        new ReactionCommand("c1", "55", "⚙️", AgentPhases.ToolUse, "web_fetch"),
        new ReactionCommand("c1", "55", "", AgentPhases.Done),
        new InteractiveCommand("c1", new InteractiveMessage("pick", [[Content.Button("Yes", "y", "primary"), Content.Button("Docs", "d", url: "https://x")], [Content.Button("No", "n")]])),
        new InteractiveCommand("c1", new InteractiveMessage("", [])),
        new StreamStartCommand("c1", "s1"),
        new StreamStartCommand("c1", "s1", "t1"),
        new StreamDeltaCommand("s1", "line one\nline two \"quoted\" \\ tab\t"),
        new StreamEndCommand("s1"),
        new UnknownCommand("future", """{"method":"future","params":{"x":[1,2]}}"""),
    };

    [Theory]
    [MemberData(nameof(EveryCommandType))]
    public void Parse_of_serialize_is_identity_for_every_command_type(Command command) =>
        Assert.Equal(command, JsonAssert.Parse(WireFormat.CommandToJson(command)));

    [Fact]
    public void The_round_trip_table_covers_every_command_type_the_runtime_defines()
    {
        var covered = ((IEnumerable<object[]>)EveryCommandType).Select(row => row[0].GetType()).ToHashSet();
        var all = typeof(Command).Assembly.GetTypes().Where(t => t.IsSealed && t.IsSubclassOf(typeof(Command)));
        Assert.DoesNotContain(all, t => !covered.Contains(t));
    }

    [Fact]
    public void A_method_name_written_with_json_escapes_is_still_that_method()
    {
        var parsed = CommandParser.Parse("""{"method":"sen\u0064","params":{"channel_id":"c","text":"t","user":{"platform_id":"p","display_name":"d"}}}"""u8);

        Assert.IsType<SendCommand>(parsed.Value);
    }

    [Fact]
    public void Parsing_the_commands_without_payload_allocates_nothing()
    {
        // The daemon sends these all session long; they come back as singletons.
        var lines = new[] { """{"method":"ready_ack"}"""u8.ToArray(), """{"method":"heartbeat"}"""u8.ToArray(), """{"method":"shutdown","params":null}"""u8.ToArray() };
        foreach (var line in lines)
        {
            CommandParser.Parse(line);
        }

        var before = GC.GetAllocatedBytesForCurrentThread();
        foreach (var line in lines)
        {
            Assert.NotNull(CommandParser.Parse(line).Value);
        }
        Assert.Equal(0, GC.GetAllocatedBytesForCurrentThread() - before);
    }
}
