using System.Collections.Generic;
using System.Threading;
using Microsoft.CodeAnalysis;

namespace LibreFang.Sidecar.Roslyn;

/// <summary>
/// One <c>[SidecarAdapter]</c> class read through the adapter conventions: what the generator turns into code and
/// the problems the declaration analyzer reports (LFS0001–LFS0014, LFS0020). Both call <see cref="Read"/>, so what is generated
/// and what is reported come from the same reading.
/// </summary>
internal sealed class AdapterDeclaration
{
    private AdapterDeclaration(List<AdapterProblem> problems)
    {
        Problems = problems;
    }

    public List<AdapterProblem> Problems { get; }

    /// <summary>False when no partial declaration can be generated at all (LFS0001, LFS0008).</summary>
    public bool CanGenerate { get; private set; }

    /// <summary>A problem leaves the generator only a stub (<c>RunAsync</c> that throws).</summary>
    public bool HasBlockingProblems
    {
        get
        {
            foreach (var problem in Problems)
            {
                if (problem.PreventsGeneration)
                {
                    return true;
                }
            }
            return false;
        }
    }

    public List<DispatchedHandler> Handlers { get; private set; } = [];
    public List<ConfigFieldDeclaration> ConfigFields { get; private set; } = [];
    public IMethodSymbol? Producer { get; private set; }
    public ShutdownHook? ShutdownHook { get; private set; }
    public IMethodSymbol? ReadyHook { get; private set; }
    public IMethodSymbol? ValidationHook { get; private set; }
    public ConstructorKind Constructor { get; private set; }

    /// <summary>The parameters of the service constructor (<see cref="ConstructorKind.Injected"/>), in order.</summary>
    public List<ServiceParameter> ConstructorServices { get; } = [];

    /// <param name="identifier">The identifier of the class declaration that carries the attribute.</param>
    public static AdapterDeclaration Read(INamedTypeSymbol type, Location identifier, RuntimeSymbols symbols, ICommandLookup commands,
        Compilation compilation, CancellationToken cancellationToken)
    {
        var declaration = new AdapterDeclaration([]);
        var problems = declaration.Problems;
        if (!AdapterShape.IsPartialAll(type, cancellationToken))
        {
            problems.Add(new AdapterProblem(AdapterRule.NotPartial, identifier, type.Name));
            return declaration;
        }
        if (AdapterShape.ShapeProblem(type) is { } shape)
        {
            problems.Add(new AdapterProblem(AdapterRule.InvalidAdapterShape, identifier, type.Name, shape));
            return declaration;
        }
        declaration.CanGenerate = true;
        cancellationToken.ThrowIfCancellationRequested();

        var members = AdapterMembers.Scan(type, symbols, cancellationToken);
        declaration.Handlers = CommandHandlers.Collect(type, members, symbols, commands, compilation, identifier, problems, cancellationToken);
        declaration.ConfigFields = ConfigFieldConventions.Collect(members, symbols, identifier, problems, cancellationToken);
        declaration.Constructor = AdapterConstructor.Select(type, identifier, declaration.ConstructorServices, problems);
        // A method marked with a hook attribute is the hook whatever its name; without one, the conventional name.
        declaration.Producer = AdapterHooks.FindMarked(type, symbols.ProducerAttribute, m => AdapterHooks.IsProducerSignature(m, symbols),
                "Producer", HookLookalikes.ProducerSignature, problems, identifier, compilation)
            ?? AdapterHooks.FindProducer(type, symbols, compilation);
        declaration.ShutdownHook = AdapterHooks.FindMarked(type, symbols.ShutdownHookAttribute, m => AdapterHooks.ShutdownHookOf(m, symbols) is not null,
                "ShutdownHook", HookLookalikes.ShutdownSignature, problems, identifier, compilation) is { } markedShutdown
            ? AdapterHooks.ShutdownHookOf(markedShutdown, symbols)
            : AdapterHooks.FindShutdownHook(type, symbols, compilation);
        declaration.ReadyHook = AdapterHooks.FindMarked(type, symbols.ReadyHookAttribute, m => AdapterHooks.IsReadySignature(m, symbols),
                "ReadyHook", HookLookalikes.ReadySignature, problems, identifier, compilation)
            ?? AdapterHooks.FindReadyHook(type, symbols, compilation);
        declaration.ValidationHook = AdapterHooks.FindMarked(type, symbols.ConfigurationCheckAttribute, m => AdapterHooks.IsValidationSignature(m, symbols),
                "ConfigurationCheck", HookLookalikes.ValidationSignature, problems, identifier, compilation)
            ?? AdapterHooks.FindValidationHook(type, symbols, compilation);
        HookLookalikes.Report(type, symbols,
            (declaration.Producer is not null, declaration.ShutdownHook is not null, declaration.ReadyHook is not null, declaration.ValidationHook is not null),
            problems, identifier, cancellationToken);
        ConfigFieldConventions.ReportInherited(type, symbols, problems, identifier, cancellationToken);
        return declaration;
    }
}
