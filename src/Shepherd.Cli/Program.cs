using System.CommandLine;
using Microsoft.Data.Sqlite;
using Shepherd.Cli;
using Shepherd.Cli.Commands;
using Shepherd.Tasks;
using Shepherd.Tmux;

// Run by an agent (an orchestrating one), we are a tool of its attempt; nothing we start is.
Shepherd.Runner.TaskEnvironment.ForgetAttempt();
// Everything after the first "--" of `start` belongs to the agent, untouched by the parser.
var (ours, extra) = SplitExtraArgs(args);
using var ctx = new CliContext();
var root = new RootCommand("Shepherd runs coding agents in tmux and resumes them by session id until they finish. " +
                            "`shepherd help <command>` shows a command's options.");
foreach (var command in new[]
         {
             StartCommand.Create(ctx, extra), ListCommand.Create(ctx), StatusCommand.Create(ctx), LogsCommand.Create(ctx),
             AttachCommand.Create(ctx), WaitCommand.Create(ctx), ResumeCommand.Create(ctx), StopCommand.Create(ctx),
             RmCommand.Create(ctx), RecoverCommand.Create(ctx), DaemonCommand.Create(ctx), DoctorCommand.Create(ctx),
             DemoCommand.Create(ctx), McpCommand.Create(), CompletionCommand.Create(() => root), CompletionCommand.Names(ctx), RunCommand.Create(ctx),
         })
    root.Subcommands.Add(command);

// One overview, whichever way it is asked for.
if (ours is [] or ["help"] or ["--help"] or ["-h"] or ["-?"])
{
    Console.Out.Write(Usage.Short(root));
    return 0;
}
if (ours is ["--version"] or ["-v"])
{
    Console.WriteLine(Usage.Version());
    return 0;
}
if (ours[0] == "help") ours = [.. ours[1..], "--help"];
if (!ours[0].StartsWith('-') && root.Subcommands.All(c => c.Name != ours[0]))
{
    Console.Error.WriteLine($"shepherd: {Usage.UnknownCommand(root, ours[0])}");
    return 2;
}
var parsed = root.Parse(ours);
if (parsed.Errors.Count > 0)
{
    Console.Error.WriteLine($"shepherd: {Printable.Escape(Usage.Describe(parsed), 400)}");
    return 2;
}
try
{
    // No ProcessTerminationTimeout: the runner and the daemon handle SIGTERM themselves (the runner passes it to
    // the agent's group and records the attempt); System.CommandLine would end the process after 2 s.
    return await parsed.InvokeAsync(new InvocationConfiguration { EnableDefaultExceptionHandler = false, ProcessTerminationTimeout = null });
}
catch (Exception e)
{
    var (code, message) = e switch
    {
        UsageException => (2, e.Message),
        OperationFailedException or TmuxException => (1, e.Message),
        SqliteException s => (1, $"database error: {s.Message}"),
        IOException or UnauthorizedAccessException => (1, e.Message),
        _ => (1, $"internal error: {e.GetType().Name}: {e.Message}"),
    };
    Console.Error.WriteLine($"shepherd: {Printable.Escape(message.ReplaceLineEndings(" "), 400)}");
    return code;
}

static (string[] Ours, string[] Extra) SplitExtraArgs(string[] args)
{
    if (args.Length == 0 || args[0] != "start") return (args, []);
    var i = Array.IndexOf(args, "--");
    return i < 0 ? (args, []) : (args[..i], args[(i + 1)..]);
}
