using System.Net;

namespace Shepherd.Web;

/// <summary><c>shepherd web [--port 7878] [--bind 127.0.0.1]</c>. An address other than loopback is taken only when
/// said with --bind (there is no other way to get one), and the server warns about it.</summary>
public sealed record WebOptions(int Port, IPAddress Bind, bool Help)
{
    public const int DefaultPort = 7878;

    public const string Usage = """
        Usage: shepherd web [--port 7878] [--bind 127.0.0.1]
        Serves a live dashboard of your tasks; prints the URL to open (with a fresh token) as its first line.
          --port N        the TCP port (0: any free one)
          --bind ADDRESS  the IP address to listen on (default 127.0.0.1; another one is reachable from other machines)
        """;

    public sealed class BadArgument(string message) : Exception(message);

    public bool IsLoopback => IPAddress.IsLoopback(Bind);

    public static WebOptions Parse(IReadOnlyList<string> args)
    {
        var port = DefaultPort;
        var bind = IPAddress.Loopback;
        var help = false;
        for (var i = 0; i < args.Count; i++)
        {
            var (name, inline) = args[i].Split('=', 2) is [var n, var v] && n.StartsWith("--") ? (n, v) : (args[i], null);
            string Value()
            {
                if (inline is not null) return inline;
                if (i + 1 >= args.Count) throw new BadArgument($"{name} needs a value");
                return args[++i];
            }
            switch (name)
            {
                case "--port" or "-p":
                    var p = Value();
                    if (!int.TryParse(p, out port) || port is < 0 or > 65535) throw new BadArgument($"--port must be a number from 0 to 65535, not '{Shepherd.Tasks.Printable.Escape(p, 40)}'");
                    break;
                case "--bind":
                    var b = Value();
                    if (!IPAddress.TryParse(b, out var address)) throw new BadArgument($"--bind must be an IP address (such as 127.0.0.1 or 0.0.0.0), not '{Shepherd.Tasks.Printable.Escape(b, 60)}'");
                    bind = address;
                    break;
                case "--help" or "-h" or "-?":
                    help = true;
                    break;
                default:
                    throw new BadArgument($"unexpected argument '{Shepherd.Tasks.Printable.Escape(args[i], 60)}' (usage: shepherd web [--port 7878] [--bind 127.0.0.1])");
            }
        }
        return new WebOptions(port, bind, help);
    }
}
