namespace LibreFang.Sidecar;

/// <summary>
/// Exception text fit for an operator. A size-trimmed Native AOT binary (<c>UseSystemResourceKeys</c>) carries no
/// framework message texts: a NullReferenceException says <c>Arg_NullReferenceException</c>, an argument error ends in
/// <c>Arg_ParamName_Name, target</c>, a stack frame starts with <c>Word_At</c>. Everything the SDK reports about an
/// exception goes through here, so its <c>error</c> events and log lines read as English whatever the build setting.
/// </summary>
internal static class ExceptionText
{
    private static readonly bool ResourceKeysOnly =
        AppContext.TryGetSwitch("System.Resources.UseSystemResourceKeys", out var keysOnly) && keysOnly;

    // The English texts of the framework messages an adapter most often meets, by resource key.
    private static readonly Dictionary<string, string> KnownMessages = new(StringComparer.Ordinal)
    {
        ["Arg_NullReferenceException"] = "Object reference not set to an instance of an object.",
        ["ArgumentNull_Generic"] = "Value cannot be null.",
        ["ArgumentOutOfRange_Generic"] = "Specified argument was out of the range of valid values.",
        ["Arg_ArgumentOutOfRangeException"] = "Specified argument was out of the range of valid values.",
        ["Arg_ArgumentException"] = "Value does not fall within the expected range.",
        ["Arg_InvalidOperationException"] = "Operation is not valid due to the current state of the object.",
        ["Arg_KeyNotFoundWithKey"] = "The given key '{0}' was not present in the dictionary.",
        ["Arg_KeyNotFound"] = "The given key was not present in the dictionary.",
        ["Arg_IndexOutOfRangeException"] = "Index was outside the bounds of the array.",
        ["Arg_InvalidCastException"] = "Specified cast is not valid.",
        ["Arg_DivideByZero"] = "Attempted to divide by zero.",
        ["Arg_OverflowException"] = "Arithmetic operation resulted in an overflow.",
        ["Arg_NotSupportedException"] = "Specified method is not supported.",
        ["Arg_NotImplementedException"] = "The method or operation is not implemented.",
        ["Arg_FormatException"] = "One of the identified items was in an invalid format.",
        ["Format_InvalidString"] = "The input string was not in a correct format.",
        ["Format_InvalidStringWithValue"] = "The input string '{0}' was not in a correct format.",
        ["OperationCanceled"] = "The operation was canceled.",
        ["TaskCanceledException"] = "A task was canceled.",
        ["ObjectDisposed_Generic"] = "Cannot access a disposed object.",
        ["Arg_TimeoutException"] = "The operation has timed out.",
        ["InvalidOperation_EmptyQueue"] = "Queue empty.",
        ["InvalidOperation_NoValue"] = "Nullable object must have a value.",
        ["InvalidOperation_EnumFailedVersion"] = "Collection was modified; enumeration operation may not execute.",
    };

    /// <summary>The exception's message in English.</summary>
    public static string Message(Exception exception) =>
        ResourceKeysOnly ? Readable(exception) : exception.Message;

    /// <summary>Type, message and stack (with inner exceptions), as <see cref="Exception.ToString"/> gives them, in English.</summary>
    public static string Details(Exception exception)
    {
        var text = exception.ToString();
        if (!ResourceKeysOnly)
        {
            return text;
        }
        var message = exception.Message;
        if (message.Length > 0)
        {
            var at = text.IndexOf(message, StringComparison.Ordinal);
            if (at >= 0)
            {
                text = string.Concat(text.AsSpan(0, at), Readable(exception), text.AsSpan(at + message.Length));
            }
        }
        return text
            .Replace("Word_At ", "at ", StringComparison.Ordinal)
            .Replace("Exception_EndOfInnerExceptionStack", "--- End of inner exception stack trace ---", StringComparison.Ordinal)
            .Replace("Exception_EndStackTraceFromPreviousThrow", "--- End of stack trace from previous location ---", StringComparison.Ordinal);
    }

    internal static string Readable(Exception exception)
    {
        var message = exception.Message;
        string? parameter = null;
        if (exception is ArgumentException { ParamName: { } name })
        {
            var suffix = "Arg_ParamName_Name, " + name;
            if (message.EndsWith(suffix, StringComparison.Ordinal))
            {
                message = message[..^suffix.Length].TrimEnd(' ', ',');
                parameter = name;
            }
        }
        if (SplitResourceKey(message) is var (key, arguments))
        {
            message = KnownMessages.TryGetValue(key, out var english)
                ? Fill(english, arguments)
                : $"{exception.GetType().Name} (this build leaves out the framework's message text; its key is {message})";
        }
        if (parameter is not null)
        {
            message = message.Length == 0 ? $"Invalid argument '{parameter}'." : $"{message} (Parameter '{parameter}')";
        }
        return message;
    }

    private static string Fill(string format, string[] arguments)
    {
        for (var i = 0; i < arguments.Length; i++)
        {
            format = format.Replace("{" + i + "}", arguments[i], StringComparison.Ordinal);
        }
        return format;
    }

    // A bare resource key (a letter, then letters, digits and at least one '_': Arg_NullReferenceException,
    // net_http_message_not_success_statuscode_reason), followed by the formatted
    // arguments that the runtime appends after ", ". No Regex: it would add its engine to every adapter binary.
    private static readonly System.Buffers.SearchValues<char> KeyCharacters =
        System.Buffers.SearchValues.Create("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789_");

    private static (string Key, string[] Arguments)? SplitResourceKey(string message)
    {
        var end = message.IndexOf(", ", StringComparison.Ordinal);
        var key = end < 0 ? message : message[..end];
        if (key.Length < 3 || !char.IsAsciiLetter(key[0]) || !key.Contains('_')
            || key.AsSpan().ContainsAnyExcept(KeyCharacters))
        {
            return null;
        }
        return (key, end < 0 ? [] : message[(end + 2)..].Split(", "));
    }
}
