using System.Text.Json;
using LibreFang.Sidecar.Protocol;

namespace LibreFang.Sidecar.Tests.Protocol;

/// <summary>Event and content shapes, with the daemon's null-versus-omit rules (upstream protocol tests, ported).</summary>
public sealed class ContentAndEventTests
{
    public static TheoryData<Content, string> EveryContentVariant => new()
    {
        { Content.Text("hi"), """{"Text":"hi"}""" },
        { Content.Image("u", "c", "image/png"), """{"Image":{"url":"u","caption":"c","mime_type":"image/png"}}""" },
        { Content.Image("u"), """{"Image":{"url":"u","caption":null,"mime_type":null}}""" },
        { Content.File("u", "f.txt"), """{"File":{"url":"u","filename":"f.txt"}}""" },
        { Content.FileData(new byte[] { 1, 2, 255 }, "b.bin", "application/octet-stream"), """{"FileData":{"data":[1,2,255],"filename":"b.bin","mime_type":"application/octet-stream"}}""" },
        { Content.Voice("u", durationSeconds: 3), """{"Voice":{"url":"u","caption":null,"duration_seconds":3}}""" },
        { Content.Video("u", null, 3), """{"Video":{"url":"u","caption":null,"duration_seconds":3,"filename":null}}""" },
        { Content.Video("u", "c", 3, "v.mp4"), """{"Video":{"url":"u","caption":"c","duration_seconds":3,"filename":"v.mp4"}}""" },
        { Content.Location(1.5, -2.0), """{"Location":{"lat":1.5,"lon":-2.0}}""" },
        { Content.Command("start", "a"), """{"Command":{"name":"start","args":["a"]}}""" },
        { Content.Command("start"), """{"Command":{"name":"start","args":[]}}""" },
        { Content.Interactive("pick", [[Content.Button("Yes", "yes", style: "primary")]]), """{"Interactive":{"text":"pick","buttons":[[{"label":"Yes","action":"yes","style":"primary"}]]}}""" },
        { Content.ButtonCallback("a"), """{"ButtonCallback":{"action":"a","message_text":null}}""" },
        { Content.DeleteMessage("m"), """{"DeleteMessage":{"message_id":"m"}}""" },
        { Content.EditInteractive("m", "t", [[Content.Button("B", "b", url: "https://x")]]), """{"EditInteractive":{"message_id":"m","text":"t","buttons":[[{"label":"B","action":"b","url":"https://x"}]]}}""" },
        { Content.Audio("u", durationSeconds: 7), """{"Audio":{"url":"u","caption":null,"duration_seconds":7}}""" },
        { Content.Audio("u", "c", 7, "T", "P"), """{"Audio":{"url":"u","caption":"c","duration_seconds":7,"title":"T","performer":"P"}}""" },
        { Content.Animation("u"), """{"Animation":{"url":"u","caption":null,"duration_seconds":0}}""" },
        { Content.Sticker("s"), """{"Sticker":{"file_id":"s"}}""" },
        { Content.MediaGroup(MediaGroupItem.Photo("p"), MediaGroupItem.Video("v", "c", 2)), """{"MediaGroup":{"items":[{"Photo":{"url":"p","caption":null}},{"Video":{"url":"v","caption":"c","duration_seconds":2}}]}}""" },
        { Content.Poll("Q", ["a"]), """{"Poll":{"question":"Q","options":["a"],"is_quiz":false}}""" },
        { Content.Poll("Q", ["a", "b"], true, 255, "because"), """{"Poll":{"question":"Q","options":["a","b"],"is_quiz":true,"correct_option_id":255,"explanation":"because"}}""" },
        { Content.PollAnswer("p", 0, 1), """{"PollAnswer":{"poll_id":"p","option_ids":[0,1]}}""" },
    };

    [Theory]
    [MemberData(nameof(EveryContentVariant))]
    public void Each_content_variant_has_its_exact_shape(Content content, string expected) =>
        JsonAssert.Same(expected, JsonAssert.Content(content));

    [Theory]
    [MemberData(nameof(EveryContentVariant))]
    public void Each_content_variant_reads_back_inside_a_send(Content content, string json)
    {
        var send = new SendCommand("c1", "x", new ChannelUser("c1", "A"), content);

        Assert.Equal(send, JsonAssert.Parse(WireFormat.CommandToJson(send)));
        _ = json;
    }

