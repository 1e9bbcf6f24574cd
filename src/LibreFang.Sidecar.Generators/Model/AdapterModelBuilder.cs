using System.Collections.Generic;
using System.Linq;
using System.Threading;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;

namespace LibreFang.Sidecar.Generators.Model;

/// <summary>Turns one [SidecarAdapter] class into an <see cref="AdapterModel"/> and its diagnostics (the pipeline's first step).</summary>
internal static class AdapterModelBuilder
{
    private const string RuntimeNamespace = "LibreFang.Sidecar";

    public static AdapterResult Build(GeneratorAttributeSyntaxContext context, CancellationToken cancellationToken)
    {
        if (context.TargetSymbol is not INamedTypeSymbol type || context.TargetNode is not ClassDeclarationSyntax syntax)
        {
            return new AdapterResult(null, EquatableArray<DiagnosticInfo>.Empty);
        }
        var compilation = context.SemanticModel.Compilation;
        var known = KnownTypes.Create(compilation);
        if (known is null)
        {
            return new AdapterResult(null, EquatableArray<DiagnosticInfo>.Empty);
        }
        var diagnostics = new List<DiagnosticInfo>();

        if (!IsPartialAll(type))
        {
            diagnostics.Add(Info(Diagnostics.NotPartial, syntax.Identifier.GetLocation(), type.Name));
            return new AdapterResult(null, diagnostics.ToEquatableArray());
        }
        var shapeProblem = type.TypeParameters.Length > 0 ? "is generic; an adapter must be a closed, non-generic class"
            : type.IsStatic ? "is static; an adapter is instantiated from configuration"
            : type.IsAbstract ? "is abstract; an adapter is instantiated from configuration"
            : null;
        if (shapeProblem is not null)
        {
            diagnostics.Add(Info(Diagnostics.InvalidAdapterShape, syntax.Identifier.GetLocation(), type.Name, shapeProblem));
            return new AdapterResult(null, diagnostics.ToEquatableArray());
        }
        cancellationToken.ThrowIfCancellationRequested();

        var attribute = context.Attributes[0];
        var schemaName = attribute.ConstructorArguments.Length > 0 ? attribute.ConstructorArguments[0].Value as string ?? type.Name : type.Name;
        var displayName = Named<string>(attribute, "DisplayName") ?? schemaName;
        var description = Named<string>(attribute, "Description") ?? "";
        var declaredCapabilities = NamedArray(attribute, "Capabilities");
        var suppress = Named<bool?>(attribute, "SuppressErrorResponses") ?? false;
        var protocolVersion = Named<uint?>(attribute, "ProtocolVersion") ?? 0;

        var commands = CommandCatalog.For(compilation, known.Command, known.CommandCapabilityAttribute, known.RuntimeCommandAttribute);
        var members = MemberScan.Of(type, known, cancellationToken);
        var handlers = CollectHandlers(members, known, commands, diagnostics, cancellationToken);
        var catchAll = handlers.FirstOrDefault(h => h.Handler.CommandType == KnownTypes.CommandName).Handler;
        var byCommand = handlers.Where(h => h.Handler.CommandType != KnownTypes.CommandName).ToDictionary(h => h.Handler.CommandType, h => h.Handler);

        var dispatch = commands.Dispatched
            .Select(c => new DispatchModel(c.FullName, byCommand.TryGetValue(c.FullName, out var h) ? h : null))
            .ToEquatableArray();

        var capabilities = new List<string>();
        foreach (var group in commands.CapabilityGroups)
        {
            if (group.Commands.All(byCommand.ContainsKey))
            {
                capabilities.Add(group.Capability);
            }
        }
        foreach (var declared in declaredCapabilities)
        {
            if (!capabilities.Contains(declared))
            {
                capabilities.Add(declared);
            }
        }

        var configFields = CollectConfigFields(members, known, diagnostics, cancellationToken);
        ReportUnboundRequiredMembers(members, diagnostics);
        var constructor = ConstructorKindOf(type, syntax, diagnostics);

        var model = new AdapterModel(
            Namespace: type.ContainingNamespace.IsGlobalNamespace ? null : type.ContainingNamespace.ToDisplayString(),
            ContainingTypes: ContainingTypes(type),
            ClassName: type.Name,
            HintName: HintName(type),
            SchemaName: schemaName,
            DisplayName: displayName,
            Description: description,
            Capabilities: capabilities.ToEquatableArray(),
            SuppressErrorResponses: suppress,
            ProtocolVersion: protocolVersion,
            Dispatch: dispatch,
            CatchAll: catchAll,
            ConfigFields: configFields.ToEquatableArray(),
            ProducerMethod: FindProducer(type, known),
            ShutdownHook: FindShutdownHook(type, known),
            HasReadyHook: type.GetMembers("ConfigureReady").OfType<IMethodSymbol>().Any(m =>
                !m.IsStatic && m.Parameters.Length == 1 && SymbolEqualityComparer.Default.Equals(m.Parameters[0].Type, known.ReadyEvent)
                && SymbolEqualityComparer.Default.Equals(m.ReturnType, known.ReadyEvent)),
            Constructor: constructor ?? ConstructorKind.Implicit,
            HasErrors: diagnostics.Any(d => Diagnostics.Find(d.Id)?.DefaultSeverity == DiagnosticSeverity.Error));
        return new AdapterResult(model, diagnostics.ToEquatableArray());
    }

