using System.Collections.ObjectModel;
using System.Text;
using System.Text.Json;
using OpenQA.Selenium;
using Xunit.Abstractions;

namespace LibreFang.Sidecar.WebChat.Tests.EndToEnd;

/// <summary>
/// A person in a real (headless) Chromium talks to the agent through the published binary, which runs under a
/// supervisor loop over stdio; the test plays the agent with the commands the daemon sends to an adapter that
/// declares every capability, and checks what the page shows and what reaches the daemon.
/// </summary>
[System.Runtime.Versioning.SupportedOSPlatform("linux")]
public sealed class BrowserTests(ITestOutputHelper output)
{
    private const string Hostile = "<script>window.__pwned=1</script><img src=x onerror=\"window.__pwned=2\">";
    private const string HostileFromUser = "<img src=x onerror=\"window.__pwned=3\"><b>bold?</b>";

    [Fact]
    public async Task A_user_chats_with_the_agent_through_every_capability_in_a_real_browser()
    {
        await using var chat = await WebChatSupervisor.StartAsync(WebChatSupervisor.Settings(("WEBCHAT_TITLE", "LibreFang demo"), ("WEBCHAT_AGENT_NAME", "Fang")));
        var capabilities = chat.Ready.GetProperty("params").GetProperty("capabilities").EnumerateArray().Select(c => c.GetString()).ToHashSet();
        Assert.Equal(["interactive", "reaction", "streaming", "thread", "typing", "typing_events"], capabilities.Order(StringComparer.Ordinal));
        using var browser = new Browser();
        var page = browser.Driver;

        // Signing in: the token comes in the link's fragment (never sent to a server); the page asks for a name.
        page.Navigate().GoToUrl(new Uri(chat.BaseAddress, "/#token=" + WebChatSupervisor.Token));
        await Browser.UntilAsync(() => page.FindElement(By.Id("login")).Displayed, "the sign-in form");
        Assert.DoesNotContain(WebChatSupervisor.Token, page.Url, StringComparison.Ordinal);
        page.FindElement(By.Id("name")).SendKeys("Alice");
        browser.Screenshot("sign-in.png");
        page.FindElement(By.CssSelector("#login-form button[type=submit]")).Click();
        await Browser.UntilAsync(() => Connection(page) == "connected", "a connected event stream");
        Assert.Equal("LibreFang demo", page.FindElement(By.Id("title")).Text);

        // The user types (a typing event reaches the daemon), then sends.
        var input = page.FindElement(By.Id("input"));
        input.SendKeys("Hello, agent!");
        var typing = await chat.NextAsync("typing");
        Assert.True(typing.GetProperty("is_typing").GetBoolean());
        Assert.Equal("Alice", typing.GetProperty("user_name").GetString());
        input.SendKeys(Keys.Enter);
        var hello = await chat.NextAsync("message");
        Assert.Equal("Hello, agent!", hello.GetProperty("text").GetString());
        Assert.Equal("Alice", hello.GetProperty("user_name").GetString());
        Assert.Equal("webchat", hello.GetProperty("platform").GetString());
        Assert.Equal(typing.GetProperty("user_id").GetString(), hello.GetProperty("user_id").GetString());
        var channel = hello.GetProperty("channel_id").GetString()!;
        var helloId = hello.GetProperty("message_id").GetString()!;
        Assert.Matches("^c[0-9a-f]{32}$", channel);
        Assert.StartsWith("web-", helloId, StringComparison.Ordinal);
        await Browser.UntilAsync(() => TextOf(page, helloId) == "Hello, agent!", "the user's message");

        // The agent's phases on the user's message, and the typing indicator.
        await chat.WriteAsync(new ReactionCommand(channel, helloId, "⏳", AgentPhases.Queued));
        await Browser.UntilAsync(() => Phase(page, helloId) == "queued", "the queued phase");
        await chat.WriteAsync(new TypingCommand(channel));
        await Browser.UntilAsync(() => page.FindElement(By.Id("typing")).Displayed, "the typing indicator");
        Assert.Equal("Fang is typing…", page.FindElement(By.Id("typing")).Text);
        await chat.WriteAsync(new ReactionCommand(channel, helloId, "🤔", AgentPhases.Thinking));
        await Browser.UntilAsync(() => Phase(page, helloId) == "thinking", "the thinking phase");
        await chat.WriteAsync(new ReactionCommand(channel, helloId, "⚙️", AgentPhases.ToolUse, "web_fetch"));
        await Browser.UntilAsync(() => Phase(page, helloId) == "tool_use", "the tool_use phase");
        Assert.Contains("web_fetch", StatusText(page, helloId), StringComparison.Ordinal);
        browser.Screenshot("phases.png");

        // A streamed answer: the text shows while it arrives, and stream_end finalises it.
        await chat.WriteAsync(new StreamStartCommand(channel, "stream-1"));
        await chat.WriteAsync(new ReactionCommand(channel, helloId, "✍️", AgentPhases.Streaming));
        await chat.WriteAsync(new StreamDeltaCommand("stream-1", "Hello Alice! "));
        await chat.WriteAsync(new StreamDeltaCommand("stream-1", "Here is what I found"));
        var answer = "";
        await Browser.UntilAsync(() => (answer = StreamingMessageId(page) ?? "") != "" && TextOf(page, answer) == "Hello Alice! Here is what I found", "streamed text before stream_end");
        Assert.False(page.FindElement(By.Id("typing")).Displayed);
        browser.Screenshot("streaming.png");
        await chat.WriteAsync(new StreamDeltaCommand("stream-1", ": LibreFang speaks to this page over stdio."));
        await chat.WriteAsync(new StreamEndCommand("stream-1"));
        await Browser.UntilAsync(() => !Classes(page, answer).Contains("streaming") && TextOf(page, answer) == "Hello Alice! Here is what I found: LibreFang speaks to this page over stdio.", "the finalised stream");
        await chat.WriteAsync(new ReactionCommand(channel, helloId, "✅", AgentPhases.Done));
        await Browser.UntilAsync(() => Phase(page, helloId) == "done", "the done phase");

        // Buttons: a click comes back as a ButtonCallback message; a URL button is a plain link.
        await chat.WriteAsync(new InteractiveCommand(channel, new InteractiveMessage("Was this helpful?",
            [[Content.Button("Yes", "helpful:yes", "primary"), Content.Button("No", "helpful:no", "danger")], [Content.Button("Docs", "docs", url: "https://docs.example.org/webchat")]])));
        await Browser.UntilAsync(() => page.FindElements(By.CssSelector("button[data-action='helpful:yes']")).Count == 1, "the buttons");
        var poll = MessageIdContaining(page, "Was this helpful?");
        Assert.Equal("https://docs.example.org/webchat", page.FindElement(By.CssSelector($"[data-id='{poll}'] .buttons a")).GetAttribute("href"));
        page.FindElement(By.CssSelector("button[data-action='helpful:yes']")).Click();
        var callback = await chat.NextAsync("message");
        Assert.Equal("helpful:yes", callback.GetProperty("content").GetProperty("ButtonCallback").GetProperty("action").GetString());
        Assert.Equal("Was this helpful?", callback.GetProperty("content").GetProperty("ButtonCallback").GetProperty("message_text").GetString());
        Assert.Equal(channel, callback.GetProperty("channel_id").GetString());

        // A thread: the user replies under the streamed answer, and the agent's reply is grouped there too.
        page.FindElement(By.CssSelector($"[data-id='{answer}'] > .bubble .reply")).Click();
        Assert.True(page.FindElement(By.Id("thread-banner")).Displayed);
        page.FindElement(By.Id("input")).SendKeys("Tell me more" + Keys.Enter);
        var threaded = await chat.NextAsync("message");
        Assert.Equal("Tell me more", threaded.GetProperty("text").GetString());
        Assert.Equal(answer, threaded.GetProperty("thread_id").GetString());
        await chat.WriteAsync(WebChatSupervisor.Send(channel, "More, in the thread.", threadId: answer));
        await Browser.UntilAsync(() => page.FindElements(By.CssSelector($"[data-id='{answer}'] > .thread > .msg")).Count == 2, "two replies in the thread");
        Assert.Equal(["Tell me more", "More, in the thread."], page.FindElements(By.CssSelector($"[data-id='{answer}'] > .thread > .msg > .bubble > .text")).Select(e => e.Text));
        browser.Screenshot("conversation.png");

        // The content a browser can show: links for media and files, a location, a command, bytes to download.
        await chat.WriteAsync(WebChatSupervisor.Send(channel, Content.Image("https://img.example.org/cat.png", "A cat", "image/png")));
        await chat.WriteAsync(WebChatSupervisor.Send(channel, Content.File("https://files.example.org/report.pdf", "report.pdf")));
        await chat.WriteAsync(WebChatSupervisor.Send(channel, Content.Location(51.5074, -0.1278)));
        await chat.WriteAsync(WebChatSupervisor.Send(channel, Content.Command("weather", "london")));
        await chat.WriteAsync(WebChatSupervisor.Send(channel, Content.FileData(Encoding.UTF8.GetBytes("meeting notes"), "notes.txt", "text/plain")));
        await chat.WriteAsync(WebChatSupervisor.Send(channel, Content.Image("javascript:window.__pwned=4", "not a link")));
        await Browser.UntilAsync(() => page.FindElements(By.CssSelector(".attachment")).Count == 7, "six attachments and the button click");
        Assert.Equal("https://img.example.org/cat.png", page.FindElement(By.CssSelector(".attachment[data-kind=image] a")).GetAttribute("href"));
        Assert.Equal("https://files.example.org/report.pdf", page.FindElement(By.CssSelector(".attachment[data-kind=file] a")).GetAttribute("href"));
        Assert.Contains("51.5074, -0.1278", page.FindElement(By.CssSelector(".attachment[data-kind=location]")).Text, StringComparison.Ordinal);
        Assert.StartsWith("https://www.openstreetmap.org/", page.FindElement(By.CssSelector(".attachment[data-kind=location] a")).GetAttribute("href"), StringComparison.Ordinal);
        Assert.Contains("/weather london", page.FindElement(By.CssSelector(".attachment[data-kind=command]")).Text, StringComparison.Ordinal);
        Assert.Contains("notes.txt", page.FindElement(By.CssSelector(".attachment button.download")).Text, StringComparison.Ordinal);
        Assert.Single(page.FindElements(By.CssSelector(".attachment[data-kind=image] a")));
        page.FindElement(By.CssSelector(".attachment button.download")).Click();
        await Browser.UntilAsync(() => File.Exists(Path.Combine(browser.Downloads, "notes.txt")), "the downloaded file");
        await Browser.UntilAsync(() => File.ReadAllText(Path.Combine(browser.Downloads, "notes.txt")) == "meeting notes", "the file's content");

        // Edit and delete of earlier messages.
        await chat.WriteAsync(WebChatSupervisor.Send(channel, Content.EditInteractive(poll, "Thanks for the feedback!", [])));
        await Browser.UntilAsync(() => TextOf(page, poll) == "Thanks for the feedback!", "the edited message");
        Assert.Contains("edited", page.FindElement(By.CssSelector($"[data-id='{poll}'] .meta")).Text, StringComparison.Ordinal);
        Assert.Empty(page.FindElements(By.CssSelector($"[data-id='{poll}'] .buttons button")));
        var fileMessage = MessageIdContaining(page, "report.pdf");
        await chat.WriteAsync(WebChatSupervisor.Send(channel, Content.DeleteMessage(fileMessage)));
        await Browser.UntilAsync(() => Classes(page, fileMessage).Contains("deleted"), "the deleted message");
        Assert.Equal("message deleted", TextOf(page, fileMessage));

        // Markup from the agent and from the user is shown as text and never runs.
        await chat.WriteAsync(WebChatSupervisor.Send(channel, Hostile));
        page.FindElement(By.Id("input")).SendKeys(HostileFromUser + Keys.Enter);
        Assert.Equal(HostileFromUser, (await chat.NextAsync("message")).GetProperty("text").GetString());
        await Browser.UntilAsync(() => Texts(page).Contains(Hostile) && Texts(page).Contains(HostileFromUser), "both hostile texts, literally");
        await Task.Delay(300);
        Assert.Equal(true, browser.Script("return window.__pwned === undefined"));
        Assert.Empty(page.FindElements(By.CssSelector("#log img, #log script, #log b")));
        page.FindElement(By.Id("input")).Click();
        browser.Screenshot("content.png");

        // A dropped connection resumes after the last event seen: nothing is lost, nothing is drawn twice, and the
        // page is not rebuilt (a mark on an existing element survives).
        browser.Script("document.querySelector('#log .msg').dataset.mark = 'kept'; window.webchat.dropConnection();");
        await chat.WriteAsync(WebChatSupervisor.Send(channel, "Sent while the page was reconnecting"));
        await Browser.UntilAsync(() => Texts(page).Contains("Sent while the page was reconnecting"), "the message sent during the drop", 15);
        await Browser.UntilAsync(() => Connection(page) == "connected", "a reconnected stream");
        Assert.Single(Texts(page), t => t == "Sent while the page was reconnecting");
        Assert.Equal("kept", browser.Script("return document.querySelector('#log .msg').dataset.mark"));

        // A reload shows the same conversation: same messages, same order, same threads.
        var before = Layout(browser);
        page.Navigate().Refresh();
        await Browser.UntilAsync(() => Connection(page) == "connected" && Layout(browser).Count == before.Count, "the conversation after a reload");
        Assert.Equal(before, Layout(browser));
        Assert.Null(browser.Script("return document.querySelector('#log .msg').dataset.mark || null"));

        // A new conversation is a new channel; the old one stays with the agent.
        page.FindElement(By.Id("new-conversation")).Click();
        await Browser.UntilAsync(() => Connection(page) == "connected" && Texts(page).Count == 0, "an empty new conversation");
        page.FindElement(By.Id("input")).SendKeys("A fresh start" + Keys.Enter);
        var fresh = await chat.NextAsync("message");
        Assert.Equal("A fresh start", fresh.GetProperty("text").GetString());
        Assert.NotEqual(channel, fresh.GetProperty("channel_id").GetString());
        Assert.Equal(hello.GetProperty("user_id").GetString(), fresh.GetProperty("user_id").GetString());

        var (peak, current) = chat.Memory();
        output.WriteLine($"adapter resident memory with one open page: peak {peak} KiB, now {current} KiB");

        // The daemon going away ends the stream cleanly and the page says so.
        await chat.ShutdownAsync();
        await Browser.UntilAsync(() => Connection(page) == "gone", "the 'agent went away' state");
        Assert.Equal(0, await chat.WaitForExitAsync());
        Assert.Empty(chat.Rejected);
    }

