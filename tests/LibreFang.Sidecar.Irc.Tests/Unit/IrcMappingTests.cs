using System.Text;
using System.Text.Json;
using LibreFang.Samples.Irc.Protocol;

namespace LibreFang.Sidecar.Irc.Tests.Unit;

public sealed class IrcMappingTests
{
    private static bool IsChannel(string target) => target.StartsWith('#');

    private static MessageEvent? Inbound(string line, bool requireMention = false) =>
        IrcMapping.ToMessage(IrcMessage.Parse(line)!, "fang", IsChannel, "irc-1-1", requireMention);

    private static JsonElement Wire(SidecarEvent e) => JsonDocument.Parse(LibreFang.Sidecar.Protocol.WireFormat.EventToUtf8(e)).RootElement.GetProperty("params");

    [Fact]
    public void A_channel_message_is_a_group_message_in_that_channel()
    {
        var message = Wire(Inbound(":alice!~a@host PRIVMSG #fang :hello 👋")!);

        Assert.Equal("alice", message.GetProperty("user_id").GetString());
        Assert.Equal("alice", message.GetProperty("user_name").GetString());
        Assert.Equal("#fang", message.GetProperty("channel_id").GetString());
        Assert.True(message.GetProperty("is_group").GetBoolean());
        Assert.Equal("hello 👋", message.GetProperty("text").GetString());
        Assert.Equal("irc-1-1", message.GetProperty("message_id").GetString());
        Assert.Equal("irc", message.GetProperty("platform").GetString());
        Assert.Equal("alice!~a@host", message.GetProperty("metadata").GetProperty("irc_source").GetString());
    }

    [Fact]
    public void A_private_message_is_a_direct_message_whose_channel_is_the_sender()
    {
        var message = Wire(Inbound(":alice!~a@host PRIVMSG fang :psst")!);

        Assert.Equal("alice", message.GetProperty("channel_id").GetString());
        Assert.False(message.TryGetProperty("is_group", out _));
    }

    [Fact]
    public void A_ctcp_action_arrives_as_me_text_with_a_flag()
    {
        var message = Wire(Inbound(":alice!~a@host PRIVMSG #fang :\u0001ACTION waves\u0001")!);

        Assert.Equal("/me waves", message.GetProperty("text").GetString());
        Assert.True(message.GetProperty("metadata").GetProperty("irc_action").GetBoolean());
    }

    [Fact]
    public void The_servers_msgid_tag_wins_over_the_generated_id() =>
        Assert.Equal("srv-42", Inbound("@msgid=srv-42 :alice!~a@host PRIVMSG #fang :hi")!.MessageId);

    [Theory]
    [InlineData(":fang!~f@host PRIVMSG #fang :my own echo")]
    [InlineData(":FANG!~f@host PRIVMSG #fang :my own echo, other case")]
    [InlineData(":alice!~a@host PRIVMSG #fang :\u0001VERSION\u0001")]
    [InlineData(":alice!~a@host PRIVMSG #fang :\u0002\u0002  ")]
    [InlineData(":alice!~a@host NOTICE #fang :notices never trigger replies")]
    [InlineData(":alice!~a@host PRIVMSG #fang")]
    public void Lines_that_are_not_conversation_are_dropped(string line) => Assert.Null(Inbound(line));

    [Fact]
    public void With_mentions_required_only_channel_lines_naming_the_nick_pass_but_private_ones_always_do()
    {
        Assert.Null(Inbound(":alice!~a@host PRIVMSG #fang :general chatter", requireMention: true));
        Assert.NotNull(Inbound(":alice!~a@host PRIVMSG #fang :fang: status?", requireMention: true));
        Assert.NotNull(Inbound(":alice!~a@host PRIVMSG fang :no mention needed here", requireMention: true));
    }

    [Fact]
    public void Formatting_is_stripped_from_inbound_text() =>
        Assert.Equal("bold red", Inbound(":alice!~a@host PRIVMSG #fang :\u0002bold\u0002 \u000304red")!.Text);

    private static SendCommand Send(string text, Content? content = null) => new("#fang", text, new ChannelUser("#fang", "Alice"), content);

    [Fact]
    public void Send_text_renders_as_is_and_media_as_caption_and_url()
    {
        Assert.Equal("hi", IrcMapping.Render(Send("hi")));
        Assert.Equal("from content", IrcMapping.Render(Send("{json}", new TextContent("from content"))));
        Assert.Equal("a cat https://x/cat.png", IrcMapping.Render(Send("{json}", new ImageContent("https://x/cat.png", "a cat"))));
        Assert.Equal("https://x/v.mp4", IrcMapping.Render(Send("{json}", new VideoContent("https://x/v.mp4"))));
        Assert.Equal("report.pdf: https://x/r.pdf", IrcMapping.Render(Send("{json}", new FileContent("https://x/r.pdf", "report.pdf"))));
        Assert.Equal("location: 52.52, 13.405 (geo:52.52,13.405)", IrcMapping.Render(Send("{json}", new LocationContent(52.52, 13.405))));
        Assert.Equal("Lunch?\n1. pizza\n2. soup", IrcMapping.Render(Send("{json}", new PollContent("Lunch?", new(["pizza", "soup"])))));
    }

    [Fact]
    public void Content_with_no_irc_form_renders_as_nothing()
    {
        Assert.Null(IrcMapping.Render(Send("{json}", new FileDataContent(new byte[] { 1, 2 }, "a.bin", "application/octet-stream"))));
        Assert.Null(IrcMapping.Render(Send("{json}", new DeleteMessageContent("m1"))));
    }

    [Fact]
    public void Privmsg_lines_fit_the_relayed_limit_and_carry_all_the_text()
    {
        const string source = "fang!~fang@127.0.0.1";
        var text = string.Join(' ', Enumerable.Repeat("naïve café ☕ words", 120));

        var lines = IrcMapping.ToPrivmsgLines("#fang", text, source.Length);

        Assert.True(lines.Count > 3);
        Assert.All(lines, line => Assert.True(Encoding.UTF8.GetByteCount($":{source} {line}\r\n") <= 512, line));
        Assert.Equal(text, string.Join(' ', lines.Select(l => IrcMessage.Parse(l)!.Parameter(1))));
    }

    [Fact]
    public void A_me_send_becomes_ctcp_actions_that_still_fit()
    {
        var lines = IrcMapping.ToPrivmsgLines("#fang", "/me " + new string('z', 800), 40);

        Assert.Equal(2, lines.Count);
        Assert.All(lines, line => Assert.Matches("^PRIVMSG #fang :\u0001ACTION z+\u0001$", line));
        Assert.All(lines, line => Assert.True(Encoding.UTF8.GetByteCount($":{new string('s', 40)} {line}\r\n") <= 512));
    }

    [Theory]
    [InlineData("")]
    [InlineData("#a b")]
    [InlineData("#a,#b")]
    public void A_target_that_is_not_a_channel_or_nick_is_rejected(string target) =>
        Assert.Throws<ArgumentException>(() => IrcMapping.ToPrivmsgLines(target, "hi", 30));
}
