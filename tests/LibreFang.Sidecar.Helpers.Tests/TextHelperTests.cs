using System.Collections.Concurrent;
using System.Text;
using LibreFang.Sidecar.Helpers;

namespace LibreFang.Sidecar.Helpers.Tests;

public sealed class MessageSplitterTests
{
    [Fact] public void Short_text_passes_through() => Assert.Equal(["hi"], MessageSplitter.Split("hi", 10));
    [Fact] public void Text_at_the_limit_is_one_chunk() => Assert.Equal(["aaaaa"], MessageSplitter.Split("aaaaa", 5));
    [Fact] public void Without_newlines_it_cuts_hard() => Assert.Equal(["abc", "def", "ghi"], MessageSplitter.Split("abcdefghi", 3));
    [Fact] public void It_prefers_newlines() => Assert.Equal(["abc", "def", "ghi"], MessageSplitter.Split("abc\ndef\nghi", 5));
    [Fact] public void Empty_input_is_one_empty_chunk() => Assert.Equal([""], MessageSplitter.Split("", 5));
    [Fact] public void Code_points_count_cjk_as_one_each() => Assert.Equal(["你好", "世界"], MessageSplitter.Split("你好世界", 2));

    [Fact]
    public void Later_chunks_never_start_with_a_newline()
    {
        var chunks = MessageSplitter.Split("abc\n\n\ndef", 5);
        Assert.All(chunks.Skip(1), c => Assert.False(c.StartsWith('\n')));
        Assert.Equal("abcdef", string.Concat(chunks).Replace("\n", ""));
    }

    [Fact]
    public void A_newline_at_the_very_start_does_not_count_as_a_cut()
    {
        Assert.Equal(["\nabc", "de"], MessageSplitter.Split("\nabcde", 4));
    }

    [Theory]
    [InlineData(TextUnit.CodePoints)]
    [InlineData(TextUnit.Utf16CodeUnits)]
    [InlineData(TextUnit.Utf8Bytes)]
    public void Emoji_are_never_cut_in_half_and_every_chunk_fits(TextUnit unit)
    {
        var text = string.Concat(Enumerable.Repeat("ab👍é你", 40));
        var limit = unit == TextUnit.Utf8Bytes ? 11 : 5;

        var chunks = MessageSplitter.Split(text, limit, unit);

        Assert.Equal(text, string.Concat(chunks));
        Assert.All(chunks, c =>
        {
            Assert.InRange(MessageSplitter.Measure(c, unit), 1, limit);
            Assert.True(Encoding.UTF8.GetString(Encoding.UTF8.GetBytes(c)) == c, "a chunk holds a broken surrogate pair");
        });
    }

    [Fact]
    public void Utf8_limits_count_bytes()
    {
        var chunks = MessageSplitter.Split("ééééé", 4, TextUnit.Utf8Bytes);
        Assert.Equal(["éé", "éé", "é"], chunks);
    }

    [Fact]
    public void Utf16_limits_count_code_units_and_keep_pairs_whole()
    {
        Assert.Equal(["a", "👍", "👍"], MessageSplitter.Split("a👍👍", 2, TextUnit.Utf16CodeUnits));
    }

    [Fact]
    public void Combining_marks_and_zwj_sequences_stay_with_their_base()
    {
        const string family = "👨‍👩‍👧";          // one grapheme, 5 code points
        const string accented = "e\u0301";  // é as e + combining acute
        var chunks = MessageSplitter.Split("ab" + family + accented + accented, 6);

        Assert.Equal(["ab", family, accented + accented], chunks);
    }

    [Fact]
    public void A_single_grapheme_longer_than_the_limit_is_cut_between_code_points()
    {
        var zalgo = "a" + new string('\u0301', 10);

        var chunks = MessageSplitter.Split(zalgo, 4);

        Assert.Equal(zalgo, string.Concat(chunks));
        Assert.All(chunks, c => Assert.InRange(MessageSplitter.Measure(c, TextUnit.CodePoints), 1, 4));
    }

    [Fact]
    public void Limits_too_small_for_one_code_point_are_rejected()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => MessageSplitter.Split("x", 0));
        Assert.Throws<ArgumentOutOfRangeException>(() => MessageSplitter.Split("x", 3, TextUnit.Utf8Bytes));
    }
}

public sealed class CommaSeparatedTests
{
    [Fact] public void Empty_gives_an_empty_list() => Assert.Empty(CommaSeparated.Split(""));
    [Fact] public void Null_gives_an_empty_list() => Assert.Empty(CommaSeparated.Split(null));
    [Fact] public void Basic() => Assert.Equal(["a", "b", "c"], CommaSeparated.Split("a,b,c"));
    [Fact] public void Whitespace_is_trimmed() => Assert.Equal(["a", "b", "c"], CommaSeparated.Split("  a , b  , c  "));
    [Fact] public void Empty_entries_are_dropped() => Assert.Equal(["a", "b", "c"], CommaSeparated.Split("a,,b, ,c,"));
    [Fact] public void Order_is_kept() => Assert.Equal(["c", "a", "b"], CommaSeparated.Split("c,a,b"));
}

