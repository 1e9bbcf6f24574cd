using System.Text;
using LibreFang.Samples.WebChat.Web;

namespace LibreFang.Samples.WebChat.Chat;

/// <summary>A message as the adapter keeps it; only its <see cref="Conversation"/> changes it, under its lock.</summary>
internal sealed class ChatMessage(string id, string role, string author, long time)
{
    /// <summary>Streamed text stops growing here; the agent's answers are far shorter, a runaway stream is not.</summary>
    public const int MaxTextChars = 256 * 1024;

    public const string User = "user";
    public const string Agent = "agent";

    private readonly StringBuilder _text = new();

    public string Id { get; } = id;
    public string Role { get; } = role;
    public string Author { get; } = author;
    public long Time { get; } = time;
    public string? ThreadId { get; set; }
    public AttachmentView? Attachment { get; set; }
    public IReadOnlyList<IReadOnlyList<ButtonView>>? Buttons { get; set; }
    public StatusView? Status { get; set; }
    public bool Streaming { get; set; }
    public bool Deleted { get; set; }
    public bool Edited { get; set; }

    public string Text
    {
        get => _text.ToString();
        set => _text.Clear().Append(value.AsSpan(0, Math.Min(value.Length, MaxTextChars)));
    }

    /// <summary>Appends streamed text; returns what was actually kept (less than asked once the cap is reached).</summary>
    public string Append(string delta)
    {
        var room = MaxTextChars - _text.Length;
        var kept = delta.Length <= room ? delta : delta[..Math.Max(room, 0)];
        _text.Append(kept);
        return kept;
    }

    public MessageView ToView() => Deleted
        ? new MessageView(Id, Role, Author, "", Time) { ThreadId = ThreadId, Deleted = true }
        : new MessageView(Id, Role, Author, Text, Time)
        {
            ThreadId = ThreadId,
            Attachment = Attachment,
            Buttons = Buttons,
            Status = Status,
            Streaming = Streaming,
            Edited = Edited,
        };
}
