using System.Reflection;
using System.Reflection.Emit;
using System.Reflection.Metadata;
using System.Reflection.Metadata.Ecma335;
using System.Reflection.PortableExecutable;

namespace LibreFang.Sidecar.Tests.Hosting;

/// <summary>
/// What the runtime library makes every Native AOT adapter link. One LINQ <c>Select</c> in the configuration error
/// message made the compiler keep the runtime type loader (LINQ's iterators dispatch through generic virtual methods
/// and delegates over shared generic code): 185 KiB of the Echo sample's 2 046 KiB binary, resident in every adapter
/// process. The runtime's code therefore calls no LINQ at all; the daemon-side event parser is the one exception, since
/// only the test kit uses it and an adapter that does not call it does not link it.
/// </summary>
public sealed class LinkedCodeTests
{
    private static readonly HashSet<string> LinkedOnlyWhenCalled = ["LibreFang.Sidecar.Protocol.EventParser"];

    [Fact]
    public void The_runtime_calls_no_LINQ_outside_the_daemon_side_event_parser()
    {
        var calls = CallsInto(typeof(SidecarHost).Assembly, "System.Linq")
            .Where(call => !LinkedOnlyWhenCalled.Contains(call.CallerType))
            .Select(call => $"{call.CallerType}.{call.CallerMethod} calls {call.Callee}")
            .Distinct()
            .ToList();

        Assert.True(calls.Count == 0, "LINQ in code every adapter links:\n" + string.Join("\n", calls));
    }

    [Fact]
    public void The_scan_finds_LINQ_calls_where_there_are_some()
    {
        // The same scan over this test assembly, whose scan above calls Where, Select, Distinct and ToList.
        var calls = CallsInto(typeof(LinkedCodeTests).Assembly, "System.Linq")
            .Where(call => call.CallerType == typeof(LinkedCodeTests).FullName)
            .Select(call => call.Callee)
            .ToHashSet();

        Assert.Contains("System.Linq.Enumerable.Where", calls);
        Assert.Contains("System.Linq.Enumerable.Distinct", calls);
        Assert.Contains("System.Linq.Enumerable.ToHashSet", calls);
    }

    private sealed record Call(string CallerType, string CallerMethod, string Callee);

    /// <summary>
    /// Every call, constructor call or method-pointer load in the assembly's IL whose target is declared in
    /// <paramref name="targetNamespace"/>. Compiler-generated types (lambdas, iterators, async state machines) are
    /// reported as their outermost declaring type.
    /// </summary>
    private static IEnumerable<Call> CallsInto(Assembly assembly, string targetNamespace)
    {
        using var pe = new PEReader(File.OpenRead(assembly.Location));
        var metadata = pe.GetMetadataReader();
        var found = new List<Call>();
        foreach (var typeHandle in metadata.TypeDefinitions)
        {
            var type = metadata.GetTypeDefinition(typeHandle);
            var caller = OutermostName(metadata, type);
            foreach (var methodHandle in type.GetMethods())
            {
                var method = metadata.GetMethodDefinition(methodHandle);
                if (method.RelativeVirtualAddress == 0)
                {
                    continue;
                }
                var il = pe.GetMethodBody(method.RelativeVirtualAddress).GetILBytes() ?? [];
                foreach (var token in MethodTokens(il))
                {
                    if (DeclaringType(metadata, MetadataTokens.EntityHandle(token)) is { } callee &&
                        (callee.Namespace == targetNamespace || callee.Namespace.StartsWith(targetNamespace + ".", StringComparison.Ordinal)))
                    {
                        found.Add(new(caller, metadata.GetString(method.Name), $"{callee.Namespace}.{callee.Name}.{callee.Member}"));
                    }
                }
            }
        }
        return found;
    }

    private static string OutermostName(MetadataReader metadata, TypeDefinition type)
    {
        while (type.GetDeclaringType() is { IsNil: false } declaring)
        {
            type = metadata.GetTypeDefinition(declaring);
        }
        var ns = metadata.GetString(type.Namespace);
        return ns.Length == 0 ? metadata.GetString(type.Name) : ns + "." + metadata.GetString(type.Name);
    }

    private static (string Namespace, string Name, string Member)? DeclaringType(MetadataReader metadata, EntityHandle handle)
    {
        if (handle.Kind == HandleKind.MethodSpecification)
        {
            return DeclaringType(metadata, metadata.GetMethodSpecification((MethodSpecificationHandle)handle).Method);
        }
        if (handle.Kind != HandleKind.MemberReference)
        {
            return null; // a method of this assembly
        }
        var member = metadata.GetMemberReference((MemberReferenceHandle)handle);
        if (member.Parent.Kind != HandleKind.TypeReference)
        {
            return null; // a member of a generic instantiation or a vararg signature: never a static LINQ method
        }
        var type = metadata.GetTypeReference((TypeReferenceHandle)member.Parent);
        return (metadata.GetString(type.Namespace), metadata.GetString(type.Name), metadata.GetString(member.Name));
    }

    /// <summary>The metadata tokens of the method operands (call, callvirt, newobj, ldftn, ldvirtftn) in an IL body.</summary>
    private static IEnumerable<int> MethodTokens(byte[] il)
    {
        var position = 0;
        while (position < il.Length)
        {
            OpCode opCode;
            if (il[position] == 0xFE)
            {
                opCode = TwoByteOpCodes[il[position + 1]];
                position += 2;
            }
            else
            {
                opCode = OneByteOpCodes[il[position]];
                position += 1;
            }
            if (opCode.OperandType == OperandType.InlineMethod)
            {
                yield return BitConverter.ToInt32(il, position);
            }
            position += opCode.OperandType switch
            {
                OperandType.InlineNone => 0,
                OperandType.ShortInlineBrTarget or OperandType.ShortInlineI or OperandType.ShortInlineVar => 1,
                OperandType.InlineVar => 2,
                OperandType.InlineI8 or OperandType.InlineR => 8,
                OperandType.InlineSwitch => 4 + 4 * BitConverter.ToInt32(il, position),
                _ => 4,
            };
        }
    }

    private static readonly OpCode[] OneByteOpCodes = new OpCode[256];
    private static readonly OpCode[] TwoByteOpCodes = new OpCode[256];

    static LinkedCodeTests()
    {
        foreach (var field in typeof(OpCodes).GetFields(BindingFlags.Public | BindingFlags.Static))
        {
            var opCode = (OpCode)field.GetValue(null)!;
            var value = (ushort)opCode.Value;
            if (opCode.Size == 1)
            {
                OneByteOpCodes[value] = opCode;
            }
            else
            {
                TwoByteOpCodes[value & 0xFF] = opCode;
            }
        }
    }
}