public sealed class RetryAfterTests
{
    private static readonly TimeSpan Fallback = TimeSpan.FromSeconds(30);

    [Theory]
    [InlineData(null, 30.0)]
    [InlineData("", 30.0)]
    [InlineData("12", 12.0)]
    [InlineData(" 12 ", 12.0)]
    [InlineData("1.5", 1.5)]
    [InlineData("0", 1.0)]
    [InlineData("-5", 1.0)]
    [InlineData("9999", 60.0)]
    [InlineData("1e3", 60.0)]
    [InlineData("Infinity", 60.0)]
    [InlineData("NaN", 30.0)]
    [InlineData("later please", 30.0)]
    public void Seconds_are_clamped_and_garbage_falls_back(string? value, double expectedSeconds) =>
        Assert.Equal(TimeSpan.FromSeconds(expectedSeconds), RetryAfter.Parse(value, Fallback));

    [Fact]
    public void Floor_and_maximum_can_be_overridden()
    {
        Assert.Equal(TimeSpan.FromSeconds(0.1), RetryAfter.Parse("0", Fallback, floor: TimeSpan.FromSeconds(0.1)));
        Assert.Equal(TimeSpan.FromSeconds(120), RetryAfter.Parse("9999", Fallback, maximum: TimeSpan.FromSeconds(120)));
    }

    [Fact]
    public void An_http_date_is_measured_from_now()
    {
        var time = new Microsoft.Extensions.Time.Testing.FakeTimeProvider(new DateTimeOffset(2026, 11, 24, 12, 0, 0, TimeSpan.Zero));

        Assert.Equal(TimeSpan.FromSeconds(45), RetryAfter.Parse("Tue, 24 Nov 2026 12:00:45 GMT", Fallback, time: time));
        Assert.Equal(TimeSpan.FromSeconds(1), RetryAfter.Parse("Tue, 24 Nov 2026 11:00:00 GMT", Fallback, time: time));
    }

    [Fact]
    public void It_reads_the_header_of_a_response()
    {
        using var response = new HttpResponseMessage(System.Net.HttpStatusCode.TooManyRequests);
        response.Headers.TryAddWithoutValidation("Retry-After", "5");
        Assert.Equal(TimeSpan.FromSeconds(5), RetryAfter.From(response, Fallback));

        using var plain = new HttpResponseMessage(System.Net.HttpStatusCode.TooManyRequests);
        Assert.Equal(Fallback, RetryAfter.From(plain, Fallback));
    }
}

public sealed class SeenSetTests
{
    [Fact]
    public void Fresh_ids_are_new_and_repeats_are_not()
    {
        var seen = new SeenSet();
        Assert.True(seen.Mark("a"));
        Assert.True(seen.Mark("b"));
        Assert.False(seen.Mark("a"));
        Assert.False(seen.Mark("b"));
        Assert.True(seen.Contains("a"));
        Assert.Equal(2, seen.Count);
    }

    [Fact]
    public void Empty_or_null_ids_are_always_new_and_never_stored()
    {
        var seen = new SeenSet();
        Assert.True(seen.Mark(""));
        Assert.True(seen.Mark(""));
        Assert.True(seen.Mark(null));
        Assert.Equal(0, seen.Count);
    }

    [Fact]
    public void Over_the_maximum_the_oldest_batch_is_evicted()
    {
        var seen = new SeenSet(maxSize: 4, evict: 2);
        foreach (var id in new[] { "a", "b", "c", "d" })
        {
            seen.Mark(id);
        }
        Assert.Equal(4, seen.Count);

        seen.Mark("e");

        Assert.False(seen.Contains("a"));
        Assert.False(seen.Contains("b"));
        Assert.True(seen.Contains("c") && seen.Contains("d") && seen.Contains("e"));
        Assert.True(seen.Mark("a"));
    }

    [Fact]
    public void Concurrent_marks_count_every_distinct_id_once()
    {
        var seen = new SeenSet(maxSize: 100_000, evict: 1);
        var fresh = new ConcurrentBag<bool>();

        Parallel.For(0, 8, thread =>
        {
            for (var i = 0; i < 1000; i++)
            {
                fresh.Add(seen.Mark($"{thread}-{i}"));
                seen.Mark($"{thread}-{i}");
            }
        });

        Assert.Equal(8000, seen.Count);
        Assert.Equal(8000, fresh.Count(f => f));
    }

    [Fact]
    public void Invalid_bounds_are_rejected()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => new SeenSet(maxSize: 0));
        Assert.Throws<ArgumentOutOfRangeException>(() => new SeenSet(maxSize: 4, evict: 5));
    }
}
