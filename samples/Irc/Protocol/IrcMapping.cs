using System.Text;
using LibreFang.Sidecar;

namespace LibreFang.Samples.Irc.Protocol;

/// <summary>How IRC lines become LibreFang messages and LibreFang sends become IRC lines.</summary>
internal static class IrcMapping
{
    /// <summary>The prefix that makes an outgoing message a CTCP ACTION, as in IRC clients.</summary>
    public const string ActionPrefix = "/me ";

    /// <summary>
    /// A PRIVMSG addressed to a channel or to us as a LibreFang message; null for anything else (our own echo, CTCP
    /// other than ACTION, an empty text, a channel line that does not mention us when mentions are required).
    /// Channel messages are group messages whose channel id is the channel; private messages use the sender's nick as
    /// the channel id, so a reply goes back to them.
    /// </summary>
    public static MessageEvent? ToMessage(IrcMessage message, string ourNick, Func<string, bool> isChannel, string messageId, bool requireMention)
    {
        if (message.Command != "PRIVMSG" || message.Parameters.Count < 2 || message.SourceNick is not { Length: > 0 } sender
            || string.Equals(sender, ourNick, StringComparison.OrdinalIgnoreCase))
        {
            return null;
        }
        var target = message.Parameter(0);
        var text = message.Parameter(1);
        var action = false;
        if (IrcText.TryParseCtcp(text, out var ctcp, out var argument))
        {
            if (ctcp != "ACTION")
            {
                return null;
            }
            action = true;
            text = argument;
        }
        text = IrcText.StripFormatting(text).Trim();
        if (text.Length == 0)
        {
            return null;
        }
        var inChannel = isChannel(target);
        if (inChannel && requireMention && !IrcText.Mentions(text, ourNick))
        {
            return null;
        }
        var builder = new MessageBuilder(sender, sender)
            .Text(action ? ActionPrefix + text : text)
            .ChannelId(inChannel ? target : sender)
            .MessageId(message.Tags.TryGetValue("msgid", out var serverId) && serverId.Length > 0 ? serverId : messageId)
            .Platform("irc");
        if (inChannel)
        {
            builder.IsGroup();
        }
        if (message.Source!.Contains('!'))
        {
            builder.Metadata("irc_source", message.Source);
        }
        if (action)
        {
            builder.Metadata("irc_action", true);
        }
        return builder.Build();
    }

    /// <summary>
    /// The text a send delivers. Text content as is; media and files as their URL with the caption; a location as
    /// coordinates; a poll as its question and numbered options. Null when the content has no IRC form (raw file
    /// bytes, edits, deletions, reactions to buttons).
    /// </summary>
    public static string? Render(SendCommand send) => send.Content switch
    {
        null => send.Text,
        TextContent text => text.Text,
        ImageContent image => WithCaption(image.Caption, image.Url),
        VideoContent video => WithCaption(video.Caption, video.Url),
        AudioContent audio => WithCaption(audio.Caption ?? audio.Title, audio.Url),
        VoiceContent voice => WithCaption(voice.Caption, voice.Url),
        AnimationContent animation => WithCaption(animation.Caption, animation.Url),
        FileContent file => $"{file.Filename}: {file.Url}",
        LocationContent location => $"location: {IrcText.Number(location.Lat)}, {IrcText.Number(location.Lon)} (geo:{IrcText.Number(location.Lat)},{IrcText.Number(location.Lon)})",
        MediaGroupContent group => string.Join("\n", group.Items.Select(item => item switch
        {
            PhotoItem photo => WithCaption(photo.Caption, photo.Url),
            VideoItem video => WithCaption(video.Caption, video.Url),
            _ => null,
        }).OfType<string>()),
        PollContent poll => poll.Question + "\n" + string.Join("\n", poll.Options.Select((option, i) => $"{i + 1}. {option}")),
        InteractiveContent interactive => interactive.Text + "\n" + string.Join(" ", interactive.Buttons.SelectMany(row => row).Select(b => $"[{b.Label}]")),
        CommandContent command => "/" + command.Name + (command.Args.Count > 0 ? " " + string.Join(' ', command.Args) : ""),
        _ => null,
    };

    /// <summary>
    /// The PRIVMSG lines for <paramref name="text"/> to <paramref name="target"/>, each short enough that the line the
    /// server relays (with our source in front) fits IRC's 512 bytes. A text starting with "/me " goes out as CTCP
    /// ACTIONs, every line of it.
    /// </summary>
    public static List<string> ToPrivmsgLines(string target, string text, int sourceBytes)
    {
        if (target.Length == 0 || target.AsSpan().IndexOfAny(" ,\r\n\0") >= 0)
        {
            throw new ArgumentException($"'{target}' is not an IRC channel or nick", nameof(target));
        }
        var action = text.StartsWith(ActionPrefix, StringComparison.Ordinal);
        if (action)
        {
            text = text[ActionPrefix.Length..];
        }
        var budget = IrcText.PayloadBudget(sourceBytes, "PRIVMSG", target) - (action ? IrcText.ActionOverhead : 0);
        if (budget < IrcText.MinimumBudget)
        {
            throw new ArgumentException($"the target '{target}' is too long to send to ({Encoding.UTF8.GetByteCount(target)} bytes)", nameof(target));
        }
        return [.. IrcText.Split(text, budget).Select(payload => IrcMessage.Format("PRIVMSG", target, action ? IrcText.Action(payload) : payload))];
    }

    private static string WithCaption(string? caption, string url) => string.IsNullOrWhiteSpace(caption) ? url : $"{caption} {url}";
}
