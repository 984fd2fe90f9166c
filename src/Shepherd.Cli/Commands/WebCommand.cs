using System.CommandLine;
using Shepherd.Platform;
using Shepherd.Tasks;

namespace Shepherd.Cli.Commands;

/// <summary><c>shepherd web</c>: a live dashboard in the browser. Like <c>shepherd mcp</c>, the server is its own binary,
/// <c>shepherd-web</c>, installed next to this one (ASP.NET Core would slow down every command's start); this command
/// execs it with the options as given, and it checks them.</summary>
internal static class WebCommand
{
    public const string Server = "shepherd-web";

    public static Command Create()
    {
        var port = new Option<string?>("--port") { Description = "The TCP port (default 7878; 0: any free one)" };
        var bind = new Option<string?>("--bind") { Description = "The address to listen on (default 127.0.0.1; another one is reachable from other machines)" };
        var cmd = new Command("web", "Serve a live dashboard of the tasks on http://127.0.0.1:7878 (prints the URL, with its token, first)") { port, bind };
        cmd.SetAction(p =>
        {
            var command = SideBySide.Command(Server).ToList();
            var program = command[^1]; // the executable, or under the JIT the dll that dotnet runs
            if (!File.Exists(program))
                throw new OperationFailedException($"{Server} is missing: expected {Printable.Escape(program)} next to shepherd (install.sh installs both)");
            if (p.GetValue(port) is { } n) command.Add($"--port={n}");
            if (p.GetValue(bind) is { } b) command.Add($"--bind={b}");
            ProcessImage.Replace(command);
            return 1;
        });
        return cmd;
    }
}
