using System.Collections.Immutable;
using System.Runtime.CompilerServices;
using System.Threading;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;

namespace LibreFang.Sidecar.Generators.Model;

/// <summary>
/// Everything in a compilation that can change what an adapter class means: its syntax trees up to their declarations,
/// its references, options and assembly name. Two compilations of the same shape bind every declaration, attribute
/// and signature alike, so an adapter read in one reads the same in the other.
/// </summary>
/// <remarks>
/// The usual edit in an editor changes one file inside a method body. Roslyn then makes a new compilation, whose
/// symbols are all new, and <c>ForAttributeWithMetadataName</c> runs the transform of every adapter again, although
/// none can have changed. Comparing shapes recognizes that case (<see cref="AdapterModelCache"/>). Two trees count as
/// the same declarations when they are the same object, or when Roslyn's top-level equivalence holds (it ignores
/// method bodies and the initializers of non-const fields, which cannot change another declaration's binding) and
/// their parse options and preprocessor directives (<c>#nullable</c> among them) are equal. A shape holds trees and
/// references but never the compilation.
/// </remarks>
internal sealed class CompilationShape
{
    private static readonly ConditionalWeakTable<Compilation, CompilationShape> ByCompilation = new();
    private static long _lastId;

    private readonly ImmutableArray<SyntaxTree> _trees;
    private readonly ImmutableArray<MetadataReference> _references;
    private readonly CompilationOptions _options;
    private readonly string? _assemblyName;
    private readonly bool _isSubmission;
    private readonly long _id = Interlocked.Increment(ref _lastId);

    // The id of the last shape found equal to this one: every adapter asks about the same pair after an edit. An id,
    // not the shape, so a chain of shapes never keeps old trees alive.
    private long _sameAsId;

    private CompilationShape(Compilation compilation)
    {
        _trees = compilation.SyntaxTrees.ToImmutableArray();
        _references = compilation.References.ToImmutableArray();
        _options = compilation.Options;
        _assemblyName = compilation.AssemblyName;
        _isSubmission = compilation.ScriptCompilationInfo is not null;
    }

    public static CompilationShape Of(Compilation compilation) => ByCompilation.GetValue(compilation, static c => new CompilationShape(c));

    /// <summary>Whether every declaration binds in this compilation as in the one <paramref name="earlier"/> was taken from.</summary>
    public bool SameDeclarationsAs(CompilationShape earlier, CancellationToken cancellationToken)
    {
        if (ReferenceEquals(this, earlier) || Volatile.Read(ref _sameAsId) == earlier._id)
        {
            return true;
        }
        if (_isSubmission || earlier._isSubmission
            || _assemblyName != earlier._assemblyName
            || !Equals(_options, earlier._options)
            || !SameReferences(_references, earlier._references)
            || _trees.Length != earlier._trees.Length)
        {
            return false;
        }
        for (var i = 0; i < _trees.Length; i++)
        {
            if (!SameDeclarations(_trees[i], earlier._trees[i], cancellationToken))
            {
                return false;
            }
        }
        Volatile.Write(ref _sameAsId, earlier._id);
        return true;
    }

    private static bool SameReferences(ImmutableArray<MetadataReference> left, ImmutableArray<MetadataReference> right)
    {
        if (left.Length != right.Length)
        {
            return false;
        }
        for (var i = 0; i < left.Length; i++)
        {
            if (!ReferenceEquals(left[i], right[i]))
            {
                return false;
            }
        }
        return true;
    }

    private static bool SameDeclarations(SyntaxTree tree, SyntaxTree earlier, CancellationToken cancellationToken)
    {
        if (ReferenceEquals(tree, earlier))
        {
            return true;
        }
        if (tree.FilePath != earlier.FilePath || !Equals(tree.Options, earlier.Options))
        {
            return false;
        }
        var root = tree.GetRoot(cancellationToken);
        var earlierRoot = earlier.GetRoot(cancellationToken);
        return SyntaxFactory.AreEquivalent(root, earlierRoot, topLevel: true) && SameDirectives(root, earlierRoot);
    }

    // Top-level equivalence compares tokens only; directives are trivia, and #nullable changes what declarations mean.
    private static bool SameDirectives(SyntaxNode root, SyntaxNode earlierRoot)
    {
        if (!root.ContainsDirectives && !earlierRoot.ContainsDirectives)
        {
            return true;
        }
        var directive = (root as CSharpSyntaxNode)?.GetFirstDirective();
        var earlierDirective = (earlierRoot as CSharpSyntaxNode)?.GetFirstDirective();
        while (directive is not null && earlierDirective is not null)
        {
            if (!SyntaxFactory.AreEquivalent(directive, earlierDirective, topLevel: false))
            {
                return false;
            }
            directive = directive.GetNextDirective();
            earlierDirective = earlierDirective.GetNextDirective();
        }
        return directive is null && earlierDirective is null;
    }
}