    private static List<(HandlerModel Handler, IMethodSymbol Method)> CollectHandlers(
        MemberScan members, KnownTypes known, CommandCatalog commands, List<DiagnosticInfo> diagnostics, CancellationToken cancellationToken)
    {
        var handlers = new List<(HandlerModel, IMethodSymbol)>();
        foreach (var method in members.Handlers)
        {
            cancellationToken.ThrowIfCancellationRequested();
            var location = method.Locations.FirstOrDefault();
            var problem = HandlerProblem(method, known, commands, out var command, out var commandType, out var arguments, out var returns);
            if (problem is not null)
            {
                diagnostics.Add(Info(Diagnostics.InvalidHandler, location, method.Name, problem));
                continue;
            }
            if (command is { RuntimeConsumed: true })
            {
                diagnostics.Add(Info(Diagnostics.RuntimeCommandHandler, location, command.Name));
                continue;
            }
            var existing = handlers.FirstOrDefault(h => h.Item1.CommandType == commandType);
            if (existing.Item1 is not null)
            {
                diagnostics.Add(Info(Diagnostics.DuplicateHandler, location, commandType!.Replace("global::", ""), existing.Item1.MethodName));
                continue;
            }
            handlers.Add((new HandlerModel(method.Name, commandType!, arguments, returns), method));
        }
        return handlers;
    }

    private static string? HandlerProblem(IMethodSymbol method, KnownTypes known, CommandCatalog commands,
        out CommandTypeInfo? command, out string? commandType, out string arguments, out HandlerReturn returns)
    {
        command = null;
        commandType = null;
        arguments = "";
        returns = HandlerReturn.Void;
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
        if (SymbolEqualityComparer.Default.Equals(first, known.Command))
        {
            commandType = KnownTypes.CommandName;
        }
        else if (commands.Find(first, known.Command) is { } match)
        {
            command = match;
            commandType = match.FullName;
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
            var letter = SymbolEqualityComparer.Default.Equals(parameter.Type, known.EventEmitter) ? "e"
                : SymbolEqualityComparer.Default.Equals(parameter.Type, known.CancellationToken) ? "t"
                : null;
            if (letter is null || letters.Contains(letter))
            {
                return $"has an unexpected parameter '{parameter.Name}'";
            }
            letters += letter;
        }
        arguments = letters;
        if (method.ReturnsVoid)
        {
            if (method.IsAsync)
            {
                return "is async void (its exceptions would crash the process)";
            }
            returns = HandlerReturn.Void;
        }
        else if (SymbolEqualityComparer.Default.Equals(method.ReturnType, known.ValueTask))
        {
            returns = HandlerReturn.ValueTask;
        }
        else if (SymbolEqualityComparer.Default.Equals(method.ReturnType, known.Task))
        {
            returns = HandlerReturn.Task;
        }
        else
        {
            return $"returns '{method.ReturnType.ToDisplayString()}'";
        }
        return null;
    }