    [Fact]
    public void Every_content_variant_is_covered_by_the_shape_table()
    {
        var covered = EveryContentVariant.Select(row => ((Content)row[0]).GetType()).ToHashSet();
        var all = typeof(Content).Assembly.GetTypes().Where(t => t.IsSealed && t.IsSubclassOf(typeof(Content)) && t != typeof(UnknownContent));
        Assert.DoesNotContain(all, t => !covered.Contains(t));
        Assert.Equal(18, covered.Count);
    }

    [Fact]
    public void Locations_are_always_written_as_floating_point()
    {
        JsonAssert.Same("""{"Location":{"lat":1.0,"lon":2.0}}""", JsonAssert.Content(Content.Location(1, 2)));
        Assert.Contains("\"lat\":1.0", JsonAssert.Content(Content.Location(1, 2)));
        Assert.Throws<ArgumentException>(() => JsonAssert.Content(Content.Location(double.NaN, 0)));
    }

    [Fact]
    public void A_button_omits_absent_style_and_url()
    {
        var json = JsonAssert.Content(Content.Interactive("t", [[Content.Button("Yes", "y")]]));
        Assert.DoesNotContain("style", json);
        Assert.DoesNotContain("url", json);
    }

    [Fact]
    public void Ready_writes_all_six_params_with_defaults_never_null_lists()
    {
        JsonAssert.Same(
            """{"capabilities":[],"account_id":null,"suppress_error_responses":false,"notification_recipients":[],"header_rules":[],"protocol_version":null}""",
            JsonAssert.Params(new ReadyEvent()));
    }

    [Fact]
    public void Ready_carries_recipients_and_header_rules_in_the_daemon_shapes()
    {
        var ready = new ReadyEvent
        {
            Capabilities = ["typing"],
            NotificationRecipients = [new ChannelUser("1", "A")],
            HeaderRules = [new HeaderRule("cdn.example", [new HeaderValue("Authorization", "Bearer x")])],
            ProtocolVersion = 1,
        };

        JsonAssert.Same(
            """{"capabilities":["typing"],"account_id":null,"suppress_error_responses":false,"notification_recipients":[{"platform_id":"1","display_name":"A","librefang_user":null}],"header_rules":[["cdn.example",[["Authorization","Bearer x"]]]],"protocol_version":1}""",
            JsonAssert.Params(ready));
        Assert.True(EventParser.Parse(WireFormat.EventToUtf8(ready)).IsSuccess);
    }

    [Fact]
    public void Message_omits_every_unset_optional_and_never_writes_null()
    {
        JsonAssert.Same("""{"user_id":"1","user_name":"Bob"}""", JsonAssert.Params(new MessageBuilder("1", "Bob").IsGroup(false).Build()));
        var json = JsonAssert.Params(new MessageBuilder("1", "Bob").Build());
        Assert.DoesNotContain("null", json);
    }

    [Fact]
    public void Message_writes_every_optional_when_set_in_the_corpus_order()
    {
        var message = new MessageBuilder("u", "n").Text("t").MessageId("m").Content(Content.Image("i")).ChannelId("c").Platform("p")
            .Username("h").LibrefangUser("l").IsGroup().ThreadId("th").GroupMember("u2", "N2", "h2").GroupParticipant("j", "J")
            .Metadata("k", "v").Metadata("n", 3).Metadata("b", true).Build();

        Assert.Equal(
            """{"method":"message","params":{"user_id":"u","user_name":"n","text":"t","message_id":"m","content":{"Image":{"url":"i","caption":null,"mime_type":null}},"channel_id":"c","platform":"p","username":"h","librefang_user":"l","is_group":true,"thread_id":"th","group_members":[{"user_id":"u2","display_name":"N2","username":"h2"}],"group_participants":[{"jid":"j","display_name":"J"}],"metadata":{"k":"v","n":3,"b":true}}}""",
            WireFormat.EventToJson(message));
    }

