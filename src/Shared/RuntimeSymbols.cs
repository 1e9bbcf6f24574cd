using Microsoft.CodeAnalysis;

namespace LibreFang.Sidecar.Roslyn;

/// <summary>
/// The runtime's types, resolved in one compilation. <see cref="Create"/> returns null when the compilation does not
/// reference LibreFang.Sidecar.Runtime; then there is no adapter to generate or check.
/// </summary>
internal sealed class RuntimeSymbols
{
    private Compilation _compilation = null!;
    private ListTypes? _lists;

    private RuntimeSymbols()
    {
    }

    public INamedTypeSymbol Command { get; private set; } = null!;
    public INamedTypeSymbol EventEmitter { get; private set; } = null!;
    public INamedTypeSymbol ReadyEvent { get; private set; } = null!;
    public INamedTypeSymbol SidecarAdapterAttribute { get; private set; } = null!;
    public INamedTypeSymbol OnCommandAttribute { get; private set; } = null!;
    public INamedTypeSymbol ConfigFieldAttribute { get; private set; } = null!;
    public INamedTypeSymbol? SidecarAdapterInterface { get; private set; }
    public INamedTypeSymbol? CommandCapabilityAttribute { get; private set; }
    public INamedTypeSymbol? OptionalCommandAttribute { get; private set; }
    public INamedTypeSymbol? RuntimeCommandAttribute { get; private set; }
    public INamedTypeSymbol? CancellationToken { get; private set; }
    public INamedTypeSymbol? Task { get; private set; }
    public INamedTypeSymbol? ValueTask { get; private set; }
    public INamedTypeSymbol? ConfigurationProblems { get; private set; }
    public INamedTypeSymbol? ProducerAttribute { get; private set; }
    public INamedTypeSymbol? ShutdownHookAttribute { get; private set; }
    public INamedTypeSymbol? ReadyHookAttribute { get; private set; }
    public INamedTypeSymbol? ConfigurationCheckAttribute { get; private set; }

    // Only configuration members of a generic type need the list types: resolve them on first use. One instance serves
    // every adapter of a compilation and, in the analyzers, threads running concurrently.
    public INamedTypeSymbol? EquatableList => ResolveLists().EquatableList;
    public INamedTypeSymbol? ReadOnlyList => ResolveLists().ReadOnlyList;
    public INamedTypeSymbol? List => ResolveLists().List;

    public static RuntimeSymbols? Create(Compilation compilation)
    {
        var command = compilation.GetTypeByMetadataName(MetadataNames.Command);
        var emitter = compilation.GetTypeByMetadataName(MetadataNames.EventEmitter);
        var ready = compilation.GetTypeByMetadataName(MetadataNames.ReadyEvent);
        var adapter = compilation.GetTypeByMetadataName(MetadataNames.SidecarAdapterAttribute);
        var onCommand = compilation.GetTypeByMetadataName(MetadataNames.OnCommandAttribute);
        var configField = compilation.GetTypeByMetadataName(MetadataNames.ConfigFieldAttribute);
        if (command is null || emitter is null || ready is null || adapter is null || onCommand is null || configField is null)
        {
            return null;
        }
        return new RuntimeSymbols
        {
            _compilation = compilation,
            Command = command,
            EventEmitter = emitter,
            ReadyEvent = ready,
            SidecarAdapterAttribute = adapter,
            OnCommandAttribute = onCommand,
            ConfigFieldAttribute = configField,
            SidecarAdapterInterface = compilation.GetTypeByMetadataName(MetadataNames.SidecarAdapterInterface),
            CommandCapabilityAttribute = compilation.GetTypeByMetadataName(MetadataNames.CommandCapabilityAttribute),
            OptionalCommandAttribute = compilation.GetTypeByMetadataName(MetadataNames.OptionalCommandAttribute),
            RuntimeCommandAttribute = compilation.GetTypeByMetadataName(MetadataNames.RuntimeCommandAttribute),
            CancellationToken = compilation.GetTypeByMetadataName("System.Threading.CancellationToken"),
            Task = compilation.GetTypeByMetadataName("System.Threading.Tasks.Task"),
            ValueTask = compilation.GetTypeByMetadataName("System.Threading.Tasks.ValueTask"),
            ConfigurationProblems = compilation.GetTypeByMetadataName(MetadataNames.ConfigurationProblems),
            ProducerAttribute = compilation.GetTypeByMetadataName(MetadataNames.ProducerAttribute),
            ShutdownHookAttribute = compilation.GetTypeByMetadataName(MetadataNames.ShutdownHookAttribute),
            ReadyHookAttribute = compilation.GetTypeByMetadataName(MetadataNames.ReadyHookAttribute),
            ConfigurationCheckAttribute = compilation.GetTypeByMetadataName(MetadataNames.ConfigurationCheckAttribute),
        };
    }

    /// <summary>The <c>[SidecarAdapter]</c> applied to <paramref name="type"/>, or null.</summary>
    public AttributeData? AdapterAttributeOf(INamedTypeSymbol type) => FindAttribute(type, SidecarAdapterAttribute);

    public bool IsCommandHandler(IMethodSymbol method) => FindAttribute(method, OnCommandAttribute) is not null;

    public static AttributeData? FindAttribute(ISymbol symbol, INamedTypeSymbol? expected)
    {
        if (expected is null)
        {
            return null;
        }
        foreach (var attribute in symbol.GetAttributes())
        {
            if (Is(attribute, expected))
            {
                return attribute;
            }
        }
        return null;
    }

    public static bool Is(AttributeData attribute, INamedTypeSymbol? expected) =>
        expected is not null
        && attribute.AttributeClass is { } attributeClass
        // The name first: it rules out nearly every other attribute without comparing symbols.
        && attributeClass.Name == expected.Name
        && SymbolEqualityComparer.Default.Equals(attributeClass, expected);

    public static bool Is(ITypeSymbol? type, INamedTypeSymbol? expected) =>
        expected is not null && SymbolEqualityComparer.Default.Equals(type, expected);

    private ListTypes ResolveLists()
    {
        var lists = System.Threading.Volatile.Read(ref _lists);
        if (lists is null)
        {
            // Racing threads resolve the same symbols; whichever copy is published first is kept.
            lists = new ListTypes(
                _compilation.GetTypeByMetadataName(MetadataNames.EquatableList),
                _compilation.GetTypeByMetadataName("System.Collections.Generic.IReadOnlyList`1"),
                _compilation.GetTypeByMetadataName("System.Collections.Generic.List`1"));
            lists = System.Threading.Interlocked.CompareExchange(ref _lists, lists, null) ?? lists;
        }
        return lists;
    }

    private sealed class ListTypes
    {
        public ListTypes(INamedTypeSymbol? equatableList, INamedTypeSymbol? readOnlyList, INamedTypeSymbol? list)
        {
            EquatableList = equatableList;
            ReadOnlyList = readOnlyList;
            List = list;
        }

        public INamedTypeSymbol? EquatableList { get; }
        public INamedTypeSymbol? ReadOnlyList { get; }
        public INamedTypeSymbol? List { get; }
    }
}
