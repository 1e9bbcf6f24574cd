using System.Runtime.CompilerServices;
using System.Threading;
using Microsoft.CodeAnalysis;

namespace LibreFang.Sidecar.Generators.Model;

/// <summary>
/// The transform's memory between runs: for each adapter declaration (a syntax node, which lives as long as its file
/// is unchanged), the model last read from it and the shape of the compilation it was read in. When the new
/// compilation has the same shape (<see cref="CompilationShape"/>: the edit was inside a method body, or another
/// file changed nothing at all), the earlier model is the answer and no symbol is bound.
/// </summary>
/// <remarks>
/// Keyed weakly, so the table holds no declaration alive; it holds models (plain values) and shapes (trees and
/// references of the latest compilation), never a compilation or a symbol.
/// </remarks>
internal static class AdapterModelCache
{
    private static readonly ConditionalWeakTable<SyntaxNode, Slot> ByDeclaration = new();

    public static AdapterModel? GetOrBuild(GeneratorAttributeSyntaxContext context, CancellationToken cancellationToken)
    {
        var shape = CompilationShape.Of(context.SemanticModel.Compilation);
        var slot = ByDeclaration.GetValue(context.TargetNode, static _ => new Slot());
        var entry = Volatile.Read(ref slot.Entry);
        if (entry is not null && shape.SameDeclarationsAs(entry.Shape, cancellationToken))
        {
            if (!ReferenceEquals(entry.Shape, shape))
            {
                // Remember the newest shape, so the earlier compilation's trees can go.
                Volatile.Write(ref slot.Entry, new Entry(shape, entry.Model));
            }
            return entry.Model;
        }
        var model = AdapterModelBuilder.Build(context, cancellationToken);
        Volatile.Write(ref slot.Entry, new Entry(shape, model));
        return model;
    }

    private sealed class Slot
    {
        public Entry? Entry;
    }

    private sealed class Entry(CompilationShape shape, AdapterModel? model)
    {
        public CompilationShape Shape { get; } = shape;
        public AdapterModel? Model { get; } = model;
    }
}
