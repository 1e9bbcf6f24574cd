using System;
using System.Collections.Immutable;
using System.Threading.Tasks;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CodeFixes;

namespace LibreFang.Sidecar.Analyzers.CodeFixes.Editing;

/// <summary>
/// Fix All for fixes whose diagnostics share one edit site (several commands of one adapter, several capabilities of
/// one attribute): the batch fixer would drop overlapping edits, so each document is fixed in one pass with every
/// diagnostic at once, using the same routine as the single fix.
/// </summary>
internal sealed class DelegatingFixAllProvider : DocumentBasedFixAllProvider
{
    private readonly Func<Document, ImmutableArray<Diagnostic>, string, System.Threading.CancellationToken, Task<Document>> _fix;

    public DelegatingFixAllProvider(Func<Document, ImmutableArray<Diagnostic>, string, System.Threading.CancellationToken, Task<Document>> fix) =>
        _fix = fix;

    protected override async Task<Document?> FixAllAsync(FixAllContext fixAllContext, Document document, ImmutableArray<Diagnostic> diagnostics) =>
        diagnostics.IsEmpty
            ? document
            : await _fix(document, diagnostics, fixAllContext.CodeActionEquivalenceKey ?? string.Empty, fixAllContext.CancellationToken).ConfigureAwait(false);
}
