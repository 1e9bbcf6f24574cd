using System.Text;
using LibreFang.Samples.Irc.Protocol;

namespace LibreFang.Sidecar.Irc.Tests.Unit;

public sealed class IrcTextTests
{
    [Fact]
    public void The_budget_leaves_room_for_the_relayed_source_the_command_and_the_target()
    {
        const string source = "fang!~fang@127.0.0.1";
        var budget = IrcText.PayloadBudget(source.Length, "PRIVMSG", "#librefang");

        var relayed = $":{source} PRIVMSG #librefang :{new string('x', budget)}\r\n";
        Assert.Equal(512, Encoding.UTF8.GetByteCount(relayed));
    }

    [Fact]
    public void Short_text_is_one_payload_and_each_line_of_text_is_its_own()
    {
        Assert.Equal(["hello"], IrcText.Split("hello", 100));
        Assert.Equal(["one", "two", "three"], IrcText.Split("one\r\ntwo\n\n  \nthree\n", 100));
    }

    [Fact]
    public void Long_lines_are_cut_at_the_last_space_that_fits()
    {
        var words = string.Join(' ', Enumerable.Range(0, 200).Select(i => "word" + i));

        var payloads = IrcText.Split(words, 100);

        Assert.All(payloads, p => Assert.InRange(Encoding.UTF8.GetByteCount(p), 1, 100));
        Assert.All(payloads, p => Assert.False(p.StartsWith(' ') || p.EndsWith(' ')));
        Assert.Equal(words, string.Join(' ', payloads));
    }

    [Fact]
    public void A_cut_never_splits_a_utf8_sequence_or_an_emoji()
    {
        var text = string.Concat(Enumerable.Repeat("é👍🏽ß", 300));

        var payloads = IrcText.Split(text, 97);

        Assert.True(payloads.Count > 1);
        Assert.All(payloads, p => Assert.InRange(Encoding.UTF8.GetByteCount(p), 1, 97));
        Assert.Equal(text, string.Concat(payloads));
        var strict = new UTF8Encoding(false, true);
        Assert.All(payloads, p => Assert.Equal(p, strict.GetString(strict.GetBytes(p))));
        Assert.All(payloads, p => Assert.False(char.IsLowSurrogate(p[0]) || p.StartsWith("\U0001F3FD", StringComparison.Ordinal), "a payload starts inside an emoji: " + p[..4]));
    }

    [Fact]
    public void A_space_right_at_the_limit_is_used_as_the_cut()
    {
        var payloads = IrcText.Split(new string('a', 10) + " " + new string('b', 10), 10);

        Assert.Equal([new string('a', 10), new string('b', 10)], payloads);
    }

    [Theory]
    [InlineData("\u0001ACTION waves\u0001", "ACTION", "waves")]
    [InlineData("\u0001VERSION\u0001", "VERSION", "")]
    [InlineData("\u0001PING 12345", "PING", "12345")]
    public void Ctcp_requests_are_recognised(string text, string command, string argument)
    {
        Assert.True(IrcText.TryParseCtcp(text, out var parsedCommand, out var parsedArgument));
        Assert.Equal(command, parsedCommand);
        Assert.Equal(argument, parsedArgument);
    }

    [Fact]
    public void Plain_text_is_not_ctcp() => Assert.False(IrcText.TryParseCtcp("ACTION waves", out _, out _));

    [Theory]
    [InlineData("\u0002bold\u0002 and \u001Ditalic\u001D", "bold and italic")]
    [InlineData("\u000304red\u0003 \u000304,12red on blue\u000F!", "red red on blue!")]
    [InlineData("\u0003" + "12,5five\u0003", "five")]
    [InlineData("\u0004FF0000hex\u0004 off", "hex off")]
    [InlineData("score 3,4 \u0003,no colour", "score 3,4 ,no colour")]
    [InlineData("plain", "plain")]
    public void Formatting_codes_are_stripped(string text, string expected) => Assert.Equal(expected, IrcText.StripFormatting(text));

    [Theory]
    [InlineData("fang: hi", true)]
    [InlineData("hey Fang, are you there", true)]
    [InlineData("@fang hi", true)]
    [InlineData("fangs are sharp", false)]
    [InlineData("the fang_ nick", false)]
    [InlineData("nothing here", false)]
    public void Mentions_match_the_nick_as_a_whole_word(string text, bool mentioned) => Assert.Equal(mentioned, IrcText.Mentions(text, "fang"));
}
