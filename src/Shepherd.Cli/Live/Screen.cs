using Spectre.Console;

namespace Shepherd.Cli.Live;

/// <summary>Where people-facing output goes: a Spectre console that colours only when stdout is a terminal and
/// NO_COLOR is unset, and is as wide as the terminal (or COLUMNS; unbounded when piped, so scripts see whole lines).</summary>
internal static class Screen
{
    public static bool IsTerminal => !Console.IsOutputRedirected;

    public static bool Colour => IsTerminal && string.IsNullOrEmpty(Environment.GetEnvironmentVariable("NO_COLOR"));

    public static int Width
    {
        get
        {
            if (IsTerminal)
            {
                try { if (Console.WindowWidth > 0) return Console.WindowWidth; }
                catch (IOException) { }
            }
            return int.TryParse(Environment.GetEnvironmentVariable("COLUMNS"), out var c) && c > 0 ? c : 4096;
        }
    }

    public static IAnsiConsole Create(TextWriter output)
    {
        var console = AnsiConsole.Create(new AnsiConsoleSettings
        {
            Ansi = Colour ? AnsiSupport.Yes : AnsiSupport.No,
            ColorSystem = Colour ? ColorSystemSupport.Detect : ColorSystemSupport.NoColors,
            Interactive = IsTerminal ? InteractionSupport.Yes : InteractionSupport.No,
            Out = new AnsiConsoleOutput(output),
        });
        console.Profile.Width = Width;
        return console;
    }

    public static Style StateStyle(string state) => state switch
    {
        "succeeded" => new Style(Color.Green),
        "failed" => new Style(Color.Red),
        "stopped" => new Style(Color.Grey),
        "backoff" => new Style(Color.Yellow),
        "starting" => new Style(Color.Aqua),
        "running" => new Style(Color.Blue),
        _ => Style.Plain,
    };
}
