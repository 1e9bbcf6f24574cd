namespace LibreFang.Sidecar.Package.Tests;

/// <summary>
/// The executable part of docs/getting-started.md: its fenced blocks whose info string is <c>bash tutorial</c>, in
/// document order. GitHub renders them as plain bash; the second word marks them for the test.
/// </summary>
internal static class Tutorial
{
    public static IReadOnlyList<string> Blocks(string markdown)
    {
        var blocks = new List<string>();
        List<string>? current = null;
        foreach (var line in markdown.Replace("\r\n", "\n").Split('\n'))
        {
            var trimmed = line.Trim();
            if (current is null)
            {
                if (trimmed.StartsWith("```", StringComparison.Ordinal) && IsTutorialFence(trimmed[3..]))
                {
                    current = [];
                }
            }
            else if (trimmed == "```")
            {
                blocks.Add(string.Join('\n', current));
                current = null;
            }
            else
            {
                current.Add(line);
            }
        }
        if (current is not null)
        {
            throw new InvalidOperationException("a bash tutorial block is not closed");
        }
        return blocks;
    }

    private static bool IsTutorialFence(string info)
    {
        var words = info.Split(' ', StringSplitOptions.RemoveEmptyEntries);
        return words is ["bash", ..] && words.Contains("tutorial");
    }
}
