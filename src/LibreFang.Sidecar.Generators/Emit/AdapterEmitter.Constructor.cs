using System.Linq;
using LibreFang.Sidecar.Generators.Model;
using LibreFang.Sidecar.Roslyn;

namespace LibreFang.Sidecar.Generators.Emit;

// Constructor selection and injection: how the generated factory reaches the adapter's own constructor.
internal static partial class AdapterEmitter
{
    private const string Services = "global::LibreFang.Sidecar.SidecarServices";

    /// <summary>
    /// Opens <c>Create</c>. An adapter with a service constructor gets the overload taking an
    /// <see cref="System.IServiceProvider"/>, and the settings-only one builds the built-in services.
    /// </summary>
    private static void EmitCreateSignatures(IndentedWriter w, AdapterModel model)
    {
        var self = model.ClassName;
        if (model.Constructor != ConstructorKind.Injected)
        {
            w.Open($"public static {self} Create({Rt}ISettingsSource settings)");
            return;
        }
        w.Line($"public static {self} Create({Rt}ISettingsSource settings) => Create(settings, new {Services}(new {Rt}SidecarHostOptions()));");
        w.Line();
        w.Line("/// <summary>Builds the adapter from configuration and the services its constructor takes.</summary>");
        w.Open($"public static {self} Create({Rt}ISettingsSource settings, global::System.IServiceProvider services)");
    }

    /// <summary>The resolved services after the configuration argument: <c>, a, b</c>.</summary>
    private static string ServiceArguments(AdapterModel model) =>
        string.Concat(model.ConstructorServices.Select(p => ", " + p.Kind switch
        {
            ServiceKind.Logger => $"{Services}.Logger<{p.Type}>(services)",
            ServiceKind.HttpClient => $"{Services}.HttpClient(services)",
            _ => $"{Services}.Required<{p.Type}>(services, {Literal(model.ClassName)})",
        }));

    /// <summary>The service parameters of the binding constructor, after its configuration.</summary>
    private static string ServiceParameters(AdapterModel model) =>
        string.Concat(model.ConstructorServices.Select((p, i) => $", {ParameterType(p)} service{i}"));

    private static string ConstructorChain(AdapterModel model) => model.Constructor switch
    {
        ConstructorKind.DeclaredParameterless => " : this()",
        ConstructorKind.Injected => " : this(" + string.Join(", ", model.ConstructorServices.Select((_, i) => $"service{i}")) + ")",
        _ => "",
    };

    private static string ParameterType(ServiceParameterModel parameter) =>
        parameter.Kind == ServiceKind.Logger ? $"global::Microsoft.Extensions.Logging.ILogger<{parameter.Type}>" : parameter.Type;
}
