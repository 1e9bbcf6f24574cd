using System.Text.Json;
using Microsoft.Extensions.Logging;

namespace LibreFang.Sidecar.Tests.Hosting;

public sealed class SidecarLogTests
{
    [Fact]
    public void Each_entry_is_one_json_line_with_level_message_and_fields()
    {
        var output = new StringWriter();
        var log = new SidecarLog(output);

        log.Warn("backing off", ("delay_ms", 500), ("error", "timeout"), ("first", true));

        var line = Assert.Single(output.ToString().Split('\n', StringSplitOptions.RemoveEmptyEntries));
        using var entry = JsonDocument.Parse(line);
        var root = entry.RootElement;
        Assert.True(root.GetProperty("ts").GetDouble() > 1_700_000_000);
        Assert.Equal("warn", root.GetProperty("level").GetString());
        Assert.Equal("backing off", root.GetProperty("message").GetString());
        Assert.Equal(500, root.GetProperty("fields").GetProperty("delay_ms").GetInt32());
        Assert.Equal("timeout", root.GetProperty("fields").GetProperty("error").GetString());
        Assert.True(root.GetProperty("fields").GetProperty("first").GetBoolean());
    }

    [Fact]
    public void Fields_are_omitted_when_there_are_none_and_newlines_in_messages_stay_on_one_line()
    {
        var output = new StringWriter();
        new SidecarLog(output).Info("two\nlines");

        var text = output.ToString();
        Assert.Equal(1, text.Count(c => c == '\n'));
        using var entry = JsonDocument.Parse(text);
        Assert.False(entry.RootElement.TryGetProperty("fields", out _));
        Assert.Equal("two\nlines", entry.RootElement.GetProperty("message").GetString());
    }

    [Fact]
    public void Exceptions_carry_message_type_and_stack()
    {
        var output = new StringWriter();
        Exception error;
        try
        {
            throw new InvalidOperationException("nope");
        }
        catch (Exception ex)
        {
            error = ex;
        }

        new SidecarLog(output).Error("failed", ("error", error));

        using var entry = JsonDocument.Parse(output.ToString());
        var fields = entry.RootElement.GetProperty("fields");
        Assert.Equal("nope", fields.GetProperty("error").GetString());
        Assert.Equal("System.InvalidOperationException", fields.GetProperty("error_type").GetString());
        Assert.Contains(nameof(Exceptions_carry_message_type_and_stack), fields.GetProperty("error_stack").GetString());
    }

    [Fact]
    public void Entries_below_the_minimum_level_are_skipped()
    {
        var output = new StringWriter();
        var log = new SidecarLog(output, SidecarLogLevel.Warn);

        log.Debug("d");
        log.Info("i");
        log.Warn("w");

        Assert.Single(output.ToString().Split('\n', StringSplitOptions.RemoveEmptyEntries));
    }

    [Theory]
    [InlineData("debug", SidecarLogLevel.Debug)]
    [InlineData("INFO", SidecarLogLevel.Info)]
    [InlineData(" warning ", SidecarLogLevel.Warn)]
    [InlineData("error", SidecarLogLevel.Error)]
    [InlineData("loud", null)]
    [InlineData(null, null)]
    public void Level_names_parse(string? name, SidecarLogLevel? expected) => Assert.Equal(expected, SidecarLog.ParseLevel(name));

    [Fact]
    public void A_broken_writer_never_throws_into_the_caller()
    {
        var log = new SidecarLog(new BrokenWriter());

        log.Error("still fine");
    }

    [Fact]
    public void ILogger_entries_arrive_with_category_structured_fields_and_level()
    {
        var output = new StringWriter();
        using var factory = LoggerFactory.Create(b => b.AddProvider(new SidecarLoggerProvider(new SidecarLog(output))).SetMinimumLevel(LogLevel.Debug));
        var logger = factory.CreateLogger("Irc.Connection");

        logger.LogWarning("joined {Channel} after {Attempts} attempts", "#dev", 3);

        using var entry = JsonDocument.Parse(output.ToString());
        var root = entry.RootElement;
        Assert.Equal("warn", root.GetProperty("level").GetString());
        Assert.Equal("joined #dev after 3 attempts", root.GetProperty("message").GetString());
        Assert.Equal("Irc.Connection", root.GetProperty("fields").GetProperty("category").GetString());
        Assert.Equal("#dev", root.GetProperty("fields").GetProperty("Channel").GetString());
        Assert.Equal(3, root.GetProperty("fields").GetProperty("Attempts").GetInt32());
    }

    private sealed class BrokenWriter : TextWriter
    {
        public override System.Text.Encoding Encoding => System.Text.Encoding.UTF8;

        public override void Write(string? value) => throw new IOException("stderr closed");
    }
}