    [Fact]
    public async Task Another_sites_page_cannot_post_into_a_conversation_even_with_the_token()
    {
        await using var chat = await WebChatSupervisor.StartAsync();
        using var browser = new Browser();
        var page = browser.Driver;
        var api = new Uri(chat.BaseAddress, "/api/messages").AbsoluteUri;
        var body = JsonSerializer.Serialize(new { conversation = "conv-attacked-01", userId = "user-attacker", userName = "Mallory", text = "forged" });
        // A page of another origin (another port on the same machine), open in the same browser as the user.
        using var elsewhere = new System.Net.HttpListener();
        var port = FreePort();
        elsewhere.Prefixes.Add($"http://127.0.0.1:{port}/");
        elsewhere.Start();
        var serving = Task.Run(async () =>
        {
            var context = await elsewhere.GetContextAsync();
            var html = Encoding.UTF8.GetBytes("<!doctype html><title>elsewhere</title><p>another site</p>");
            context.Response.ContentType = "text/html";
            await context.Response.OutputStream.WriteAsync(html);
            context.Response.Close();
        });
        page.Navigate().GoToUrl($"http://127.0.0.1:{port}/");
        await serving.WaitAsync(TimeSpan.FromSeconds(10));

        // A "simple" request (no preflight): what a CSRF attempt without the token looks like.
        var simple = (string)page.ExecuteAsyncScript("""
            const done = arguments[arguments.length - 1];
            fetch(arguments[0], { method: 'POST', mode: 'no-cors', headers: { 'Content-Type': 'text/plain' }, body: arguments[1] })
              .then(() => done('sent'), e => done('failed: ' + e));
            """, api, body)!;
        // With a leaked token: the header needs a CORS preflight, which the adapter refuses.
        var withToken = (string)page.ExecuteAsyncScript("""
            const done = arguments[arguments.length - 1];
            fetch(arguments[0], { method: 'POST', headers: { 'Content-Type': 'application/json', Authorization: 'Bearer ' + arguments[2] }, body: arguments[1] })
              .then(r => done('answered ' + r.status), e => done('failed: ' + e));
            """, api, body, WebChatSupervisor.Token)!;
        // A form post, the oldest trick: a text/plain body shaped like JSON.
        browser.Script("""
            const form = document.createElement('form');
            form.method = 'POST'; form.action = arguments[0]; form.enctype = 'text/plain';
            const field = document.createElement('input');
            field.name = arguments[1].slice(0, -1) + ',"x":"'; field.value = '"}';
            form.append(field); document.body.append(form); form.submit();
            """, api, body);
        await Browser.UntilAsync(() => page.PageSource.Contains("cross-site requests are refused", StringComparison.Ordinal), "the adapter's refusal of the form post");

        Assert.Equal("sent", simple);
        Assert.StartsWith("failed: TypeError", withToken, StringComparison.Ordinal);
        var events = await chat.EventsWithinAsync(TimeSpan.FromSeconds(1));
        Assert.True(events.Count == 0, "a cross-site request reached the daemon: " + string.Join("\n", events));
        Assert.Empty(chat.Rejected);
    }