    [Fact]
    public void Text_content_is_mirrored_into_text_but_never_overwrites_an_explicit_text()
    {
        Assert.Equal("hello", Parsed(new MessageBuilder("1", "A").Content(Content.Text("hello")).Build()).GetProperty("text").GetString());
        Assert.False(Parsed(new MessageBuilder("1", "A").Content(Content.Image("u")).Build()).TryGetProperty("text", out _));
        Assert.Equal("explicit", Parsed(new MessageBuilder("1", "A").Text("explicit").Content(Content.Text("other")).Build()).GetProperty("text").GetString());
        Assert.Equal("", Parsed(new MessageBuilder("1", "A").Text("").Content(Content.Text("x")).Build()).GetProperty("text").GetString());
    }

    [Fact]
    public void Message_id_is_written_when_given_and_omitted_otherwise()
    {
        Assert.Equal("plat-7", Parsed(new MessageBuilder("1", "A").MessageId("plat-7").Build()).GetProperty("message_id").GetString());
        Assert.False(Parsed(new MessageBuilder("1", "A").Build()).TryGetProperty("message_id", out _));
    }

    [Fact]
    public void Non_finite_metadata_numbers_are_refused_at_the_builder()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => new MessageBuilder("1", "A").Metadata("x", double.PositiveInfinity));
    }

    [Fact]
    public void A_built_message_does_not_change_when_the_builder_is_used_again()
    {
        var builder = new MessageBuilder("1", "A").Text("first").GroupMember("u2", "B").Metadata("k", "v");
        var first = builder.Build();

        var second = builder.Text("second").GroupMember("u3", "C").GroupParticipant("j", "J").Metadata("n", 1).Build();

        Assert.Equal("first", first.Text);
        Assert.Equal(["u2"], first.GroupMembers.Select(m => m.UserId));
        Assert.True(first.GroupParticipants.IsEmpty);
        Assert.Equal(["k"], first.Metadata.Select(m => m.Key));
        Assert.Equal(["u2", "u3"], second.GroupMembers.Select(m => m.UserId));
        Assert.Equal(["k", "n"], second.Metadata.Select(m => m.Key));
        Assert.NotEqual(first, second);
    }

    [Fact]
    public void A_message_without_lists_equals_one_built_with_empty_lists()
    {
        var built = new MessageBuilder("1", "A").Text("t").Build();
        var written = new MessageEvent("1", "A") { Text = "t", GroupMembers = Array.Empty<GroupMember>(), Metadata = new List<MetadataEntry>() };

        Assert.Equal(written, built);
        Assert.Equal(written.GetHashCode(), built.GetHashCode());
    }

    [Fact]
    public void Error_and_typing_events_have_their_exact_shapes()
    {
        Assert.Equal("""{"method":"error","params":{"message":"boom"}}""", WireFormat.EventToJson(new ErrorEvent("boom")));
        Assert.Equal("""{"method":"typing","params":{"user_id":"u","user_name":"n","is_typing":true}}""", WireFormat.EventToJson(new TypingEvent("u", "n", true)));
    }

    [Fact]
    public void Qr_events_omit_unset_optionals_and_write_rfc3339_utc()
    {
        Assert.Equal("""{"method":"qr_ready","params":{"qr_code":"q"}}""", WireFormat.EventToJson(new QrReadyEvent("q")));
        Assert.Equal("""{"method":"qr_status","params":{"status":"pending"}}""", WireFormat.EventToJson(new QrStatusEvent(QrStatuses.Pending)));
        var expires = new DateTimeOffset(2026, 5, 29, 5, 0, 0, TimeSpan.FromHours(9));
        Assert.Contains("\"expires_at\":\"2026-05-28T20:00:00Z\"", WireFormat.EventToJson(new QrReadyEvent("q", ExpiresAt: expires)));
        Assert.Contains("\"expires_at\":\"2026-05-28T20:00:00.25Z\"", WireFormat.EventToJson(new QrReadyEvent("q", ExpiresAt: expires.AddMilliseconds(250))));
    }

    [Theory]
    [InlineData("👍")]
    [InlineData("é")]
    [InlineData("你好")]
    [InlineData("a\u2028b\u0085c")]
    public void Non_ascii_is_written_raw(string text)
    {
        var json = WireFormat.EventToJson(new ErrorEvent(text));
        Assert.Equal("{\"method\":\"error\",\"params\":{\"message\":\"" + text + "\"}}", json);
    }

    [Fact]
    public void Quotes_backslashes_and_control_characters_are_escaped_so_a_frame_is_one_line()
    {
        var json = WireFormat.EventToJson(new ErrorEvent("a\"b\\c\nd\re\tf\u0001g"));

        Assert.Equal("{\"method\":\"error\",\"params\":{\"message\":\"a\\\"b\\\\c\\nd\\re\\tf\\u0001g\"}}", json);
        Assert.DoesNotContain('\n', json);
    }

    [Fact]
    public void A_lone_surrogate_becomes_a_replacement_character_never_invalid_utf8()
    {
        var bytes = WireFormat.EventToUtf8(new ErrorEvent("bad \ud800 text"));

        Assert.True(System.Text.Unicode.Utf8.IsValid(bytes));
        Assert.Equal("bad \ufffd text", EventParser.Parse(bytes).Value is ErrorEvent e ? e.Message : null);
    }

    [Fact]
    public void Channel_user_writes_librefang_user_as_null()
    {
        var json = WireFormat.CommandToJson(new SendCommand("c1", "hi", new ChannelUser("c1", "A")));
        Assert.Contains("\"librefang_user\":null", json);
    }

    [Fact]
    public void Commands_serialize_to_the_daemon_bytes()
    {
        Assert.Equal("""{"method":"ready_ack"}""", WireFormat.CommandToJson(ReadyAckCommand.Instance));
        Assert.Equal("""{"method":"shutdown"}""", WireFormat.CommandToJson(ShutdownCommand.Instance));
        Assert.Equal("""{"method":"send","params":{"channel_id":"c1","text":"hi","content":{"Text":"hi"},"user":{"platform_id":"c1","display_name":"A","librefang_user":null}}}""",
            WireFormat.CommandToJson(new SendCommand("c1", "hi", new ChannelUser("c1", "A"), Content.Text("hi"))));
        Assert.Equal("""{"method":"reaction","params":{"channel_id":"c1","message_id":"55","reaction":"⚙️","phase":"tool_use","tool_name":"web_fetch"}}""",
            WireFormat.CommandToJson(new ReactionCommand("c1", "55", "⚙️", AgentPhases.ToolUse, "web_fetch")));
        Assert.Equal("""{"method":"reaction","params":{"channel_id":"c1","message_id":"55","reaction":"⏳","phase":"queued"}}""",
            WireFormat.CommandToJson(new ReactionCommand("c1", "55", "⏳", AgentPhases.Queued)));
        Assert.Equal("""{"method":"stream_start","params":{"channel_id":"c1","stream_id":"s"}}""", WireFormat.CommandToJson(new StreamStartCommand("c1", "s")));
        Assert.Equal("""{"method":"send","params":{"channel_id":"c1","text":"hi","user":{"platform_id":"c1","display_name":"A","librefang_user":null}}}""",
            WireFormat.CommandToJson(new SendCommand("c1", "hi", new ChannelUser("c1", "A"))));
    }

    [Fact]
    public void Schema_fields_write_six_keys_and_options_only_when_set()
    {
        var schema = new Schema("telegram", "Telegram", "d",
        [
            new Field("TELEGRAM_BOT_TOKEN", "Bot Token", FieldType.Secret) { Required = true, Placeholder = "123:ABC" },
            new Field("ALLOWED_USERS", "Allowed users", FieldType.List) { Advanced = true },
            new Field("MODE", "Mode", FieldType.Select) { Options = ["a", "b"] },
        ]);

        Assert.Equal(
            """{"name":"telegram","display_name":"Telegram","description":"d","fields":[{"key":"TELEGRAM_BOT_TOKEN","label":"Bot Token","type":"secret","required":true,"placeholder":"123:ABC","advanced":false},{"key":"ALLOWED_USERS","label":"Allowed users","type":"list","required":false,"placeholder":"","advanced":true},{"key":"MODE","label":"Mode","type":"select","required":false,"placeholder":"","advanced":false,"options":["a","b"]}]}""",
            System.Text.Encoding.UTF8.GetString(WireFormat.SchemaToUtf8(schema)));
        Assert.Equal(schema, EventParser.ParseSchema(WireFormat.SchemaToUtf8(schema)).Value);
    }

    private static JsonElement Parsed(SidecarEvent sidecarEvent)
    {
        using var document = JsonDocument.Parse(WireFormat.EventToUtf8(sidecarEvent));
        return document.RootElement.GetProperty("params").Clone();
    }
}
