using System.Collections.Generic;
using System.Linq;
using System.Threading;
using Microsoft.CodeAnalysis;

namespace LibreFang.Sidecar.Roslyn;

/// <summary>The member's CLR shape, which decides the binder call and the conversion.</summary>
internal enum ValueKind
{
    String,
    Boolean,
    Int32,
    Int64,
    Double,
    Decimal,
    StringArray,
    StringReadOnlyList,
    StringEquatableList,
    StringList,
}

/// <summary>A valid <c>[ConfigField]</c> member and what its attribute says.</summary>
internal sealed class ConfigFieldDeclaration
{
    public ConfigFieldDeclaration(string memberName, string key, string label, string fieldType, bool required, string placeholder,
        bool advanced, IReadOnlyList<string> options, bool hasOptions, ValueKind kind)
    {
        MemberName = memberName;
        Key = key;
        Label = label;
        FieldType = fieldType;
        Required = required;
        Placeholder = placeholder;
        Advanced = advanced;
        Options = options;
        HasOptions = hasOptions;
        Kind = kind;
    }

    public string MemberName { get; }
    public string Key { get; }
    public string Label { get; }
    /// <summary>The <c>FieldType</c> member name (Text, Secret, Number, List, Bool, Select).</summary>
    public string FieldType { get; }
    public bool Required { get; }
    public string Placeholder { get; }
    public bool Advanced { get; }
    public IReadOnlyList<string> Options { get; }
    public bool HasOptions { get; }
    public ValueKind Kind { get; }
}

/// <summary>
/// The configuration convention: a <c>[ConfigField]</c> member is a settable property (set, init, or a get-only
/// auto-property) or a non-readonly instance field, of a supported type that fits its field type, with a key no other
/// member uses; a <c>required</c> member must be a configuration field (the generated factory sets nothing else).
/// </summary>
internal static class ConfigFieldConventions
{
    /// <summary>
    /// LFS0013: a <c>[ConfigField]</c> declared on a base class. Configuration is bound on the adapter class only (its
    /// schema is what <c>--describe</c> prints, and the generated constructor assigns its own members), so such a
    /// member would silently keep its default; it is reported instead.
    /// </summary>
    public static void ReportInherited(INamedTypeSymbol type, RuntimeSymbols symbols, List<AdapterProblem> problems, Location fallbackLocation,
        CancellationToken cancellationToken)
    {
        for (var current = type.BaseType; current is not null && current.SpecialType != SpecialType.System_Object; current = current.BaseType)
        {
            foreach (var member in current.GetMembers())
            {
                cancellationToken.ThrowIfCancellationRequested();
                if (member is IPropertySymbol or IFieldSymbol && RuntimeSymbols.FindAttribute(member, symbols.ConfigFieldAttribute) is not null)
                {
                    problems.Add(new AdapterProblem(AdapterRule.InheritedConfigMember, SourceLocation.Of(member, fallbackLocation),
                        member.Name, current.Name, type.Name));
                }
            }
        }
    }

    public static List<ConfigFieldDeclaration> Collect(AdapterMembers members, RuntimeSymbols symbols, Location fallbackLocation,
        List<AdapterProblem>? problems, CancellationToken cancellationToken)
    {
        var fields = new List<ConfigFieldDeclaration>();
        var keys = new Dictionary<string, string>();
        foreach (var (member, attribute) in members.ConfigMembers)
        {
            cancellationToken.ThrowIfCancellationRequested();
            var location = SourceLocation.Of(member, fallbackLocation);
            var memberType = member is IPropertySymbol p ? p.Type : ((IFieldSymbol)member).Type;
            var kind = KindOf(memberType, symbols);
            if (kind is null)
            {
                problems?.Add(new AdapterProblem(AdapterRule.UnsupportedConfigType, location, member.Name, memberType.ToDisplayString()));
                continue;
            }
            if (!IsSettable(member, members))
            {
                problems?.Add(new AdapterProblem(AdapterRule.ConfigMemberNotSettable, location, member.Name));
                continue;
            }
            var key = AttributeArguments.FirstString(attribute, member.Name);
            var fieldType = AttributeArguments.TryGetNamed(attribute, AttributeArgumentNames.Type, out var explicitType)
                ? FieldTypeName(explicitType.Value)
                : InferFieldType(kind.Value);
            var hasOptions = AttributeArguments.TryGetNamed(attribute, AttributeArgumentNames.Options, out var optionsArgument) && !optionsArgument.IsNull;
            var options = hasOptions ? optionsArgument.Values.Select(v => v.Value as string ?? "").ToList() : new List<string>();

            var mismatch = FieldTypeProblem(fieldType, kind.Value, hasOptions, options.Count);
            if (mismatch is not null)
            {
                problems?.Add(new AdapterProblem(AdapterRule.FieldTypeMismatch, location, key, mismatch));
                continue;
            }
            if (keys.TryGetValue(key, out var other))
            {
                problems?.Add(new AdapterProblem(AdapterRule.DuplicateConfigKey, location, key, other));
                continue;
            }
            keys[key] = member.Name;
            var required = (AttributeArguments.Named<bool?>(attribute, AttributeArgumentNames.Required) ?? false) || AdapterMembers.IsRequired(member);
            fields.Add(new ConfigFieldDeclaration(member.Name, key, AttributeArguments.Named<string>(attribute, AttributeArgumentNames.Label) ?? key,
                fieldType, required, AttributeArguments.Named<string>(attribute, AttributeArgumentNames.Placeholder) ?? "",
                AttributeArguments.Named<bool?>(attribute, AttributeArgumentNames.Advanced) ?? false, options, hasOptions, kind.Value));
        }
        foreach (var member in members.UnboundRequired)
        {
            problems?.Add(new AdapterProblem(AdapterRule.RequiredMemberNotBound, SourceLocation.Of(member, fallbackLocation), member.Name));
        }
        return fields;
    }