    private static int FreePort()
    {
        using var probe = new System.Net.Sockets.TcpListener(System.Net.IPAddress.Loopback, 0);
        probe.Start();
        return ((System.Net.IPEndPoint)probe.LocalEndpoint).Port;
    }

    private static string Connection(IWebDriver page) => page.FindElement(By.Id("connection")).GetAttribute("data-state") ?? "";

    private static string TextOf(IWebDriver page, string id) =>
        page.FindElements(By.CssSelector($"[data-id='{id}'] > .bubble > .text")).SingleOrDefault()?.GetAttribute("textContent") ?? "";

    private static string Classes(IWebDriver page, string id) => page.FindElement(By.CssSelector($"[data-id='{id}']")).GetAttribute("class") ?? "";

    private static string? Phase(IWebDriver page, string id) =>
        page.FindElements(By.CssSelector($"[data-id='{id}'] > .bubble .status")).SingleOrDefault()?.GetAttribute("data-phase");

    private static string StatusText(IWebDriver page, string id) => page.FindElement(By.CssSelector($"[data-id='{id}'] > .bubble .status")).Text;

    private static string? StreamingMessageId(IWebDriver page) =>
        page.FindElements(By.CssSelector(".msg.agent.streaming")).SingleOrDefault()?.GetAttribute("data-id");

    private static string MessageIdContaining(IWebDriver page, string text) =>
        page.FindElements(By.CssSelector("#log .msg")).First(m => m.FindElement(By.CssSelector(":scope > .bubble")).GetAttribute("textContent")!.Contains(text, StringComparison.Ordinal)).GetAttribute("data-id")!;

    private static List<string> Texts(IWebDriver page) =>
        page.FindElements(By.CssSelector("#log .msg > .bubble > .text")).Select(e => e.GetAttribute("textContent") ?? "").ToList();

    /// <summary>Every message as "id | parent message id | text", in page order.</summary>
    private static List<string> Layout(Browser browser) =>
        ((ReadOnlyCollection<object>)browser.Script("""
            return Array.from(document.querySelectorAll('#log .msg')).map(m => {
              const parent = m.parentElement.closest('.msg');
              return m.dataset.id + ' | ' + (parent ? parent.dataset.id : '-') + ' | ' + m.querySelector(':scope > .bubble > .text').textContent;
            });
            """)!).Cast<string>().ToList();
}
