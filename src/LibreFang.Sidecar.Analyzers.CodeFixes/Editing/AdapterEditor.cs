using System.Collections.Generic;
using System.Linq;
using LibreFang.Sidecar.Roslyn;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Formatting;
using Microsoft.CodeAnalysis.Simplification;

namespace LibreFang.Sidecar.Analyzers.CodeFixes.Editing;

/// <summary>Edits of a [SidecarAdapter] class declaration shared by the command and capability fixes.</summary>
internal static class AdapterEditor
{
    // The attribute as a stub writes it: the metadata name without "Attribute", fully qualified.
    private const string OnCommandAttributeSyntax = "global::" + MetadataNames.Namespace + ".OnCommand";

    /// <summary>The class declaration a diagnostic sits in (its identifier, or something inside its attribute).</summary>
    public static ClassDeclarationSyntax? FindClass(SyntaxNode root, Diagnostic diagnostic)
    {
        var token = root.FindToken(diagnostic.Location.SourceSpan.Start);
        return token.Parent?.FirstAncestorOrSelf<ClassDeclarationSyntax>();
    }

    /// <summary>The [SidecarAdapter] attribute written on this declaration.</summary>
    public static AttributeSyntax? FindAdapterAttribute(ClassDeclarationSyntax declaration, SemanticModel model)
    {
        foreach (var attribute in declaration.AttributeLists.SelectMany(list => list.Attributes))
        {
            var type = model.GetTypeInfo(attribute).Type ?? (model.GetSymbolInfo(attribute).Symbol as IMethodSymbol)?.ContainingType;
            if (type?.ToDisplayString() == MetadataNames.SidecarAdapterAttribute)
            {
                return attribute;
            }
        }
        return null;
    }

    /// <summary>
    /// Appends one <c>[OnCommand]</c> method per command type (fully qualified names) that throws
    /// NotImplementedException, named <c>On&lt;Command&gt;Async</c> and unique in the type.
    /// </summary>
    public static ClassDeclarationSyntax AddHandlerStubs(
        ClassDeclarationSyntax declaration, INamedTypeSymbol? adapterType, IEnumerable<string> commandTypes)
    {
        var taken = new HashSet<string>(adapterType?.MemberNames ?? Enumerable.Empty<string>(), System.StringComparer.Ordinal);
        taken.Add(declaration.Identifier.ValueText);
        var stubs = new List<MemberDeclarationSyntax>();
        foreach (var commandType in commandTypes.Distinct(System.StringComparer.Ordinal))
        {
            var shortName = commandType.Substring(commandType.LastIndexOf('.') + 1);
            var stem = shortName.EndsWith("Command", System.StringComparison.Ordinal) && shortName.Length > "Command".Length
                ? shortName.Substring(0, shortName.Length - "Command".Length)
                : shortName;
            var name = "On" + stem + "Async";
            for (var suffix = 2; !taken.Add(name); suffix++)
            {
                name = "On" + stem + suffix + "Async";
            }
            // A blank line between members, none right after the opening brace.
            var separator = declaration.Members.Count > 0 || stubs.Count > 0 ? "\n" : string.Empty;
            var text = separator
                + "[" + OnCommandAttributeSyntax + "]\n"
                + "private global::System.Threading.Tasks.ValueTask " + name + "(" + commandType + " command, global::System.Threading.CancellationToken cancellationToken)\n"
                + "{\n    throw new global::System.NotImplementedException();\n}\n";
            var member = SyntaxFactory.ParseMemberDeclaration(text);
            if (member is not null)
            {
                stubs.Add(member.WithAdditionalAnnotations(Simplifier.Annotation, Formatter.Annotation));
            }
        }
        return declaration.AddMembers(stubs.ToArray());
    }