    private static string? FieldTypeProblem(string fieldType, ValueKind kind, bool hasOptions, int optionCount)
    {
        var fits = fieldType switch
        {
            "Text" or "Secret" or "Select" => kind == ValueKind.String,
            "Bool" => kind == ValueKind.Boolean,
            "Number" => kind is ValueKind.Int32 or ValueKind.Int64 or ValueKind.Double or ValueKind.Decimal,
            "List" => kind is ValueKind.StringArray or ValueKind.StringReadOnlyList or ValueKind.StringEquatableList or ValueKind.StringList,
            _ => false,
        };
        if (!fits)
        {
            return $"field type {fieldType} does not fit a member of kind {kind}";
        }
        if (fieldType == "Select" && optionCount == 0)
        {
            return "a Select field needs Options";
        }
        if (fieldType != "Select" && hasOptions)
        {
            return $"Options belong to Select fields, not {fieldType}";
        }
        return null;
    }

    private static ValueKind? KindOf(ITypeSymbol type, RuntimeSymbols symbols)
    {
        if (type is INamedTypeSymbol { OriginalDefinition.SpecialType: SpecialType.System_Nullable_T } nullable)
        {
            type = nullable.TypeArguments[0];
        }
        switch (type.SpecialType)
        {
            case SpecialType.System_String: return ValueKind.String;
            case SpecialType.System_Boolean: return ValueKind.Boolean;
            case SpecialType.System_Int32: return ValueKind.Int32;
            case SpecialType.System_Int64: return ValueKind.Int64;
            case SpecialType.System_Double: return ValueKind.Double;
            case SpecialType.System_Decimal: return ValueKind.Decimal;
        }
        if (type is IArrayTypeSymbol { Rank: 1, ElementType.SpecialType: SpecialType.System_String })
        {
            return ValueKind.StringArray;
        }
        if (type is INamedTypeSymbol { IsGenericType: true, TypeArguments.Length: 1 } generic && generic.TypeArguments[0].SpecialType == SpecialType.System_String)
        {
            var definition = generic.OriginalDefinition;
            if (RuntimeSymbols.Is(definition, symbols.ReadOnlyList)) return ValueKind.StringReadOnlyList;
            if (RuntimeSymbols.Is(definition, symbols.List)) return ValueKind.StringList;
            if (RuntimeSymbols.Is(definition, symbols.EquatableList)) return ValueKind.StringEquatableList;
        }
        return null;
    }

    private static string InferFieldType(ValueKind kind) => kind switch
    {
        ValueKind.String => "Text",
        ValueKind.Boolean => "Bool",
        ValueKind.Int32 or ValueKind.Int64 or ValueKind.Double or ValueKind.Decimal => "Number",
        _ => "List",
    };

    // The values of the runtime's FieldType enum.
    private static string FieldTypeName(object? value) => value switch
    {
        0 => "Text",
        1 => "Secret",
        2 => "Number",
        3 => "List",
        4 => "Bool",
        5 => "Select",
        _ => "Unknown",
    };

    private static bool IsSettable(ISymbol member, AdapterMembers members) => member switch
    {
        IFieldSymbol field => !field.IsConst && !field.IsStatic,
        // A setter (set or init), or a get-only auto-property: both can be assigned in the generated constructor.
        IPropertySymbol property => !property.IsStatic && (property.SetMethod is not null
            || members.Fields.Any(f => SymbolEqualityComparer.Default.Equals(f.AssociatedSymbol, property))),
        _ => false,
    };
}
