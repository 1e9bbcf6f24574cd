using System.Linq;
using Microsoft.CodeAnalysis;

namespace LibreFang.Sidecar.Roslyn;

/// <summary>How a handler or hook returns.</summary>
internal enum HandlerReturn
{
    ValueTask,
    Task,
    Void,
}

/// <summary>
/// The signature of a valid <c>[OnCommand]</c> method. <see cref="Arguments"/> spells the parameter order, one
/// letter each: <c>c</c> the command, <c>e</c> the emitter, <c>t</c> the cancellation token.
/// </summary>
internal sealed class HandlerSignature
{
    public HandlerSignature(CommandInfo? command, string commandFullName, string arguments, HandlerReturn returns)
    {
        Command = command;
        CommandFullName = commandFullName;
        Arguments = arguments;
        Return = returns;
    }

    /// <summary>The command it handles; null for the catch-all (its parameter is <c>Command</c> itself).</summary>
    public CommandInfo? Command { get; }

    public string CommandFullName { get; }

    public bool IsCatchAll => Command is null;

    public string Arguments { get; }

    public HandlerReturn Return { get; }
}

/// <summary>
/// The handler convention: <c>(TCommand command[, IEventEmitter events][, CancellationToken cancellationToken])</c>,
/// an instance method, not generic, returning <c>ValueTask</c>, <c>Task</c> or <c>void</c> (not <c>async void</c>).
/// </summary>
internal static class HandlerConventions
{
    /// <summary>The signature of <paramref name="method"/>, or why it is not a valid handler.</summary>
    public static HandlerSignature? Read(IMethodSymbol method, RuntimeSymbols symbols, ICommandLookup commands, out string? problem)
    {
        problem = Problem(method, symbols, commands, out var signature);
        return problem is null ? signature : null;
    }

    private static string? Problem(IMethodSymbol method, RuntimeSymbols symbols, ICommandLookup commands, out HandlerSignature? signature)
    {
        signature = null;
        if (method.IsStatic)
        {
            return "is static";
        }
        if (method.IsGenericMethod)
        {
            return "is generic";
        }
        if (method.Parameters.Length == 0)
        {
            return "has no command parameter";
        }
        var first = method.Parameters[0].Type;
        CommandInfo? command = null;
        string commandFullName;
        if (RuntimeSymbols.Is(first, symbols.Command))
        {
            commandFullName = MetadataNames.CommandFullName;
        }
        else if (commands.Find(first) is { } match)
        {
            command = match;
            commandFullName = match.FullName;
        }
        else
        {
            return $"takes '{first.ToDisplayString()}' first, which is not a command type";
        }
        var letters = "c";
        foreach (var parameter in method.Parameters.Skip(1))
        {
            if (parameter.RefKind != RefKind.None)
            {
                return $"has a ref/out parameter '{parameter.Name}'";
            }
            var letter = RuntimeSymbols.Is(parameter.Type, symbols.EventEmitter) ? "e"
                : RuntimeSymbols.Is(parameter.Type, symbols.CancellationToken) ? "t"
                : null;
            if (letter is null || letters.Contains(letter))
            {
                return $"has an unexpected parameter '{parameter.Name}'";
            }
            letters += letter;
        }
        HandlerReturn returns;
        if (method.ReturnsVoid)
        {
            if (method.IsAsync)
            {
                return "is async void (its exceptions would crash the process)";
            }
            returns = HandlerReturn.Void;
        }
        else if (RuntimeSymbols.Is(method.ReturnType, symbols.ValueTask))
        {
            returns = HandlerReturn.ValueTask;
        }
        else if (RuntimeSymbols.Is(method.ReturnType, symbols.Task))
        {
            returns = HandlerReturn.Task;
        }
        else
        {
            return $"returns '{method.ReturnType.ToDisplayString()}'";
        }
        signature = new HandlerSignature(command, commandFullName, letters, returns);
        return null;
    }
}
