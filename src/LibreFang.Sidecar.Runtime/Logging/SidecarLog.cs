using System.Buffers;
using System.Text;
using System.Text.Json;

namespace LibreFang.Sidecar;

/// <summary>Log levels, written as <c>debug</c>, <c>info</c>, <c>warn</c>, <c>error</c> (the Python SDK's spelling).</summary>
public enum SidecarLogLevel
{
    /// <summary>Diagnostics.</summary>
    Debug,
    /// <summary>Normal operation.</summary>
    Info,
    /// <summary>Something recovered.</summary>
    Warn,
    /// <summary>Something failed.</summary>
    Error,
}

/// <summary>
/// The structured stderr log shared by the host and adapters: one JSON object per line,
/// <c>{"ts":1732480000.123,"level":"info","message":"...","fields":{...}}</c> (the Python SDK's record shape).
/// stdout is the protocol, so nothing here ever touches it. Logging never throws.
/// </summary>
public sealed class SidecarLog
{
    private readonly Lock _gate = new();
    private readonly TextWriter? _writer;
    private readonly StderrSink? _sink;

    /// <summary>Creates a log over a writer (tests); production code uses <see cref="Shared"/>.</summary>
    public SidecarLog(TextWriter writer, SidecarLogLevel minimumLevel = SidecarLogLevel.Debug)
    {
        ArgumentNullException.ThrowIfNull(writer);
        _writer = writer;
        MinimumLevel = minimumLevel;
    }

    internal SidecarLog(StderrSink sink, SidecarLogLevel minimumLevel)
    {
        _sink = sink;
        MinimumLevel = minimumLevel;
    }

    /// <summary>
    /// The process-wide log on stderr. Its minimum level comes from <c>LIBREFANG_SIDECAR_LOG_LEVEL</c>
    /// (<c>debug</c>, <c>info</c>, <c>warn</c>, <c>error</c>; default <c>info</c>): the daemon turns every stderr line into a warning,
    /// so the default keeps it modest. Entries are queued for a writer thread of their own and never wait for stderr:
    /// while nobody reads it, at most 1 MiB waits, later entries are dropped, and a line says how many.
    /// </summary>
    public static SidecarLog Shared { get; set; } = new(
        StderrSink.Shared,
        ParseLevel(Environment.GetEnvironmentVariable("LIBREFANG_SIDECAR_LOG_LEVEL")) ?? SidecarLogLevel.Info);

    /// <summary>Waits, at most <paramref name="timeout"/>, until every entry so far reached stderr; false when some did not.</summary>
    internal bool Flush(TimeSpan timeout) => _sink?.Flush(timeout) ?? true;

    /// <summary>Entries below this level are skipped.</summary>
    public SidecarLogLevel MinimumLevel { get; set; }

    /// <summary>True when an entry at <paramref name="level"/> would be written.</summary>
    public bool IsEnabled(SidecarLogLevel level) => level >= MinimumLevel;

    /// <summary>Writes a debug entry.</summary>
    public void Debug(string message, params ReadOnlySpan<(string Key, object? Value)> fields) => Write(SidecarLogLevel.Debug, message, fields);

    /// <summary>Writes an info entry.</summary>
    public void Info(string message, params ReadOnlySpan<(string Key, object? Value)> fields) => Write(SidecarLogLevel.Info, message, fields);

    /// <summary>Writes a warning entry.</summary>
    public void Warn(string message, params ReadOnlySpan<(string Key, object? Value)> fields) => Write(SidecarLogLevel.Warn, message, fields);

    /// <summary>Writes an error entry.</summary>
    public void Error(string message, params ReadOnlySpan<(string Key, object? Value)> fields) => Write(SidecarLogLevel.Error, message, fields);

    /// <summary>
    /// Writes one entry. Field values: strings, booleans and numbers as JSON; exceptions as their type and message
    /// plus a <c>stack</c>; anything else as its <c>ToString()</c>.
    /// </summary>
    public void Write(SidecarLogLevel level, string message, ReadOnlySpan<(string Key, object? Value)> fields)
    {
        if (!IsEnabled(level))
        {
            return;
        }
        try
        {
            if (_sink is not null)
            {
                _sink.Write(FormatUtf8(DateTimeOffset.UtcNow, level, message, fields));
                return;
            }
            var line = Format(DateTimeOffset.UtcNow, level, message, fields);
            lock (_gate)
            {
                _writer!.Write(line);
                _writer.Flush();
            }
        }
        catch (Exception)
        {
            // A log line must never take the adapter down (stderr closed, disk full, ...).
        }
    }

    internal static string Format(DateTimeOffset timestamp, SidecarLogLevel level, string message, ReadOnlySpan<(string Key, object? Value)> fields) =>
        Encoding.UTF8.GetString(FormatUtf8(timestamp, level, message, fields));

    /// <summary>One entry as a UTF-8 line, newline included.</summary>
    internal static byte[] FormatUtf8(DateTimeOffset timestamp, SidecarLogLevel level, string message, ReadOnlySpan<(string Key, object? Value)> fields)
    {
        var buffer = new ArrayBufferWriter<byte>(256);
        using (var json = new Utf8JsonWriter(buffer, new JsonWriterOptions { Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping }))
        {
            json.WriteStartObject();
            json.WriteNumber("ts", Math.Round(timestamp.ToUnixTimeMilliseconds() / 1000.0, 3));
            json.WriteString("level", LevelName(level));
            json.WriteString("message", message);
            if (fields.Length > 0)
            {
                json.WriteStartObject("fields");
                foreach (var (key, value) in fields)
                {
                    WriteValue(json, key, value);
                }
                json.WriteEndObject();
            }
            json.WriteEndObject();
        }
        buffer.Write("\n"u8);
        return buffer.WrittenSpan.ToArray();
    }

    /// <summary>The wire name of a level.</summary>
    public static string LevelName(SidecarLogLevel level) => level switch
    {
        SidecarLogLevel.Debug => "debug",
        SidecarLogLevel.Info => "info",
        SidecarLogLevel.Warn => "warn",
        _ => "error",
    };

    /// <summary>Parses a level name (case-insensitive; <c>warning</c> is accepted); null when unknown.</summary>
    public static SidecarLogLevel? ParseLevel(string? name) => name?.Trim().ToLowerInvariant() switch
    {
        "debug" or "trace" => SidecarLogLevel.Debug,
        "info" or "information" => SidecarLogLevel.Info,
        "warn" or "warning" => SidecarLogLevel.Warn,
        "error" or "critical" => SidecarLogLevel.Error,
        _ => null,
    };

    private static void WriteValue(Utf8JsonWriter json, string key, object? value)
    {
        switch (value)
        {
            case null: json.WriteNull(key); break;
            case string s: json.WriteString(key, s); break;
            case bool b: json.WriteBoolean(key, b); break;
            case int i: json.WriteNumber(key, i); break;
            case long l: json.WriteNumber(key, l); break;
            case uint u: json.WriteNumber(key, u); break;
            case ulong ul: json.WriteNumber(key, ul); break;
            case double d when double.IsFinite(d): json.WriteNumber(key, d); break;
            case float f when float.IsFinite(f): json.WriteNumber(key, f); break;
            case decimal m: json.WriteNumber(key, m); break;
            case TimeSpan t: json.WriteNumber(key, Math.Round(t.TotalMilliseconds, 3)); break;
            case Exception e:
                json.WriteString(key, ExceptionText.Message(e));
                json.WriteString(key + "_type", e.GetType().FullName);
                json.WriteString(key + "_stack", ExceptionText.Details(e));
                break;
            default: json.WriteString(key, value.ToString()); break;
        }
    }
}
