namespace LibreFang.Sidecar.Hosting;

/// <summary>
/// A growable byte buffer for frames on their way to stdout, kept for the whole session. Its array lives on the pinned
/// object heap: a buffer this long-lived would otherwise survive the first gen0 collection, and the GC sizes the next
/// gen0 budget from what survives, which kept Echo's heap about 0.5 MiB larger for the rest of its life.
/// </summary>
internal sealed class OutputBuffer(int initialCapacity)
{
    private byte[] _array = Allocate(initialCapacity);

    public int WrittenCount { get; private set; }

    public int Capacity => _array.Length;

    public ReadOnlySpan<byte> WrittenSpan => _array.AsSpan(0, WrittenCount);

    public ReadOnlyMemory<byte> WrittenMemory => _array.AsMemory(0, WrittenCount);

    public void Write(ReadOnlySpan<byte> bytes)
    {
        if (_array.Length - WrittenCount < bytes.Length)
        {
            var larger = Allocate(Math.Max(_array.Length * 2, WrittenCount + bytes.Length));
            WrittenSpan.CopyTo(larger);
            _array = larger;
        }
        bytes.CopyTo(_array.AsSpan(WrittenCount));
        WrittenCount += bytes.Length;
    }

    /// <summary>Empties the buffer; one grown past <paramref name="keepUpTo"/> by a burst goes back to its first size.</summary>
    public void Clear(int keepUpTo)
    {
        WrittenCount = 0;
        if (_array.Length > keepUpTo)
        {
            _array = Allocate(initialCapacity);
        }
    }

    private static byte[] Allocate(int size) => GC.AllocateUninitializedArray<byte>(size, pinned: true);
}
