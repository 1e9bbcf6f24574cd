using System.Collections;
using System.Runtime.CompilerServices;

namespace LibreFang.Sidecar;

/// <summary>
/// An immutable list with structural equality, so that records holding lists (button rows, poll options,
/// capabilities) compare by value. Collection expressions (<c>["a", "b"]</c>) and arrays convert to it.
/// </summary>
[CollectionBuilder(typeof(EquatableList), nameof(EquatableList.Create))]
public readonly struct EquatableList<T> : IReadOnlyList<T>, IEquatable<EquatableList<T>>
{
    private readonly T[]? _items;

    /// <summary>Wraps a copy of <paramref name="items"/>.</summary>
    public EquatableList(IEnumerable<T> items) => _items = items is null ? null : Copy(items);

    internal EquatableList(T[] items, bool takeOwnership) => _items = takeOwnership ? items : (T[])items.Clone();

    // Without LINQ, which the runtime does not call (see LinkedCodeTests in the runtime's tests).
    private static T[] Copy(IEnumerable<T> items)
    {
        if (items is ICollection<T> collection)
        {
            var copy = new T[collection.Count];
            collection.CopyTo(copy, 0);
            return copy;
        }
        return new List<T>(items).ToArray();
    }

    /// <summary>The empty list (also the default value).</summary>
    public static EquatableList<T> Empty => default;

    /// <inheritdoc />
    public int Count => _items?.Length ?? 0;

    /// <summary>True when the list has no items.</summary>
    public bool IsEmpty => Count == 0;

    /// <inheritdoc />
    public T this[int index] => (_items ?? [])[index];

    /// <summary>The items as a span.</summary>
    public ReadOnlySpan<T> AsSpan() => _items;

    /// <inheritdoc />
    public bool Equals(EquatableList<T> other) => AsSpan().SequenceEqual(other.AsSpan(), EqualityComparer<T>.Default);

    /// <inheritdoc />
    public override bool Equals(object? obj) => obj is EquatableList<T> other && Equals(other);

    /// <inheritdoc />
    public override int GetHashCode()
    {
        var hash = new HashCode();
        foreach (var item in AsSpan())
        {
            hash.Add(item);
        }
        return hash.ToHashCode();
    }

    /// <summary>Structural equality.</summary>
    public static bool operator ==(EquatableList<T> left, EquatableList<T> right) => left.Equals(right);

    /// <summary>Structural inequality.</summary>
    public static bool operator !=(EquatableList<T> left, EquatableList<T> right) => !left.Equals(right);

    /// <summary>Converts an array (copied).</summary>
    public static implicit operator EquatableList<T>(T[]? items) => items is null ? default : new(items, takeOwnership: false);

    /// <summary>Converts a list (copied).</summary>
    public static implicit operator EquatableList<T>(List<T>? items) => items is null ? default : new(items.ToArray(), takeOwnership: true);

    /// <inheritdoc />
    public IEnumerator<T> GetEnumerator() => ((IEnumerable<T>)(_items ?? [])).GetEnumerator();

    IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();

    /// <inheritdoc />
    public override string ToString() => "[" + string.Join(", ", AsSpan().ToArray()) + "]";
}

/// <summary>Factory for <see cref="EquatableList{T}"/> (used by collection expressions).</summary>
public static class EquatableList
{
    /// <summary>Creates a list from a span (copied).</summary>
    public static EquatableList<T> Create<T>(ReadOnlySpan<T> items) => new(items.ToArray(), takeOwnership: true);
}
