using LibreFang.Samples.Irc.Protocol;

namespace LibreFang.Sidecar.Irc.Tests.Unit;

public sealed class IrcMessageTests
{
    [Fact]
    public void A_relayed_channel_message_parses_into_source_command_and_trailing_text()
    {
        var message = IrcMessage.Parse(":alice!~a@host.example PRIVMSG #fang :hello there: friend")!;

        Assert.Equal("alice!~a@host.example", message.Source);
        Assert.Equal("alice", message.SourceNick);
        Assert.Equal("PRIVMSG", message.Command);
        Assert.Equal(["#fang", "hello there: friend"], message.Parameters);
    }

    [Fact]
    public void Tags_are_parsed_and_unescaped()
    {
        var message = IrcMessage.Parse(@"@msgid=abc\:1;+draft/x=a\sb\\c;flag :n!u@h PRIVMSG #c :hi")!;

        Assert.Equal("abc;1", message.Tags["msgid"]);
        Assert.Equal(@"a b\c", message.Tags["+draft/x"]);
        Assert.Equal("", message.Tags["flag"]);
        Assert.Equal("hi", message.Parameter(1));
    }

    [Theory]
    [InlineData("PING :irc.example", "PING", new[] { "irc.example" })]
    [InlineData("ping token", "PING", new[] { "token" })]
    [InlineData(":srv 001 fang :Welcome to IRC", "001", new[] { "fang", "Welcome to IRC" })]
    [InlineData(":srv 005 fang CHANTYPES=# NICKLEN=30 :are supported", "005", new[] { "fang", "CHANTYPES=#", "NICKLEN=30", "are supported" })]
    [InlineData(":n!u@h PRIVMSG #c :", "PRIVMSG", new[] { "#c", "" })]
    [InlineData(":n!u@h   JOIN   #c", "JOIN", new[] { "#c" })]
    public void Commands_and_parameters_follow_the_grammar(string line, string command, string[] parameters)
    {
        var message = IrcMessage.Parse(line)!;

        Assert.Equal(command, message.Command);
        Assert.Equal(parameters, message.Parameters);
    }

    [Theory]
    [InlineData("")]
    [InlineData("   ")]
    [InlineData(":only-a-source")]
    [InlineData("@tags-only")]
    public void A_line_without_a_command_is_rejected(string line) => Assert.Null(IrcMessage.Parse(line));

    [Theory]
    [InlineData(new[] { "#c", "hello world" }, "PRIVMSG #c :hello world")]
    [InlineData(new[] { "#c", "one" }, "PRIVMSG #c one")]
    [InlineData(new[] { "#c", ":starts with colon" }, "PRIVMSG #c ::starts with colon")]
    [InlineData(new[] { "#c", "" }, "PRIVMSG #c :")]
    public void Format_marks_the_trailing_parameter_only_when_needed(string[] parameters, string expected) =>
        Assert.Equal(expected, IrcMessage.Format("PRIVMSG", parameters));

    [Fact]
    public void Format_never_lets_text_inject_a_second_command()
    {
        var line = IrcMessage.Format("PRIVMSG", "#c", "hi\r\nQUIT :bye\0");

        Assert.DoesNotContain('\r', line);
        Assert.DoesNotContain('\n', line);
        Assert.DoesNotContain('\0', line);
        Assert.Equal("PRIVMSG #c :hi  QUIT :bye ", line);
    }

    [Fact]
    public void Format_rejects_a_middle_parameter_with_a_space() =>
        Assert.Throws<ArgumentException>(() => IrcMessage.Format("PRIVMSG", "#a b", "text"));

    [Fact]
    public void Formatting_then_parsing_round_trips()
    {
        var line = IrcMessage.Format("USER", "fang", "0", "*", "LibreFang Agent");
        var parsed = IrcMessage.Parse(line)!;

        Assert.Equal(["fang", "0", "*", "LibreFang Agent"], parsed.Parameters);
    }
}
