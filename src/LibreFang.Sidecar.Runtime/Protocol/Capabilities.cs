namespace LibreFang.Sidecar;

/// <summary>The capability strings of the <c>ready</c> event.</summary>
public static class Capabilities
{
    /// <summary>Handles <c>typing</c> commands.</summary>
    public const string Typing = "typing";
    /// <summary>Handles <c>reaction</c> commands (the agent phase lifecycle).</summary>
    public const string Reaction = "reaction";
    /// <summary>Handles <c>interactive</c> commands.</summary>
    public const string Interactive = "interactive";
    /// <summary>Honours <c>send.thread_id</c>.</summary>
    public const string Thread = "thread";
    /// <summary>Handles <c>stream_start</c>, <c>stream_delta</c> and <c>stream_end</c>.</summary>
    public const string Streaming = "streaming";
    /// <summary>Emits inbound <c>typing</c> events.</summary>
    public const string TypingEvents = "typing_events";
}