    private static List<ConfigFieldModel> CollectConfigFields(MemberScan members, KnownTypes known, List<DiagnosticInfo> diagnostics, CancellationToken cancellationToken)
    {
        var fields = new List<ConfigFieldModel>();
        var keys = new Dictionary<string, string>();
        foreach (var (member, attribute) in members.ConfigMembers)
        {
            cancellationToken.ThrowIfCancellationRequested();
            var location = member.Locations.FirstOrDefault();
            var memberType = member is IPropertySymbol p ? p.Type : ((IFieldSymbol)member).Type;
            var kind = KindOf(memberType, known);
            if (kind is null)
            {
                diagnostics.Add(Info(Diagnostics.UnsupportedConfigType, location, member.Name, memberType.ToDisplayString()));
                continue;
            }
            if (!IsSettable(member, members))
            {
                diagnostics.Add(Info(Diagnostics.ConfigMemberNotSettable, location, member.Name));
                continue;
            }
            var key = attribute.ConstructorArguments.Length > 0 ? attribute.ConstructorArguments[0].Value as string ?? member.Name : member.Name;
            var explicitType = attribute.NamedArguments.FirstOrDefault(a => a.Key == "Type");
            var fieldType = explicitType.Key is null ? InferFieldType(kind.Value) : FieldTypeName(explicitType.Value.Value);
            var optionsArgument = attribute.NamedArguments.FirstOrDefault(a => a.Key == "Options");
            var hasOptions = optionsArgument.Key is not null && !optionsArgument.Value.IsNull;
            var options = hasOptions ? optionsArgument.Value.Values.Select(v => v.Value as string ?? "").ToEquatableArray() : EquatableArray<string>.Empty;

            var mismatch = FieldTypeProblem(fieldType, kind.Value, hasOptions, options.Count);
            if (mismatch is not null)
            {
                diagnostics.Add(Info(Diagnostics.FieldTypeMismatch, location, key, mismatch));
                continue;
            }
            if (keys.TryGetValue(key, out var other))
            {
                diagnostics.Add(Info(Diagnostics.DuplicateConfigKey, location, key, other));
                continue;
            }
            keys[key] = member.Name;
            var required = (Named<bool?>(attribute, "Required") ?? false) || IsRequiredMember(member);
            fields.Add(new ConfigFieldModel(member.Name, key, Named<string>(attribute, "Label") ?? key, fieldType, required,
                Named<string>(attribute, "Placeholder") ?? "", Named<bool?>(attribute, "Advanced") ?? false, options, hasOptions, kind.Value));
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

    private static void ReportUnboundRequiredMembers(MemberScan members, List<DiagnosticInfo> diagnostics)
    {
        foreach (var member in members.UnboundRequired)
        {
            diagnostics.Add(Info(Diagnostics.RequiredMemberNotBound, member.Locations.FirstOrDefault(), member.Name));
        }
    }

    private static ConstructorKind? ConstructorKindOf(INamedTypeSymbol type, ClassDeclarationSyntax syntax, List<DiagnosticInfo> diagnostics)
    {
        var declared = type.InstanceConstructors.Where(c => !c.IsImplicitlyDeclared).ToList();
        if (declared.Count == 0)
        {
            return ConstructorKind.Implicit;
        }
        if (declared.Any(c => c.Parameters.Length == 0))
        {
            return ConstructorKind.DeclaredParameterless;
        }
        diagnostics.Add(Info(Diagnostics.NoParameterlessConstructor, syntax.Identifier.GetLocation(), type.Name));
        return null;
    }

    private static string? FindProducer(INamedTypeSymbol type, KnownTypes known) =>
        type.GetMembers("ProduceAsync").OfType<IMethodSymbol>().FirstOrDefault(m =>
            !m.IsStatic && m.Parameters.Length == 2
            && SymbolEqualityComparer.Default.Equals(m.Parameters[0].Type, known.EventEmitter)
            && SymbolEqualityComparer.Default.Equals(m.Parameters[1].Type, known.CancellationToken)
            && SymbolEqualityComparer.Default.Equals(m.ReturnType, known.Task))?.Name;

    private static ShutdownHookModel? FindShutdownHook(INamedTypeSymbol type, KnownTypes known)
    {
        foreach (var method in type.GetMembers("OnShutdownAsync").OfType<IMethodSymbol>())
        {
            if (method.IsStatic || method.Parameters.Length > 1)
            {
                continue;
            }
            var takesToken = method.Parameters.Length == 1;
            if (takesToken && !SymbolEqualityComparer.Default.Equals(method.Parameters[0].Type, known.CancellationToken))
            {
                continue;
            }
            if (SymbolEqualityComparer.Default.Equals(method.ReturnType, known.ValueTask))
            {
                return new ShutdownHookModel(method.Name, HandlerReturn.ValueTask, takesToken);
            }
            if (SymbolEqualityComparer.Default.Equals(method.ReturnType, known.Task))
            {
                return new ShutdownHookModel(method.Name, HandlerReturn.Task, takesToken);
            }
        }
        return null;
    }

    private static ValueKind? KindOf(ITypeSymbol type, KnownTypes known)
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
            if (SymbolEqualityComparer.Default.Equals(definition, known.ReadOnlyList)) return ValueKind.StringReadOnlyList;
            if (SymbolEqualityComparer.Default.Equals(definition, known.List)) return ValueKind.StringList;
            if (SymbolEqualityComparer.Default.Equals(definition, known.EquatableList)) return ValueKind.StringEquatableList;
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

    private static bool IsSettable(ISymbol member, MemberScan members) => member switch
    {
        IFieldSymbol field => !field.IsConst && !field.IsStatic,
        // A setter (set or init), or a get-only auto-property: both can be assigned in the generated constructor.
        IPropertySymbol property => !property.IsStatic && (property.SetMethod is not null
            || members.Fields.Any(f => SymbolEqualityComparer.Default.Equals(f.AssociatedSymbol, property))),
        _ => false,
    };

    private static bool IsRequiredMember(ISymbol member) => member switch
    {
        IPropertySymbol property => property.IsRequired,
        IFieldSymbol field => field.IsRequired,
        _ => false,
    };

    private static bool IsPartialAll(INamedTypeSymbol type)
    {
        for (INamedTypeSymbol? current = type; current is not null; current = current.ContainingType)
        {
            foreach (var reference in current.DeclaringSyntaxReferences)
            {
                if (reference.GetSyntax() is TypeDeclarationSyntax declaration && !declaration.Modifiers.Any(SyntaxKind.PartialKeyword))
                {
                    return false;
                }
            }
        }
        return true;
    }

    private static EquatableArray<ContainingTypeModel> ContainingTypes(INamedTypeSymbol type)
    {
        var chain = new List<ContainingTypeModel>();
        for (var current = type.ContainingType; current is not null; current = current.ContainingType)
        {
            var keyword = current.IsRecord ? (current.IsValueType ? "record struct" : "record")
                : current.TypeKind == TypeKind.Struct ? "struct"
                : current.TypeKind == TypeKind.Interface ? "interface"
                : "class";
            var name = current.TypeParameters.Length == 0 ? current.Name : $"{current.Name}<{string.Join(", ", current.TypeParameters.Select(t => t.Name))}>";
            chain.Insert(0, new ContainingTypeModel(keyword, name));
        }
        return chain.ToEquatableArray();
    }

    private static string HintName(INamedTypeSymbol type)
    {
        var name = type.ToDisplayString(SymbolDisplayFormat.FullyQualifiedFormat).Replace("global::", "");
        var chars = name.Select(c => char.IsLetterOrDigit(c) || c == '.' || c == '_' ? c : '_').ToArray();
        return new string(chars) + ".g.cs";
    }

    internal static string Full(ITypeSymbol type) => type.ToDisplayString(SymbolDisplayFormat.FullyQualifiedFormat);

    private static T? Named<T>(AttributeData attribute, string name)
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

    private static IReadOnlyList<string> NamedArray(AttributeData attribute, string name)
    {
        foreach (var argument in attribute.NamedArguments)
        {
            if (argument.Key == name && !argument.Value.IsNull && argument.Value.Kind == TypedConstantKind.Array)
            {
                return argument.Value.Values.Select(v => v.Value as string).Where(v => !string.IsNullOrEmpty(v)).Select(v => v!).ToList();
            }
        }
        return [];
    }

    private static DiagnosticInfo Info(DiagnosticDescriptor descriptor, Location? location, params string[] arguments)
    {
        var span = location?.GetLineSpan() ?? default;
        return new DiagnosticInfo(descriptor.Id, location?.SourceTree?.FilePath ?? "", location?.SourceSpan.Start ?? 0, location?.SourceSpan.Length ?? 0,
            span.StartLinePosition.Line, span.StartLinePosition.Character, span.EndLinePosition.Line, span.EndLinePosition.Character, arguments.ToEquatableArray());
    }

    private static bool IsAttribute(AttributeData attribute, INamedTypeSymbol expected) =>
        attribute.AttributeClass is { } attributeClass
        // The name first: it rules out nearly every other attribute without comparing symbols.
        && attributeClass.Name == expected.Name
        && SymbolEqualityComparer.Default.Equals(attributeClass, expected);

    /// <summary>
    /// The members the later checks look at, from one pass over the type's members with each member's attributes
    /// read once: [OnCommand] methods, [ConfigField] properties and fields, every field, and the required members
    /// without [ConfigField]. Each list keeps the members' declaration order, so diagnostics keep their order.
    /// </summary>
    private sealed class MemberScan
    {
        public readonly List<IMethodSymbol> Handlers = [];
        public readonly List<(ISymbol Member, AttributeData Attribute)> ConfigMembers = [];
        public readonly List<IFieldSymbol> Fields = [];
        public readonly List<ISymbol> UnboundRequired = [];

        public static MemberScan Of(INamedTypeSymbol type, KnownTypes known, CancellationToken cancellationToken)
        {
            var scan = new MemberScan();
            foreach (var member in type.GetMembers())
            {
                cancellationToken.ThrowIfCancellationRequested();
                switch (member)
                {
                    case IMethodSymbol method:
                        foreach (var attribute in method.GetAttributes())
                        {
                            if (IsAttribute(attribute, known.OnCommandAttribute))
                            {
                                scan.Handlers.Add(method);
                                break;
                            }
                        }
                        break;
                    case IPropertySymbol or IFieldSymbol:
                        if (member is IFieldSymbol field)
                        {
                            scan.Fields.Add(field);
                        }
                        AttributeData? configField = null;
                        foreach (var attribute in member.GetAttributes())
                        {
                            if (IsAttribute(attribute, known.ConfigFieldAttribute))
                            {
                                configField = attribute;
                                break;
                            }
                        }
                        if (configField is not null)
                        {
                            scan.ConfigMembers.Add((member, configField));
                        }
                        else if (IsRequiredMember(member))
                        {
                            scan.UnboundRequired.Add(member);
                        }
                        break;
                }
            }
            return scan;
        }
    }

    /// <summary>The runtime types the generator looks for, resolved in the adapter's compilation.</summary>
    private sealed class KnownTypes
    {
        /// <summary>How <see cref="Full"/> spells <c>Command</c>: found by this metadata name, it cannot be spelled otherwise.</summary>
        public const string CommandName = "global::" + RuntimeNamespace + ".Command";

        private Compilation _compilation = null!;
        private INamedTypeSymbol? _equatableList;
        private INamedTypeSymbol? _readOnlyList;
        private INamedTypeSymbol? _list;
        private bool _listsResolved;

        public INamedTypeSymbol Command = null!;
        public INamedTypeSymbol EventEmitter = null!;
        public INamedTypeSymbol ReadyEvent = null!;
        public INamedTypeSymbol OnCommandAttribute = null!;
        public INamedTypeSymbol ConfigFieldAttribute = null!;
        public INamedTypeSymbol? CommandCapabilityAttribute;
        public INamedTypeSymbol? RuntimeCommandAttribute;
        public INamedTypeSymbol? CancellationToken;
        public INamedTypeSymbol? ValueTask;
        public INamedTypeSymbol? Task;

        // Only config members of a generic type need the list types: resolve them on first use.
        public INamedTypeSymbol? EquatableList => ResolveLists()._equatableList;
        public INamedTypeSymbol? ReadOnlyList => ResolveLists()._readOnlyList;
        public INamedTypeSymbol? List => ResolveLists()._list;

        public static KnownTypes? Create(Compilation compilation)
        {
            var command = compilation.GetTypeByMetadataName(RuntimeNamespace + ".Command");
            var emitter = compilation.GetTypeByMetadataName(RuntimeNamespace + ".IEventEmitter");
            var ready = compilation.GetTypeByMetadataName(RuntimeNamespace + ".ReadyEvent");
            var onCommand = compilation.GetTypeByMetadataName(RuntimeNamespace + ".OnCommandAttribute");
            var configField = compilation.GetTypeByMetadataName(RuntimeNamespace + ".ConfigFieldAttribute");
            if (command is null || emitter is null || ready is null || onCommand is null || configField is null)
            {
                return null;
            }
            return new KnownTypes
            {
                _compilation = compilation,
                Command = command,
                EventEmitter = emitter,
                ReadyEvent = ready,
                OnCommandAttribute = onCommand,
                ConfigFieldAttribute = configField,
                CommandCapabilityAttribute = compilation.GetTypeByMetadataName(RuntimeNamespace + ".CommandCapabilityAttribute"),
                RuntimeCommandAttribute = compilation.GetTypeByMetadataName(RuntimeNamespace + ".RuntimeCommandAttribute"),
                CancellationToken = compilation.GetTypeByMetadataName("System.Threading.CancellationToken"),
                ValueTask = compilation.GetTypeByMetadataName("System.Threading.Tasks.ValueTask"),
                Task = compilation.GetTypeByMetadataName("System.Threading.Tasks.Task"),
            };
        }

        private KnownTypes ResolveLists()
        {
            if (!_listsResolved)
            {
                _equatableList = _compilation.GetTypeByMetadataName(RuntimeNamespace + ".EquatableList`1");
                _readOnlyList = _compilation.GetTypeByMetadataName("System.Collections.Generic.IReadOnlyList`1");
                _list = _compilation.GetTypeByMetadataName("System.Collections.Generic.List`1");
                _listsResolved = true;
            }
            return this;
        }
    }
}
