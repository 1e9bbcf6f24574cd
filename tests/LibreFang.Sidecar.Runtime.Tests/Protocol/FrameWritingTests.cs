using System.Text;
using LibreFang.Sidecar.Protocol;

namespace LibreFang.Sidecar.Tests.Protocol;

/// <summary>Frames are written through a scratch writer kept per thread; these pin that reuse never leaks state between frames.</summary>
public sealed class FrameWritingTests
{
    [Fact]
    public void A_frame_is_the_event_json_and_one_newline()
    {
        var message = new MessageBuilder("1", "Ann").Text("héllo").ChannelId("c").Build();

        var frame = WireFormat.EventToFrame(message);

        Assert.Equal([.. WireFormat.EventToUtf8(message), (byte)'\n'], frame);
        Assert.Equal(1, frame.Count(b => b == (byte)'\n'));
    }

    [Fact]
    public void A_frame_after_a_failed_write_on_the_same_thread_is_complete_and_alone()
    {
        // JSON has no NaN: the writer throws halfway through the object, with "user_id" and more already written.
        var broken = new MessageBuilder("1", "Ann").Content(new LocationContent(double.NaN, 1.0)).Build();
        Assert.ThrowsAny<ArgumentException>(() => WireFormat.EventToFrame(broken));

        var frame = WireFormat.EventToFrame(new ErrorEvent("next"));

        Assert.Equal("{\"method\":\"error\",\"params\":{\"message\":\"next\"}}\n", Encoding.UTF8.GetString(frame));
    }

    [Fact]
    public void A_frame_larger_than_the_kept_scratch_buffer_is_written_whole_and_the_next_one_is_unaffected()
    {
        var large = new string('x', 200_000);

        var big = WireFormat.EventToFrame(new ErrorEvent(large));
        var small = WireFormat.EventToFrame(new ErrorEvent("small"));

        Assert.Equal(WireFormat.EventToUtf8(new ErrorEvent(large)).Length + 1, big.Length);
        Assert.EndsWith(large + "\"}}\n", Encoding.UTF8.GetString(big), StringComparison.Ordinal);
        Assert.Equal("{\"method\":\"error\",\"params\":{\"message\":\"small\"}}\n", Encoding.UTF8.GetString(small));
    }

    [Fact]
    public async Task Frames_written_concurrently_from_many_threads_are_each_exactly_their_own_event()
    {
        var tasks = Enumerable.Range(0, 8).Select(worker => Task.Run(() =>
        {
            for (var i = 0; i < 2_000; i++)
            {
                var text = $"w{worker}-m{i}";
                var frame = Encoding.UTF8.GetString(WireFormat.EventToFrame(new ErrorEvent(text)));
                Assert.Equal("{\"method\":\"error\",\"params\":{\"message\":\"" + text + "\"}}\n", frame);
            }
        }));

        await Task.WhenAll(tasks);
    }
}
