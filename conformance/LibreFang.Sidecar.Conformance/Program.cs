using LibreFang.Sidecar.Conformance;

// librefang-sidecar-conformance [--json] [--profile echo] [--transcript] [--details] [--no-color] [--env KEY=VALUE]... -- <adapter> [args...]
var json = false;
var transcript = false;
var details = false;
var color = !Console.IsOutputRedirected && Environment.GetEnvironmentVariable("NO_COLOR") is null;
var echo = false;
var environment = new Dictionary<string, string?>();
var command = new List<string>();
var ackWindow = TimeSpan.FromSeconds(5);
for (var i = 0; i < args.Length; i++)
{
    switch (args[i])
    {
        case "--":
            command.AddRange(args[(i + 1)..]);
            i = args.Length;
            break;
        case "--json": json = true; break;
        case "--transcript" or "--verbose": transcript = true; break;
        case "--details": details = true; break;
        case "--no-color": color = false; break;
        case "--profile" when i + 1 < args.Length && args[i + 1] == "echo": echo = true; i++; break;
        case "--ack-window" when i + 1 < args.Length && double.TryParse(args[i + 1], System.Globalization.CultureInfo.InvariantCulture, out var seconds):
            ackWindow = TimeSpan.FromSeconds(seconds);
            i++;
            break;
        case "--env" when i + 1 < args.Length && args[i + 1].Contains('='):
            var pair = args[++i];
            environment[pair[..pair.IndexOf('=')]] = pair[(pair.IndexOf('=') + 1)..];
            break;
        case "-h" or "--help":
            Console.WriteLine("usage: librefang-sidecar-conformance [--json] [--profile echo] [--transcript] [--details] [--no-color] [--ack-window SECONDS] [--env KEY=VALUE]... -- <adapter> [args...]");
            return 0;
        default:
            if (command.Count == 0 && !args[i].StartsWith('-'))
            {
                command.AddRange(args[i..]);
                i = args.Length;
                break;
            }
            Console.Error.WriteLine($"unknown option {args[i]}; see --help");
            return 2;
    }
}
if (command.Count == 0)
{
    Console.Error.WriteLine("no adapter command given; see --help");
    return 2;
}

var report = await ConformanceRunner.RunAsync(new RunnerOptions { Command = command, Environment = environment, EchoProfile = echo, AckWindow = ackWindow });
if (json)
{
    Console.WriteLine(ReportWriter.Json(report));
}
else
{
    if (transcript)
    {
        Console.WriteLine("session transcript:");
        foreach (var entry in report.Transcript)
        {
            Console.WriteLine("  " + entry);
        }
        Console.WriteLine();
    }
    Console.Write(ReportWriter.Table(report, color, details));
}
return report.Passed ? 0 : 1;
