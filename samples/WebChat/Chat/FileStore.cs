namespace LibreFang.Samples.WebChat.Chat;

/// <summary>
/// Files the agent sent as bytes (<c>FileData</c>), served to the page under <c>/api/files/{id}</c>. The total is
/// capped; the oldest files are dropped first, and the page then gets a 404 for them.
/// </summary>
internal sealed class FileStore(long budgetBytes)
{
    private readonly Lock _gate = new();
    private readonly Dictionary<string, StoredFile> _files = new(StringComparer.Ordinal);
    private readonly Queue<string> _order = new();
    private long _bytes;
    private long _counter;

    internal sealed record StoredFile(string Conversation, string Filename, string MimeType, ReadOnlyMemory<byte> Data);

    /// <summary>Keeps a copy of the bytes; returns the file's id, or null when it alone is over the budget.</summary>
    public string? Add(string conversation, string filename, string mimeType, ReadOnlyMemory<byte> data)
    {
        if (data.Length > budgetBytes)
        {
            return null;
        }
        lock (_gate)
        {
            while (_bytes + data.Length > budgetBytes && _order.TryDequeue(out var oldest))
            {
                _bytes -= _files[oldest].Data.Length;
                _files.Remove(oldest);
            }
            var id = "f" + (++_counter).ToString(System.Globalization.CultureInfo.InvariantCulture) + "-" + Convert.ToHexStringLower(System.Security.Cryptography.RandomNumberGenerator.GetBytes(8));
            _files[id] = new StoredFile(conversation, filename, mimeType, data.ToArray());
            _order.Enqueue(id);
            _bytes += data.Length;
            return id;
        }
    }

    public StoredFile? Find(string id)
    {
        lock (_gate)
        {
            return _files.GetValueOrDefault(id);
        }
    }
}
