using System.Text;
using System.Text.Json;
using LibreFang.Sidecar.Protocol;

namespace LibreFang.Sidecar.Tests.Protocol;

internal static class JsonAssert
{
    /// <summary>Structural JSON equality, with both texts in the failure message.</summary>
    public static void Same(string expected, string actual)
    {
        using var e = JsonDocument.Parse(expected);
        using var a = JsonDocument.Parse(actual);
        Assert.True(JsonElement.DeepEquals(e.RootElement, a.RootElement), $"expected {expected}\n  actual {actual}");
    }

    public static string Params(SidecarEvent sidecarEvent)
    {
        using var document = JsonDocument.Parse(WireFormat.EventToUtf8(sidecarEvent));
        return document.RootElement.GetProperty("params").GetRawText();
    }

    public static string Content(Content content)
    {
        var buffer = new System.Buffers.ArrayBufferWriter<byte>();
        using (var writer = new Utf8JsonWriter(buffer, WireFormat.WriterOptions))
        {
            WireFormat.WriteContent(writer, content);
        }
        return Encoding.UTF8.GetString(buffer.WrittenSpan);
    }

    public static Command Parse(string line)
    {
        var result = CommandParser.Parse(Encoding.UTF8.GetBytes(line));
        Assert.True(result.IsSuccess, result.Error?.Message);
        return result.Value!;
    }

    public static ProtocolError ParseError(string line) => ParseErrorBytes(Encoding.UTF8.GetBytes(line));

    public static ProtocolError ParseErrorBytes(byte[] line)
    {
        var result = CommandParser.Parse(line);
        Assert.False(result.IsSuccess, $"expected a parse error, got {result.Value}");
        return result.Error!;
    }
}
