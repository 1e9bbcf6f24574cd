using System.Collections.Generic;
using Microsoft.CodeAnalysis;

namespace LibreFang.Sidecar.Roslyn;

/// <summary>Reads the arguments of an applied attribute.</summary>
internal static class AttributeArguments
{
    public static T? Named<T>(AttributeData attribute, string name)
    {
        foreach (var argument in attribute.NamedArguments)
        {
            if (argument.Key == name && argument.Value.Value is T value)
            {
                return value;
            }
        }
        return default;
    }

    public static bool TryGetNamed(AttributeData attribute, string name, out TypedConstant value)
    {
        foreach (var argument in attribute.NamedArguments)
        {
            if (argument.Key == name)
            {
                value = argument.Value;
                return true;
            }
        }
        value = default;
        return false;
    }

    /// <summary>The non-empty strings of a string-array argument; empty when it is absent or null.</summary>
    public static List<string> NamedStrings(AttributeData attribute, string name)
    {
        var result = new List<string>();
        if (TryGetNamed(attribute, name, out var value) && !value.IsNull && value.Kind == TypedConstantKind.Array)
        {
            foreach (var element in value.Values)
            {
                if (element.Value is string text && text.Length > 0)
                {
                    result.Add(text);
                }
            }
        }
        return result;
    }

    /// <summary>The first constructor argument as a string, or <paramref name="fallback"/>.</summary>
    public static string FirstString(AttributeData attribute, string fallback) =>
        attribute.ConstructorArguments.Length > 0 && attribute.ConstructorArguments[0].Value is string text ? text : fallback;
}
