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
