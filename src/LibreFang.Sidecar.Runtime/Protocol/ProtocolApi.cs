// Contract of the wire layer. Implementation: the protocol work in issue 2.
using System.Text.Json;

namespace LibreFang.Sidecar.Protocol;

/// <summary>Why a line could not be read as a command or event: a message naming the problem, and the field when one is at fault.</summary>
/// <param name="Message">Human-readable, names the field (e.g. <c>send: params.channel_id is missing</c>).</param>
/// <param name="Field">JSON path of the offending field (<c>params.channel_id</c>), or null for the whole line.</param>
public sealed record ProtocolError(string Message, string? Field = null);

/// <summary>The result of parsing one line: a value or an error.</summary>
public readonly record struct ParseResult<T>(T? Value, ProtocolError? Error) where T : class
{
    /// <summary>True when <see cref="Value"/> is set.</summary>
    public bool IsSuccess => Value is not null;
}

/// <summary>Parses command lines (daemon to adapter), strictly (see docs/protocol.md).</summary>
public static class CommandParser
{
    /// <summary>Parses one line (UTF-8, without the trailing newline; a trailing <c>\r</c> and surrounding whitespace are allowed).</summary>
    public static ParseResult<Command> Parse(ReadOnlySpan<byte> utf8Line) => throw new NotImplementedException();
}

/// <summary>Parses event lines (adapter to daemon) with the daemon's acceptance rules.</summary>
public static class EventParser
{
    /// <summary>Parses one event line as the daemon would; an error means the daemon drops the line.</summary>
    public static ParseResult<SidecarEvent> Parse(ReadOnlySpan<byte> utf8Line) => throw new NotImplementedException();

    /// <summary>Parses <c>--describe</c> output as the daemon would.</summary>
    public static ParseResult<Schema> ParseSchema(ReadOnlySpan<byte> utf8Json) => throw new NotImplementedException();
}

/// <summary>Writes protocol JSON: compact, non-ASCII raw, keys in corpus order, no reflection.</summary>
public static class WireFormat
{
    /// <summary>Writes an event object.</summary>
    public static void WriteEvent(Utf8JsonWriter writer, SidecarEvent sidecarEvent) => throw new NotImplementedException();

    /// <summary>Writes a command object (as the daemon would).</summary>
    public static void WriteCommand(Utf8JsonWriter writer, Command command) => throw new NotImplementedException();

    /// <summary>Writes a schema object.</summary>
    public static void WriteSchema(Utf8JsonWriter writer, Schema schema) => throw new NotImplementedException();

    /// <summary>Writes a content value (externally tagged).</summary>
    public static void WriteContent(Utf8JsonWriter writer, Content content) => throw new NotImplementedException();

    /// <summary>The writer options every frame uses.</summary>
    public static JsonWriterOptions WriterOptions => throw new NotImplementedException();

    /// <summary>An event as UTF-8 JSON (no newline).</summary>
    public static byte[] EventToUtf8(SidecarEvent sidecarEvent) => throw new NotImplementedException();

    /// <summary>A command as UTF-8 JSON (no newline).</summary>
    public static byte[] CommandToUtf8(Command command) => throw new NotImplementedException();

    /// <summary>A schema as UTF-8 JSON (no newline).</summary>
    public static byte[] SchemaToUtf8(Schema schema) => throw new NotImplementedException();
}