    /// <summary>Adds <c>typeof(T)</c> entries to <c>IgnoredCommands</c>, creating the argument when missing.</summary>
    public static AttributeSyntax AddIgnoredCommands(AttributeSyntax attribute, IEnumerable<string> commandTypes)
    {
        var additions = commandTypes
            .Distinct(System.StringComparer.Ordinal)
            .Select(type => (ExpressionSyntax)SyntaxFactory.TypeOfExpression(
                SyntaxFactory.ParseTypeName(type).WithAdditionalAnnotations(Simplifier.Annotation)))
            .ToList();
        if (additions.Count == 0)
        {
            return attribute;
        }

        var argument = FindNamedArgument(attribute, "IgnoredCommands");
        if (argument is null)
        {
            var created = SyntaxFactory.AttributeArgument(
                SyntaxFactory.NameEquals(SyntaxFactory.IdentifierName("IgnoredCommands")),
                nameColon: null,
                ImplicitArray(additions));
            var list = attribute.ArgumentList ?? SyntaxFactory.AttributeArgumentList();
            return attribute.WithArgumentList(list.AddArguments(created));
        }

        ExpressionSyntax updated = argument.Expression switch
        {
            ImplicitArrayCreationExpressionSyntax implicitArray =>
                implicitArray.WithInitializer(implicitArray.Initializer.AddExpressions(additions.ToArray())),
            ArrayCreationExpressionSyntax { Initializer: { } initializer } array =>
                array.WithInitializer(initializer.AddExpressions(additions.ToArray())),
            CollectionExpressionSyntax collection =>
                collection.AddElements(additions.Select(a => (CollectionElementSyntax)SyntaxFactory.ExpressionElement(a)).ToArray()),
            _ => ImplicitArray(additions),
        };
        return attribute.ReplaceNode(argument, argument.WithExpression(updated.WithTriviaFrom(argument.Expression)));
    }

    /// <summary>
    /// Removes the given elements from the <c>Capabilities</c> array; removes the whole argument when nothing is
    /// left (an empty <c>new[] { }</c> would not compile).
    /// </summary>
    public static AttributeSyntax RemoveCapabilities(AttributeSyntax attribute, ICollection<ExpressionSyntax> elements)
    {
        var argument = FindNamedArgument(attribute, "Capabilities");
        if (argument is null || attribute.ArgumentList is null)
        {
            return attribute;
        }
        var all = AdapterArrays.Elements(argument.Expression);
        var remaining = all.Where(e => !elements.Contains(e)).ToList();
        if (remaining.Count == 0)
        {
            return attribute.WithArgumentList(attribute.ArgumentList.WithArguments(attribute.ArgumentList.Arguments.Remove(argument)));
        }
        if (!ReferenceEquals(remaining[remaining.Count - 1], all[all.Count - 1]))
        {
            // The new last element takes the spacing before the closing brace from the old one.
            remaining[remaining.Count - 1] = remaining[remaining.Count - 1].WithTrailingTrivia(all[all.Count - 1].GetTrailingTrivia());
        }

        ExpressionSyntax updated = argument.Expression switch
        {
            ImplicitArrayCreationExpressionSyntax implicitArray =>
                implicitArray.WithInitializer(implicitArray.Initializer.WithExpressions(SyntaxFactory.SeparatedList(remaining))),
            ArrayCreationExpressionSyntax { Initializer: { } initializer } array =>
                array.WithInitializer(initializer.WithExpressions(SyntaxFactory.SeparatedList(remaining))),
            CollectionExpressionSyntax collection =>
                collection.WithElements(SyntaxFactory.SeparatedList<CollectionElementSyntax>(
                    remaining.Select(e => SyntaxFactory.ExpressionElement(e)))),
            _ => argument.Expression,
        };
        return attribute.ReplaceNode(argument.Expression, updated);
    }

    public static AttributeArgumentSyntax? FindNamedArgument(AttributeSyntax attribute, string name) =>
        attribute.ArgumentList?.Arguments.FirstOrDefault(a => a.NameEquals?.Name.Identifier.ValueText == name);

    private static ExpressionSyntax ImplicitArray(IEnumerable<ExpressionSyntax> elements) =>
        SyntaxFactory.ImplicitArrayCreationExpression(
            SyntaxFactory.InitializerExpression(SyntaxKind.ArrayInitializerExpression, SyntaxFactory.SeparatedList(elements)));
}

/// <summary>The element expressions of an attribute array argument, whatever syntax wrote it.</summary>
internal static class AdapterArrays
{
    public static IReadOnlyList<ExpressionSyntax> Elements(ExpressionSyntax expression) => expression switch
    {
        ImplicitArrayCreationExpressionSyntax implicitArray => implicitArray.Initializer.Expressions,
        ArrayCreationExpressionSyntax { Initializer: { } initializer } => initializer.Expressions,
        CollectionExpressionSyntax collection => collection.Elements.OfType<ExpressionElementSyntax>().Select(e => e.Expression).ToList(),
        _ => System.Array.Empty<ExpressionSyntax>(),
    };
}
