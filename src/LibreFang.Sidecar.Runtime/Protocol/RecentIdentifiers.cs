using System.Text.Json;

namespace LibreFang.Sidecar.Protocol;

/// <summary>
/// The last few short identifiers the parser read on this thread (channel ids, user ids, display names, stream ids).
/// Every command about one chat repeats that chat's id, and most repeat the sender too; a value seen before is
/// handed back as the same string instead of being decoded and allocated again. Texts are never kept.
/// </summary>
internal sealed class RecentIdentifiers
{
    private const int Slots = 16;
    private const int MaxBytes = 32;

    [ThreadStatic]
    private static RecentIdentifiers? t_current;

    private readonly byte[] _bytes = new byte[Slots * MaxBytes];
    private readonly int[] _lengths = new int[Slots];
    private readonly string?[] _values = new string?[Slots];

    /// <summary>The string token the reader is on; <paramref name="method"/>, <paramref name="prefix"/> and <paramref name="field"/> name it in an error.</summary>
    public static string Get(ref Utf8JsonReader reader, string method, string prefix, string field)
    {
        if (reader.ValueIsEscaped || reader.HasValueSequence || reader.ValueSpan.Length is 0 or > MaxBytes)
        {
            return JsonTokens.GetString(ref reader, method, prefix, field);
        }
        var recent = t_current ??= new RecentIdentifiers();
        var utf8 = reader.ValueSpan;
        var slot = (utf8.Length * 31 + utf8[0] * 7 + utf8[^1] * 3 + utf8[utf8.Length / 2]) % Slots;
        var kept = recent._bytes.AsSpan(slot * MaxBytes, MaxBytes);
        if (recent._values[slot] is { } value && recent._lengths[slot] == utf8.Length && kept[..utf8.Length].SequenceEqual(utf8))
        {
            return value;
        }
        var decoded = JsonTokens.GetString(ref reader, method, prefix, field);
        utf8.CopyTo(kept);
        recent._lengths[slot] = utf8.Length;
        recent._values[slot] = decoded;
        return decoded;
    }
}
