namespace LibreFang.Sidecar.Protocol;

/// <summary>A protocol violation with the field at fault; turned into a <see cref="ProtocolError"/> at the parser's edge.</summary>
internal sealed class WireException(string message, string? field) : Exception(message)
{
    public string? Field { get; } = field;
}
