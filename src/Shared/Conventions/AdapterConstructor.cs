using System.Collections.Generic;
using System.Linq;
using Microsoft.CodeAnalysis;

namespace LibreFang.Sidecar.Roslyn;

/// <summary>How the generated factory obtains one constructor parameter.</summary>
internal enum ServiceKind
{
    /// <summary>An <c>ILogger&lt;T&gt;</c>: the provider's, or a sidecar logger for <c>T</c>.</summary>
    Logger,
    /// <summary>An <c>HttpClient</c>: the provider's, or one shared by the process.</summary>
    HttpClient,
    /// <summary>Any other reference type: the built-in set, then the user's service provider.</summary>
    Service,
}

/// <summary>One parameter of the adapter's service constructor.</summary>
internal sealed class ServiceParameter
{
    public ServiceParameter(string name, string type, ServiceKind kind)
    {
        Name = name;
        Type = type;
        Kind = kind;
    }

    public string Name { get; }

    /// <summary>Fully qualified: the service type, or for a logger its category type.</summary>
    public string Type { get; }

    public ServiceKind Kind { get; }
}

/// <summary>
/// Which constructor the generated factory calls. A parameterless one wins; otherwise a single constructor whose
/// parameters are services (resolved by their static type, so no reflection at run time). What can never be a service
/// (a value type, a string, an array, a ref parameter) is reported where it is declared.
/// </summary>
internal static class AdapterConstructor
{
    public static ConstructorKind Select(INamedTypeSymbol type, Location identifier, List<ServiceParameter> services, List<AdapterProblem> problems)
    {
        // The analyzers also see the generator's output: its binding constructor is not the user's.
        var declared = type.InstanceConstructors.Where(c => !c.IsImplicitlyDeclared && !IsGeneratedBinding(c)).ToList();
        if (declared.Count == 0)
        {
            return ConstructorKind.Implicit;
        }
        if (declared.Any(c => c.Parameters.Length == 0))
        {
            return ConstructorKind.DeclaredParameterless;
        }
        if (declared.Count > 1)
        {
            problems.Add(new AdapterProblem(AdapterRule.NoParameterlessConstructor, identifier, type.Name));
            return ConstructorKind.None;
        }
        foreach (var parameter in declared[0].Parameters)
        {
            if (WhyNotAService(parameter) is { } reason)
            {
                var location = parameter.Locations.FirstOrDefault() ?? identifier;
                problems.Add(new AdapterProblem(AdapterRule.ParameterNotInjectable, location, parameter.Name, type.Name, reason));
                continue;
            }
            services.Add(parameter.Type is INamedTypeSymbol { IsGenericType: true } generic
                         && generic.ConstructedFrom.ToDisplayString() == "Microsoft.Extensions.Logging.ILogger<TCategoryName>"
                ? new ServiceParameter(parameter.Name, TypeNames.Full(generic.TypeArguments[0].WithNullableAnnotation(NullableAnnotation.NotAnnotated)), ServiceKind.Logger)
                : parameter.Type.ToDisplayString() is "System.Net.Http.HttpClient" or "System.Net.Http.HttpClient?"
                    ? new ServiceParameter(parameter.Name, "global::System.Net.Http.HttpClient", ServiceKind.HttpClient)
                    : new ServiceParameter(parameter.Name, TypeNames.Full(parameter.Type.WithNullableAnnotation(NullableAnnotation.NotAnnotated)), ServiceKind.Service));
        }
        return ConstructorKind.Injected;
    }

    /// <summary>The name of the struct the generated binding constructor takes first (AdapterEmitter spells it).</summary>
    public const string GeneratedConfigurationStruct = "__LibreFangConfiguration";

    private static bool IsGeneratedBinding(IMethodSymbol constructor) =>
        constructor.Parameters.Length > 0 && constructor.Parameters[0].Type.Name == GeneratedConfigurationStruct;

    private static string? WhyNotAService(IParameterSymbol parameter) =>
        parameter.RefKind != RefKind.None ? "it is passed by reference"
        : parameter.IsParams ? "it is a params array"
        : parameter.Type.SpecialType == SpecialType.System_String ? "a string is configuration; bind it with [ConfigField] instead"
        : parameter.Type.IsValueType ? "a value type is configuration, not a service; bind it with [ConfigField] instead"
        : parameter.Type.TypeKind is TypeKind.Array or TypeKind.Pointer or TypeKind.FunctionPointer or TypeKind.TypeParameter or TypeKind.Dynamic or TypeKind.Error
            ? "only classes and interfaces are resolved as services"
        : null;
}
