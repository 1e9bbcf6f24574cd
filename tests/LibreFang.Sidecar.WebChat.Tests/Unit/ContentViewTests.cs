using System.Text;
using LibreFang.Samples.WebChat.Chat;

namespace LibreFang.Sidecar.WebChat.Tests.Unit;

public sealed class ContentViewTests
{
    private static (string Text, Samples.WebChat.Web.AttachmentView? Attachment) Render(Content content, FileStore? files = null) =>
        ContentViews.Render(new SendCommand("c", "ignored", new ChannelUser("c", "A"), content), "c", files ?? new FileStore(1024));

    [Theory]
    [InlineData("https://example.org/a.png", true)]
    [InlineData("http://example.org/a", true)]
    [InlineData("javascript:alert(1)", false)]
    [InlineData("JavaScript:alert(1)", false)]
    [InlineData("data:text/html,<script>x</script>", false)]
    [InlineData("/relative", false)]
    [InlineData("file:///etc/passwd", false)]
    public void Only_http_urls_become_links(string url, bool link)
    {
        Assert.Equal(link, ContentViews.SafeUrl(url) is not null);
        var (_, attachment) = Render(Content.Image(url));
        Assert.Equal(link, attachment!.Url is not null);
        if (!link)
        {
            Assert.Equal(url, attachment.Caption);
        }
    }

    [Fact]
    public void Each_content_kind_has_its_view()
    {
        Assert.Equal(("hi", null), Render(Content.Text("hi")));
        Assert.Equal("A cat", Render(Content.Image("https://x/cat.png", "A cat")).Text);
        Assert.Equal("report.pdf", Render(Content.File("https://x/r.pdf", "report.pdf")).Attachment!.Title);
        var location = Render(Content.Location(51.5, -0.12)).Attachment!;
        Assert.Equal("51.5, -0.12", location.Title);
        Assert.Equal("https://www.openstreetmap.org/?mlat=51.5&mlon=-0.12#map=15/51.5/-0.12", location.Url);
        Assert.Equal("/weather london", Render(Content.Command("weather", "london")).Attachment!.Title);
        Assert.Equal("voice message, 1:05", Render(Content.Voice("https://x/v.ogg", durationSeconds: 65)).Attachment!.Title);
        Assert.Equal("Band: Song, 1:00:01", Render(Content.Audio("https://x/a.mp3", durationSeconds: 3601, title: "Song", performer: "Band")).Attachment!.Title);
        var poll = Render(Content.Poll("Lunch?", ["pizza", "soup"]));
        Assert.Equal("Lunch?", poll.Text);
        Assert.Equal(["1. pizza", "2. soup"], poll.Attachment!.Items!.Select(i => i.Title));
        var group = Render(Content.MediaGroup(MediaGroupItem.Photo("https://x/1.jpg", "one"), MediaGroupItem.Photo("javascript:x")));
        Assert.Equal([("one", "https://x/1.jpg"), ("photo", (string?)null)], group.Attachment!.Items!.Select(i => (i.Title, i.Url)));
        Assert.Equal("unknown", Render(new UnknownContent("Hologram", "{}")).Attachment!.Kind);
    }

    [Fact]
    public void File_bytes_are_kept_for_download_within_the_budget()
    {
        var files = new FileStore(10);
        var small = Render(Content.FileData(Encoding.UTF8.GetBytes("12345678"), "a.txt", "text/plain"), files).Attachment!;
        var tooBig = Render(Content.FileData(new byte[11], "b.bin", "application/octet-stream"), files).Attachment!;

        Assert.True(small.Download);
        Assert.StartsWith("/api/files/", small.Url, StringComparison.Ordinal);
        Assert.Equal("12345678", Encoding.UTF8.GetString(files.Find(small.Url!["/api/files/".Length..])!.Data.Span));
        Assert.Null(tooBig.Url);
        Assert.Contains("too large", tooBig.Caption, StringComparison.Ordinal);

        // A newer file pushes the oldest out of the budget.
        var newer = Render(Content.FileData(new byte[5], "c.bin", "application/octet-stream"), files).Attachment!;
        Assert.Null(files.Find(small.Url!["/api/files/".Length..]));
        Assert.NotNull(files.Find(newer.Url!["/api/files/".Length..]));
    }

    [Fact]
    public void A_button_url_that_is_not_http_is_dropped()
    {
        var rows = ContentViews.Buttons([[Content.Button("Go", "go", url: "javascript:alert(1)"), Content.Button("Docs", "d", url: "https://x/docs")]]);

        Assert.Null(rows[0][0].Url);
        Assert.Equal("https://x/docs", rows[0][1].Url);
    }
}
