using System.Globalization;
using LibreFang.Samples.WebChat.Web;
using LibreFang.Sidecar;

namespace LibreFang.Samples.WebChat.Chat;

/// <summary>How each kind of <c>send</c> content is shown on the page.</summary>
internal static class ContentViews
{
    /// <summary>The text shown in the bubble and the attachment under it.</summary>
    public static (string Text, AttachmentView? Attachment) Render(SendCommand send, string conversation, FileStore files)
    {
        return send.Content switch
        {
            null => (send.Text, null),
            TextContent text => (text.Text, null),
            ImageContent image => (image.Caption ?? "", Link("image", image.MimeType is null ? "image" : $"image ({image.MimeType})", image.Url)),
            FileContent file => ("", Link("file", file.Filename, file.Url)),
            FileDataContent data => ("", StoredFile(data, conversation, files)),
            VoiceContent voice => (voice.Caption ?? "", Link("voice", $"voice message, {Duration(voice.DurationSeconds)}", voice.Url)),
            VideoContent video => (video.Caption ?? "", Link("video", $"{video.Filename ?? "video"}, {Duration(video.DurationSeconds)}", video.Url)),
            AudioContent audio => (audio.Caption ?? "", Link("audio", AudioTitle(audio), audio.Url)),
            AnimationContent animation => (animation.Caption ?? "", Link("animation", $"animation, {Duration(animation.DurationSeconds)}", animation.Url)),
            LocationContent location => ("", Location(location)),
            CommandContent command => ("", new AttachmentView("command", "/" + string.Join(' ', [command.Name, .. command.Args]))),
            StickerContent sticker => ("", new AttachmentView("sticker", "sticker " + sticker.FileId)),
            MediaGroupContent group => ("", new AttachmentView("media_group", $"{group.Items.Count} items")
            {
                Items = group.Items.Select(item => item switch
                {
                    PhotoItem photo => new LinkView(photo.Caption ?? "photo", SafeUrl(photo.Url)),
                    VideoItem video => new LinkView(video.Caption ?? $"video, {Duration(video.DurationSeconds)}", SafeUrl(video.Url)),
                    _ => new LinkView("item", null),
                }).ToArray(),
            }),
            PollContent poll => (poll.Question, new AttachmentView("poll", poll.IsQuiz ? "quiz" : "poll")
            {
                Items = poll.Options.Select((option, i) => new LinkView($"{i + 1}. {option}", null)).ToArray(),
                Caption = poll.Explanation,
            }),
            PollAnswerContent answer => ("", new AttachmentView("poll_answer", $"answer to {answer.PollId}: {string.Join(", ", answer.OptionIds.Select(i => i + 1))}")),
            InteractiveContent interactive => (interactive.Text, null),
            ButtonCallbackContent callback => (callback.MessageText ?? "", new AttachmentView("button_callback", callback.Action)),
            UnknownContent unknown => (send.Text, new AttachmentView("unknown", $"content this page cannot show ({unknown.Variant})")),
            _ => (send.Text, null),
        };
    }

    public static IReadOnlyList<IReadOnlyList<ButtonView>> Buttons(EquatableList<EquatableList<InteractiveButton>> rows) =>
        rows.Select(row => (IReadOnlyList<ButtonView>)row.Select(b => new ButtonView(b.Label, b.Action, b.Style, b.Url is null ? null : SafeUrl(b.Url))).ToArray()).ToArray();

    /// <summary>Only http(s) URLs become links: a <c>javascript:</c> or <c>data:</c> URL is shown as text.</summary>
    public static string? SafeUrl(string url) =>
        Uri.TryCreate(url, UriKind.Absolute, out var uri) && (uri.Scheme == Uri.UriSchemeHttp || uri.Scheme == Uri.UriSchemeHttps) ? uri.AbsoluteUri : null;

    private static AttachmentView Link(string kind, string title, string url) =>
        SafeUrl(url) is { } safe ? new AttachmentView(kind, title) { Url = safe } : new AttachmentView(kind, title) { Caption = url };

    private static AttachmentView StoredFile(FileDataContent data, string conversation, FileStore files)
    {
        var title = $"{data.Filename} ({Size(data.Data.Length)}, {data.MimeType})";
        return files.Add(conversation, data.Filename, data.MimeType, data.Data) is { } id
            ? new AttachmentView("file", title) { Url = "/api/files/" + id, Download = true }
            : new AttachmentView("file", title) { Caption = "too large to keep for download" };
    }

    private static AttachmentView Location(LocationContent location)
    {
        var lat = location.Lat.ToString("0.#####", CultureInfo.InvariantCulture);
        var lon = location.Lon.ToString("0.#####", CultureInfo.InvariantCulture);
        return new AttachmentView("location", $"{lat}, {lon}") { Url = $"https://www.openstreetmap.org/?mlat={lat}&mlon={lon}#map=15/{lat}/{lon}" };
    }

    private static string AudioTitle(AudioContent audio)
    {
        var name = (audio.Title, audio.Performer) switch
        {
            ({ } title, { } performer) => $"{performer}: {title}",
            ({ } title, null) => title,
            (null, { } performer) => performer,
            _ => "audio",
        };
        return $"{name}, {Duration(audio.DurationSeconds)}";
    }

    private static string Duration(uint seconds) => seconds < 3600
        ? $"{seconds / 60}:{seconds % 60:00}"
        : $"{seconds / 3600}:{seconds / 60 % 60:00}:{seconds % 60:00}";

    private static string Size(int bytes) => bytes switch
    {
        < 1024 => $"{bytes} B",
        < 1024 * 1024 => $"{bytes / 1024.0:0.#} KiB",
        _ => $"{bytes / 1048576.0:0.#} MiB",
    };
}
